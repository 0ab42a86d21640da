"""After cookiecutter wrote the files: name what it replaced, take the head start, build once.

The build is the new project's own `scripts/bootstrap.py`, run as a program: the set-up a
teammate's clone runs too, so both stay true. Whatever happens the hook exits 0, because
cookiecutter deletes the whole project when a hook fails, and a missing compiler is no
reason to lose it: the set-up says what to run to finish.

Only cookiecutter's own runs get here (its context names `_repo_dir`): cruft renders the
template into temporary folders to compare versions (`cruft diff`, `cruft update`), and there
the hook script does nothing, nor prints anything about folders that are gone a moment later.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from cookiecutter_pyo3 import state
from cookiecutter_pyo3.first_build import head_start, snapshot

SET_UP = Path("scripts", "bootstrap.py")
# What a person types to set the project up; scripts/bootstrap.py prints the same.
PYTHON = "py" if os.name == "nt" else "python3"


def set_up_command(project: Path) -> str:
    """The commands that set the project up, from a new shell, one per line."""
    return f"  cd {shlex.quote(str(project))}\n  {PYTHON} {SET_UP}"


def tell(*lines: str) -> None:
    """Prints to stderr, and never fails: a closed pipe silences the rest."""
    try:
        print(*lines, sep="\n", file=sys.stderr, flush=True)
    except OSError:  # BrokenPipeError, or a terminal that went away
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stderr.fileno())


class Stop(Exception):
    """SIGTERM or SIGHUP reached the hook, or cookiecutter is gone."""


def build(project: Path) -> None:
    """Runs the set-up and waits for it; a stop of the hook stops it too.

    Ctrl-C at a terminal reaches the set-up itself (one process group), which stops and says
    how to finish; SIGTERM or SIGHUP to the hook alone, or the end of cookiecutter, is passed
    on to it the same way.
    """
    cookiecutter = os.getppid()
    with subprocess.Popen([sys.executable, str(SET_UP)], cwd=project) as setup:

        def watch() -> None:
            while setup.poll() is None:
                if os.getppid() != cookiecutter:  # cookiecutter was killed: we were orphaned
                    setup.send_signal(signal.SIGTERM)
                    return
                time.sleep(0.2)

        threading.Thread(target=watch, daemon=True).start()
        while True:
            try:
                setup.wait()
                return
            except (KeyboardInterrupt, Stop):
                setup.send_signal(signal.SIGTERM)


def own_repository(project: Path) -> None:
    """Makes the new project a git repository of its own, as `cargo new` and `uv init` do,
    unless it lies in a work tree already: then it belongs to that repository."""
    if shutil.which("git") is None:
        tell("git is not on PATH, so the project is no git repository yet: `git init` in it.")
        return
    where = ["git", "rev-parse", "--show-toplevel"]
    top = subprocess.run(where, cwd=project, capture_output=True, text=True, check=False)
    if top.returncode != 0:
        subprocess.run(["git", "init", "--quiet"], cwd=project, check=False)
    elif Path(top.stdout.strip()).resolve() != project.resolve():
        tell(f"{project} is inside the git work tree of {top.stdout.strip()}: left to it.")


def main(project: Path, template: Path | None, *, build_now: bool) -> None:
    """`template`: cookiecutter's copy of the template for this run, which holds the snapshot
    and the head start (copier has neither)."""
    if template is not None:
        if replaced := snapshot.replaced(project, template):
            tell(f"Replaced {len(replaced)} files that were here: {', '.join(replaced)}")
        snapshot.remove_empty_folders(project, template)
        if moved := head_start.adopt(template, project, take=build_now):
            crates = ", ".join(sorted(moved))
            print(f"Took {len(moved)} crates compiled in the background: {crates}.")
    own_repository(project)
    if template is not None and state.stopped(template):  # Ctrl-C while the files were written
        raise KeyboardInterrupt
    if build_now:
        build(project)
    else:
        tell(f"\nCreated {project}. To set it up (.venv, the tools, the build), run:")
        tell(set_up_command(project))


def guarded(project: Path, template: Path | None, *, build_now: bool) -> int:
    """Runs `main` and returns 0 whatever happens: cookiecutter deletes the project otherwise.

    Output that cannot be encoded (a path in a legacy code page) is escaped, Ctrl-C is the
    set-up's to handle, SIGTERM and SIGHUP stop it, and anything unforeseen is one line.
    """
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")

    def stop(_signum: int, _frame: object) -> None:
        raise Stop

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    try:
        main(project, template, build_now=build_now)
    except (KeyboardInterrupt, Stop):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        tell("\nStopped. The project is kept; to set it up, run:", set_up_command(project))
    except Exception as error:  # noqa: BLE001 (the one place that must catch everything)
        tell(f"\nThe first build stopped on an unexpected {type(error).__name__}: {error}")
        tell("The project is kept; to set it up, run:", set_up_command(project))
    return 0
