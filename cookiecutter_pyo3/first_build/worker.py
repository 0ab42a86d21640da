"""The background compile of one generate, a program of its own:

    python -m cookiecutter_pyo3.first_build.worker <pid> <template> [<run>]

Started by the pre-prompt hook (`head_start.start`) in its own session, with the template
copy as its working directory, on CPU time nothing else wants (nice 19; SCHED_IDLE on Linux).
With a scratch directory `run`, it renders Cargo.toml with the default answers and builds every
crate that needs no interpreter into `run/target` until done, or until SIGTERM (the
post-generation hook wants the crates). Then, with or without a compile, it watches
cookiecutter (`pid`): when cookiecutter has ended, it removes what this run left that
cookiecutter did not, the scratch directory and the template copy, and exits.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from cookiecutter_pyo3.first_build.head_start import alive, running


class Stopped(Exception):
    """The post-generation hook asked for the work so far."""


def rendered(template: Path, *names: str) -> list[str]:
    """Files of the project as the default answers render them, through cookiecutter's own
    environment."""
    from cookiecutter.environment import StrictEnvironment
    from cookiecutter.generate import generate_context
    from cookiecutter.prompt import prompt_for_config
    from jinja2 import FileSystemLoader

    context = generate_context(context_file=str(template / "cookiecutter.json"))
    context["cookiecutter"] = prompt_for_config(context, no_input=True)
    # A named template, as cookiecutter renders files: the extension leaves nameless strings be.
    files = FileSystemLoader(str(template / "{{cookiecutter.project_slug}}"))
    environment = StrictEnvironment(context=context, keep_trailing_newline=True, loader=files)
    answers = context["cookiecutter"]
    return [environment.get_template(name).render(cookiecutter=answers) for name in names]


def end(process: subprocess.Popen[bytes]) -> None:
    """Stops cargo and every rustc it started, and waits until they have exited."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    process.wait()
    deadline = time.monotonic() + 10
    while running(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)


class Compile:
    """cargo in `run/crate`, one command at a time, each in a process group of its own."""

    def __init__(self, run: Path, cookiecutter: int) -> None:
        self.run, self.cookiecutter = run, cookiecutter
        # No interpreter: PyO3's build scripts fail, and `--keep-going` builds everything else,
        # which is what needs none, with the features the project's manifest gives it.
        self.env = {
            **os.environ,
            "CARGO_TARGET_DIR": str(run / "target"),
            "PYO3_PYTHON": str(run / "no-interpreter"),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def cargo(self, *command: str) -> None:
        """Runs a command until it ends, or cookiecutter does."""
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

    def build(self, template: Path) -> None:
        """The crates of the default Cargo.toml that need no interpreter, into run/target, in
        the profile of `maturin develop` (pyproject.toml's `editable-profile`)."""
        import tomllib

        manifest, pyproject = rendered(template, "Cargo.toml", "pyproject.toml")
        profile = tomllib.loads(pyproject)["tool"]["maturin"]["editable-profile"]
        crate = self.run / "crate"
        (crate / "src").mkdir(parents=True)
        (crate / "Cargo.toml").write_text(manifest, encoding="utf-8")
        (crate / "src" / "lib.rs").write_text("", encoding="utf-8")
        (crate / "build.rs").write_text("fn main() {}\n", encoding="utf-8")
        self.cargo("cargo", "build", f"--profile={profile}", "--lib", "--keep-going")
        print("built", flush=True)


def main(cookiecutter: int, template: Path, run: Path | None) -> int:
    os.nice(19)
    if hasattr(os, "SCHED_IDLE"):  # Linux: the prompts' render and the first build come first
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))

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
