"""The background compile of one generate: `python -m hooks.worker <pid> <template> [<run>]`.

Started by the pre-prompt hook (`speculation.start`) in its own session at nice 19, with the
template copy as its working directory. With a scratch directory `run`, it renders Cargo.toml
with the default answers and builds the topmost crates that need no interpreter into
`run/target` until done, or until SIGTERM (the post-generation hook wants the crates). Then,
with or without a compile, it watches cookiecutter (`pid`): when cookiecutter has ended, it
removes what this run left that cookiecutter did not, the scratch directory and the template
copy, and exits.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from hooks.speculation import alive

INTERPRETER_BOUND = "pyo3-build-config"  # and every crate that depends on it


class Stopped(Exception):
    """The post-generation hook asked for the work so far."""


def default_manifest(template: Path) -> str:
    """Cargo.toml as the default answers render it, through cookiecutter's own environment."""
    from cookiecutter.environment import StrictEnvironment
    from cookiecutter.generate import generate_context
    from cookiecutter.prompt import prompt_for_config
    from jinja2 import FileSystemLoader

    context = generate_context(context_file=str(template / "cookiecutter.json"))
    context["cookiecutter"] = prompt_for_config(context, no_input=True)
    # A named template, as cookiecutter renders files: the extension leaves nameless strings be.
    files = FileSystemLoader(str(template / "{{cookiecutter.project_slug}}"))
    environment = StrictEnvironment(context=context, keep_trailing_newline=True, loader=files)
    return environment.get_template("Cargo.toml").render(cookiecutter=context["cookiecutter"])


def independent_crates(metadata: dict) -> list[str]:
    """`-p` for the crates that need no interpreter, the topmost of each chain.

    cargo takes no `--features` for crates outside the workspace, so a topmost crate whose
    features the project widens (pyo3-macros) is compiled again, and what is below it is not.
    Crates reached only as build dependencies cannot be named with `-p`; they are small.
    """
    nodes = {node["id"]: node for node in metadata["resolve"]["nodes"]}
    names = {package["id"]: package["name"] for package in metadata["packages"]}

    def normal(node_id: str) -> list[str]:
        deps = nodes[node_id]["deps"]
        return [dep["pkg"] for dep in deps if any(k["kind"] is None for k in dep["dep_kinds"])]

    bound = {node_id for node_id, name in names.items() if name == INTERPRETER_BOUND}
    while grown := {
        node_id
        for node_id, node in nodes.items()
        if node_id not in bound and any(dep["pkg"] in bound for dep in node["deps"])
    }:
        bound |= grown
    reached, queue = set(), normal(metadata["resolve"]["root"])
    while queue:
        if (node_id := queue.pop()) not in reached:
            reached.add(node_id)
            queue.extend(normal(node_id))
    free = reached - bound
    below = {dep for node_id in free for dep in normal(node_id)}
    args = []
    for node_id in sorted(free - below, key=names.__getitem__):
        args += ["-p", names[node_id]]
    return args


def end(process: subprocess.Popen[bytes]) -> None:
    """Stops cargo and every rustc it started, and waits until they are gone."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            os.killpg(process.pid, 0)  # raises once the group is empty
            time.sleep(0.05)
    except ProcessLookupError:
        pass


class Compile:
    """cargo in `run/crate`, one command at a time, each in a process group of its own."""

    def __init__(self, run: Path, cookiecutter: int) -> None:
        self.run, self.cookiecutter = run, cookiecutter
        self.env = {**os.environ, "CARGO_TARGET_DIR": str(run / "target")}
        self.env.pop("PYO3_PYTHON", None)
        self.process: subprocess.Popen[bytes] | None = None

    def cargo(self, *command: str) -> str:
        """Runs a command until it ends, or cookiecutter does; returns its output."""
        output = self.run / "cargo.out"  # a file, not a pipe that fills up while nobody reads it
        with output.open("wb") as stdout:
            self.process = subprocess.Popen(
                command, cwd=self.run / "crate", env=self.env, stdout=stdout,
                start_new_session=True,  # stopping cargo stops the rustc processes it started
            )  # fmt: skip
        while self.process.poll() is None:
            if not alive(self.cookiecutter):
                raise Stopped
            time.sleep(0.1)
        if self.process.returncode != 0:
            raise Stopped
        return output.read_text(encoding="utf-8")

    def build(self, template: Path) -> None:
        """The crates of the default Cargo.toml that need no interpreter, into run/target."""
        crate = self.run / "crate"
        (crate / "src").mkdir(parents=True)
        (crate / "Cargo.toml").write_text(default_manifest(template), encoding="utf-8")
        (crate / "src" / "lib.rs").write_text("", encoding="utf-8")
        (crate / "build.rs").write_text("fn main() {}\n", encoding="utf-8")
        host = next(
            line.split()[1] for line in self.cargo("rustc", "-vV").splitlines() if "host:" in line
        )
        metadata = json.loads(
            self.cargo("cargo", "metadata", "--format-version=1", f"--filter-platform={host}")
        )
        self.cargo("cargo", "build", "--profile=editable", *independent_crates(metadata))
        print("built", flush=True)


def main(cookiecutter: int, template: Path, run: Path | None) -> int:
    os.nice(19)

    def stopped(_signum: int, _frame: object) -> None:
        raise Stopped

    signal.signal(signal.SIGTERM, stopped)
    if run is not None:
        compile_ = Compile(run, cookiecutter)
        (run / "compiling").touch()
        try:
            compile_.build(template)
        except Stopped:
            if compile_.process is not None:
                end(compile_.process)  # cargo keeps every crate it finished
        except Exception as error:  # noqa: BLE001 (a failed head start only costs time)
            print(f"no head start: {error!r}", flush=True)
        finally:
            (run / "compiling").unlink(missing_ok=True)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the crates are handed over; keep watching
    while alive(cookiecutter):
        time.sleep(0.2)
    # On success cookiecutter removed the copy itself, and the post-generation hook the run.
    if run is not None:
        shutil.rmtree(run, ignore_errors=True)
    shutil.rmtree(template, ignore_errors=True)
    with contextlib.suppress(OSError):  # cookiecutter's mkdtemp, which it leaves behind empty
        template.parent.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]) if sys.argv[3] else None))
