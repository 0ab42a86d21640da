"""Compiles what every project needs while the user answers the prompts.

syn and PyO3's macros are most of a first build (about ten seconds on two cores) and depend on
no answer and, since PyO3 0.29, on no interpreter. `pre_prompt.py` starts this file as a worker
at the lowest CPU priority; it renders Cargo.toml with the default answers and builds those
crates into a scratch directory. The post-generation hook stops it and moves what it finished
into the new project's target directory, where cargo finds it fresh; whatever depends on the
interpreter (pyo3-build-config, pyo3-ffi, pyo3) is left to the first build.

The scratch directory lives under the platform's cache directory and holds only the running
generates' work: the worker deletes its own when cookiecutter stops (Ctrl-C at a prompt, a bad
answer) and the post-generation hook when the project took it. POSIX only: it needs `os.nice`
and signals; elsewhere nothing starts.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

# Set to a directory to move the scratch space, or to "off" to compile nothing during prompts.
SETTING = "COOKIECUTTER_PYO3_CACHE"
INTERPRETER_BOUND = "pyo3-build-config"  # and every crate that depends on it


def scratch_root() -> Path | None:
    """Where the workers build: the platform's cache directory, or None when turned off."""
    chosen = os.environ.get(SETTING)
    if chosen == "off" or os.name != "posix" or shutil.which("cargo") is None:
        return None
    if chosen:
        return Path(chosen)
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "cookiecutter-pyo3"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cookiecutter-pyo3"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process took the number: ours is gone
        return False
    return True


def run_dir(root: Path, generate: int) -> Path:
    """The scratch directory of one generate, named after cookiecutter's process."""
    return root / f"run-{generate}"


# In the pre-prompt hook ------------------------------------------------------------------------


def start(template: Path) -> None:
    """Starts the worker for the cookiecutter process that runs this hook, in the background."""
    root = scratch_root()
    if root is None:
        return
    root.mkdir(parents=True, exist_ok=True)
    for stale in root.glob("run-*"):  # left by a generate killed outright (SIGKILL)
        if not alive(int(stale.name.removeprefix("run-"))):
            shutil.rmtree(stale, ignore_errors=True)
    generate = os.getppid()
    run = run_dir(root, generate)
    stop(run)  # an earlier generate in the same process (the Python API) left its own
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir()
    with (run / "worker.log").open("wb") as log:
        subprocess.Popen(
            [sys.executable, __file__, str(generate), str(template)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C at a prompt is cookiecutter's; the worker sees it go
        )  # fmt: skip
    print(f"Compiling PyO3's macros in the background while you answer (in {run}).", flush=True)


# The worker ------------------------------------------------------------------------------------


class Stopped(Exception):
    """The post-generation hook asked for the work so far."""


def default_manifest(template: Path) -> str:
    """Cargo.toml as the default answers render it."""
    sys.path.insert(0, str(template))  # the template's Jinja extensions
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


def work(generate: int, template: Path) -> int:
    """Builds the independent crates into run/target until done, stopped, or cookiecutter ends."""
    run = run_dir(scratch_root() or Path(), generate)
    (run / "pid").write_text(str(os.getpid()), encoding="utf-8")
    os.nice(19)

    def stop(_signum: int, _frame: object) -> None:
        raise Stopped

    signal.signal(signal.SIGTERM, stop)
    crate = run / "crate"
    env = {**os.environ, "CARGO_TARGET_DIR": str(run / "target")}
    env.pop("PYO3_PYTHON", None)
    process: subprocess.Popen[bytes] | None = None

    def watched(*command: str) -> str:
        """Runs cargo until it ends; stops it and deletes the run when cookiecutter is gone."""
        nonlocal process
        output = run / "cargo.out"  # a file, not a pipe that fills up while nobody reads it
        with output.open("wb") as stdout:
            # A group of its own, so that stopping cargo stops the rustc processes it started.
            process = subprocess.Popen(
                command, cwd=crate, env=env, stdout=stdout, start_new_session=True
            )
        while process.poll() is None:
            if not alive(generate):
                end(process)
                shutil.rmtree(run, ignore_errors=True)
                raise SystemExit(1)
            time.sleep(0.1)
        if process.returncode != 0:
            raise SystemExit(1)
        return output.read_text(encoding="utf-8")

    try:
        (crate / "src").mkdir(parents=True)
        (crate / "Cargo.toml").write_text(default_manifest(template), encoding="utf-8")
        (crate / "src" / "lib.rs").write_text("", encoding="utf-8")
        (crate / "build.rs").write_text("fn main() {}\n", encoding="utf-8")
        host = next(
            line.split()[1]
            for line in watched("rustc", "-vV").splitlines()
            if line.startswith("host:")
        )
        metadata = watched("cargo", "metadata", "--format-version=1", f"--filter-platform={host}")
        metadata = json.loads(metadata)
        watched("cargo", "build", "--profile=editable", *independent_crates(metadata))
        print("built", flush=True)
        while alive(generate):  # until the post-generation hook takes run/target
            time.sleep(0.2)
        shutil.rmtree(run, ignore_errors=True)  # cookiecutter ended without a post-generation
    except Stopped:
        if process is not None:
            end(process)  # cargo keeps every crate it finished
    finally:
        (run / "pid").unlink(missing_ok=True)
    return 0


# In the post-generation hook -------------------------------------------------------------------


def stop(run: Path) -> None:
    """Stops the worker of `run`, if one runs, and waits until it and its cargo are gone."""
    try:
        os.kill(int((run / "pid").read_text(encoding="utf-8")), signal.SIGTERM)
        deadline = time.monotonic() + 10
        while (run / "pid").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    except (OSError, ValueError):  # finished already, or never started
        pass


def adopt(project: Path, *, take: bool) -> set[str]:
    """Stops this generate's worker and, with `take`, moves its crates into project/target.

    Only into a target directory that does not exist yet: a CARGO_TARGET_DIR of the user's is
    theirs. Returns the names of the crates it moved.
    """
    root = scratch_root()
    if root is None or not (run := run_dir(root, os.getppid())).is_dir():
        return set()
    stop(run)
    built, target = run / "target", project / "target"
    moved = set()
    if take and built.is_dir() and not os.environ.get("CARGO_TARGET_DIR") and not target.exists():
        moved = {unit.name.rsplit("-", 1)[0] for unit in built.glob("*/.fingerprint/*")}
        shutil.move(built, target)
    shutil.rmtree(run, ignore_errors=True)
    return moved


if __name__ == "__main__":
    sys.exit(work(int(sys.argv[1]), Path(sys.argv[2])))
