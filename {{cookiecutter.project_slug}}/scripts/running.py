"""Running the set-up's steps: progress and timings, the chains of a step at once, and stopping.

Each command runs in a process group of its own, so that a stop reaches what it started too
(cargo's rustc, pip's builds), and the set-up reports a stop only once all of them are gone.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path
from typing import TextIO

from interpreters import Command
from plans import Step

# The commands running now, so that an interruption can stop them all before reporting.
RUNNING: set[subprocess.Popen[bytes]] = set()
# Set by a stop: no chain starts its next command after it. A command starts and joins
# RUNNING under STARTING, so a stop sees every command that started before it.
STOPPING = threading.Event()
STARTING = threading.Lock()
STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")
# Set by the first stop signal: the ones after it are the same request.
STOPPED = threading.Event()


class Interrupted(Exception):
    """Ctrl-C, or a signal that asks the set-up to stop."""


def say(*lines: str, stream: TextIO | None = None) -> None:
    """Prints, and never fails: a closed pipe (`| head`) silences the rest of the output."""
    stream = stream or sys.stdout
    try:
        print(*lines, sep="\n", file=stream, flush=True)
    except OSError:  # BrokenPipeError, or a terminal that went away
        # Python's advice: point the stream at devnull, so that its final flush cannot fail.
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())


def tell(*lines: str) -> None:
    """Says something that went wrong or needs doing, on stderr."""
    say(*lines, stream=sys.stderr)


def hardened() -> None:
    """Output a terminal cannot encode is escaped; Ctrl-C, SIGTERM and SIGHUP stop the set-up.

    Only the first of them: stops come in pairs (a closed terminal hangs up on the set-up and
    on the hook that started it, which passes SIGTERM on), and a second one raised while the
    first is being handled would skip the stopping of the commands.
    """
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # a path a legacy code page cannot show
            stream.reconfigure(errors="backslashreplace")

    def stop(signum: int, _frame: object) -> None:
        if not STOPPED.is_set():
            STOPPED.set()
            raise Interrupted(signal.Signals(signum).name)

    for name in STOP_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


def ignore_stops() -> None:
    """From the first stop on, further signals wait: the stop itself must finish."""
    for name in STOP_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)


def start(command: Command, root: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A command in a process group of its own (POSIX), to be stopped whole."""
    if os.name == "posix":
        return subprocess.Popen(command, cwd=root, env=env, process_group=0)
    return subprocess.Popen(command, cwd=root, env=env)


def stop_all() -> None:
    """Stops every running command and what it started, and waits until they are gone."""
    with STARTING:
        STOPPING.set()
        stopping = list(RUNNING)
    for process in stopping:
        try:
            if os.name == "posix":
                os.killpg(process.pid, signal.SIGTERM)
            else:
                process.terminate()
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 20
    for process in stopping:
        process.wait()
        while os.name == "posix" and time.monotonic() < deadline:
            try:
                os.killpg(process.pid, 0)  # raises once the group is empty
            except ProcessLookupError:
                break
            time.sleep(0.05)


def lowest_priority(pid: int) -> None:
    """Gives a process (and the children it starts) only CPU time nothing else wants.

    nice 19 alone still costs a two-core compile 1.2 s of its 13 s; Linux's SCHED_IDLE,
    which runs the process only on an otherwise idle CPU, 0.4 s.
    """
    with contextlib.suppress(ProcessLookupError):  # done already
        if hasattr(os, "setpriority"):  # POSIX
            os.setpriority(os.PRIO_PROCESS, pid, 19)
        if hasattr(os, "SCHED_IDLE"):  # Linux
            os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))


def run_chain(chain: list[Command], root: Path, env: dict[str, str], *, nice: bool) -> bool:
    """Runs commands one after another; False as soon as one fails, cannot start, or a stop
    came."""
    for command in chain:
        with STARTING:
            if STOPPING.is_set():
                return False
            try:
                process = start(command, root, env)
            except OSError as error:
                say(f"      could not start {command[0]}: {error}")
                return False
            RUNNING.add(process)
        if nice:
            lowest_priority(process.pid)
        failed = process.wait()
        RUNNING.discard(process)
        if failed:
            return False
    return True


def run_steps(steps: list[Step], root: Path, env: dict[str, str]) -> int | None:
    """Runs the steps in order with progress and timings; returns the index of a failed step.

    On an interruption every running command is stopped before `Interrupted` goes on up.
    """
    STOPPING.clear()
    for index, step in enumerate(steps):
        say(f"[{index + 1}/{len(steps)}] {step.title} ...")
        started = time.monotonic()
        chains = [(chain, False) for chain in step.chains]
        chains += [(chain, True) for chain in step.background]
        with ThreadPoolExecutor(len(chains)) as pool:
            # Every chain runs to its end, even after another failed.
            runs = [pool.submit(run_chain, c, root, env, nice=n) for c, n in chains]
            try:
                # Short waits, not one long one: a signal that reaches another thread is only
                # handled once the main thread runs Python again.
                while wait(runs, timeout=0.1).not_done:
                    pass
                succeeded = [run.result() for run in runs]
            except (KeyboardInterrupt, Interrupted):
                ignore_stops()
                stop_all()
                raise Interrupted(step.title) from None
        if not all(succeeded):
            return index
        say(f"      done in {time.monotonic() - started:.1f}s")
    return None
