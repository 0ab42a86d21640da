"""A stop while cookiecutter generates: noted for the post-generation hook, never half a project.

SIGINT (Ctrl-C at a terminal reaches every process of its group), SIGTERM (`timeout`, a CI
limit: cookiecutter alone) and SIGHUP (a closed terminal) would end cookiecutter between two
files, or its hook before that hook could say anything, and cookiecutter deletes a new project
when its hook fails. So while `generate_files` runs:

- in cookiecutter's own process each stop is noted in this run's state (`state.note_stop`) and
  the writing goes on: a project is complete, or an existing one has every file it should, and
  the post-generation hook names what it replaced, skips the build and says how to finish;
- a hook starts with the stops held (the signal mask, which a child inherits), so none lands
  before its handlers are in place: the hook lets them in (`release`) once it has named the
  replaced files. A thread of cookiecutter's takes the stops sent to cookiecutter alone, and
  notes them where the running hook looks (`overlap.wait`).

Two runs into one folder at once would mix their files: `one_run_at_a_time` has the second
wait for the first, saying so in one line.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from cookiecutter_pyo3 import state

STOPS = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]
HOLDS = hasattr(signal, "pthread_sigmask")


def ignore() -> None:
    """The stops ignored from here on: what is left is to say so, and exit."""
    for signum in STOPS:
        signal.signal(signum, signal.SIG_IGN)


def release() -> None:
    """In a hook: lets in the stops it was started with held (their handlers are in place)."""
    if HOLDS:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)


def note(template: Path) -> None:
    if state.is_run_copy(template):  # else no hook runs that could read it
        state.note_stop(template)


def note_stops_while(inside: Callable[[FrameType | None], bool], template: Path) -> None:
    """In cookiecutter's main thread: a stop is noted while `inside` the generate, and does
    what it did before anywhere else (a program that called cookiecutter keeps its Ctrl-C)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in STOPS:
        previous = signal.getsignal(signum)

        def noted(signum: int, frame: FrameType | None, previous: Any = previous) -> None:
            if inside(frame):
                note(template)
                return
            signal.signal(signum, previous)
            if callable(previous):
                previous(signum, frame)
            else:
                signal.raise_signal(signum)

        signal.signal(signum, noted)


@contextlib.contextmanager
def held(template: Path) -> Iterator[None]:
    """Runs a hook with the stops held: it inherits them so, and a thread of cookiecutter's
    notes each one sent meanwhile."""
    if not HOLDS or threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
    done = threading.Event()

    def take() -> None:  # the thread starts with the stops held too: it takes them here
        while not done.is_set():
            if signal.sigtimedwait(STOPS, 0.1):
                note(template)

    taker = threading.Thread(target=take, name="cookiecutter-pyo3 stops", daemon=True)
    taker.start()
    try:
        yield
    finally:
        done.set()
        taker.join()
        while signal.sigtimedwait(STOPS, 0):  # any the thread did not take
            note(template)
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


_HELD: list[Path] = []  # the copy of the template whose hooks run held, this run's


def hold_during_hooks(template: Path) -> None:
    """Has cookiecutter run the hooks of this run's copy of the template with the stops held
    (`held`)."""
    import cookiecutter.generate

    _HELD[:] = [template]
    run_hook = cookiecutter.generate.run_hook_from_repo_dir
    if getattr(run_hook, "holds_stops", False):
        return

    def holding(repo_dir: Any, hook_name: str, *args: Any, **kwargs: Any) -> None:
        if Path(repo_dir).resolve() not in _HELD:
            return run_hook(repo_dir, hook_name, *args, **kwargs)
        try:
            with held(_HELD[0]):
                return run_hook(repo_dir, hook_name, *args, **kwargs)
        finally:
            if hook_name == "post_gen_project":
                end_of_run()
                if from_the_command_line():  # all that is left is its exit, with status 0
                    ignore()

    holding.holds_stops = True  # type: ignore[attr-defined]
    cookiecutter.generate.run_hook_from_repo_dir = holding


def from_the_command_line() -> bool:
    """Whether cookiecutter's command line runs this generate, not a program of the user's."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") != "cookiecutter.cli":
        frame = frame.f_back
    return frame is not None


_LOCK: list[int] = []  # the open folder whose lock this process holds


def one_run_at_a_time(output: Path) -> None:
    """Takes the lock on the folder a project is generated into; a second run waits."""
    end_of_run()
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks on folders
        return
    folder = os.open(output, os.O_RDONLY)
    _LOCK.append(folder)
    waiting = False
    while True:
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if not waiting:
                print(f"Waiting for another generate into {output} to end.", file=sys.stderr)
                waiting = True
            time.sleep(0.2)


def end_of_run() -> None:
    """Lets the next run into the folder (the lock goes with the file)."""
    while _LOCK:
        os.close(_LOCK.pop())
