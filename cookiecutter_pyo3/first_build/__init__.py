"""After cookiecutter wrote the files: name what it replaced, take the head start, build once.

The build is the new project's own set-up, `scripts/bootstrap.py`, run as a program: the one a
teammate's clone runs too, so both stay true. `overlap` only runs its steps so that the
compile and the installs share the machine, which serves this first build alone. Whatever
happens the hook exits 0, because cookiecutter deletes the whole project when a hook fails,
and a missing compiler is no reason to lose it: the set-up says what to run to finish
(`bootstrap.py --check`).

Only cookiecutter's own runs get here (its context names `_repo_dir`): cruft renders the
template into temporary folders to compare versions (`cruft diff`, `cruft update`), and there
the hook script does nothing, nor prints anything about folders that are gone a moment later.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from cookiecutter_pyo3 import state
from cookiecutter_pyo3.first_build import head_start, overlap, snapshot
from cookiecutter_pyo3.guards import stops


def tell(*lines: str) -> None:
    """Prints to stderr, and never fails: a closed pipe silences the rest."""
    try:
        print(*lines, sep="\n", file=sys.stderr, flush=True)
    except OSError:  # BrokenPipeError, or a terminal that went away
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stderr.fileno())


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


def what_is_left(project: Path) -> None:
    """The set-up's own account of what remains, and the command that does it. In a process
    group of its own: a Ctrl-C meanwhile is the hook's, which then says it stopped."""
    check = [sys.executable, str(project / overlap.SET_UP), "--check"]
    group = 0 if overlap.POSIX else None
    subprocess.run(check, cwd=project, stdout=sys.stderr, check=False, process_group=group)


def main(project: Path, template: Path | None, *, build_now: bool) -> None:
    """`template`: cookiecutter's copy of the template for this run, which holds this run's
    state: the snapshot and the head start (copier has neither)."""
    if template is not None:
        if replaced := snapshot.replaced(project, template):
            tell(f"Replaced {len(replaced)} files that were here: {', '.join(replaced)}")
        snapshot.remove_empty_folders(project, template)
        if moved := head_start.adopt(template, project, take=build_now):
            print(f"Compiled while you answered: {len(moved)} crates ({', '.join(sorted(moved))}).")
    own_repository(project)
    stops.release()  # a stop held since the hook started lands here, or later
    if template is not None and state.stopped(template):  # noted by cookiecutter
        raise KeyboardInterrupt
    if build_now:
        overlap.set_up(project, template)
    else:
        tell(f"\nCreated {project}.")
        what_is_left(project)


def scratch_for_the_tools(template: Path) -> None:
    """The temporary files of uv, pip, maturin and cargo in this run's copy of the template,
    which goes when the run ends, however it ends."""
    folder = template / state.FOLDER / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.update(dict.fromkeys(("TMPDIR", "TEMP", "TMP"), str(folder)))
    tempfile.tempdir = None


def guarded(project: Path, template: Path | None, *, build_now: bool) -> int:
    """Runs `main` and returns 0 whatever happens: cookiecutter deletes the project otherwise.

    Output that cannot be encoded (a path in a legacy code page) is escaped, Ctrl-C is the
    set-up's to handle, SIGTERM and SIGHUP stop it, and anything unforeseen is one line.
    """
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")

    def stop(_signum: int, _frame: object) -> None:
        raise overlap.Stop

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    try:
        if template is not None and state.is_run_copy(template):
            scratch_for_the_tools(template)
        main(project, template, build_now=build_now)
    except overlap.Reported:  # the set-up was stopped, and said how to finish
        pass
    except (KeyboardInterrupt, overlap.Stop, overlap.Orphaned):
        stops.ignore()
        tell("\nStopped. Nothing is lost.")
        what_is_left(project)
    except Exception as error:  # noqa: BLE001 (the one place that must catch everything)
        tell(f"\nThe first build stopped on an unexpected {type(error).__name__}: {error}")
        tell("The project is kept.")
        what_is_left(project)
    finally:
        stops.ignore()  # what is left is the exit, with status 0
    return 0
