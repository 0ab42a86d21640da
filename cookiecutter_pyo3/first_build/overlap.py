"""The first build: the project's own set-up, with the compile beside the installs.

`scripts/bootstrap.py` runs its steps one after another, as a person's set-up should. The
first build only lets them share the machine: once `venv` has made .venv, `maturin build`
compiles for its Python in the background, while the set-up installs the tools on CPU time
the compile leaves idle (`SCHED_IDLE` on Linux, nice 19 elsewhere), with a uv fetched from
PyPI into a folder of this run when there is none on PATH, and then the bytecode and the
Hypothesis tables the first pytest would wait for. The set-up's `build` step then finds the
crate compiled, and reuses it. None of this is in the project, which a user owns for years; what it buys is measured by
`benchmarks/compare.py`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from cookiecutter_pyo3 import state
from cookiecutter_pyo3.first_build.head_start import running
from cookiecutter_pyo3.guards import stops

SET_UP = Path("scripts", "bootstrap.py")
POSIX = os.name == "posix"


def lowest_priority(pid: int) -> None:
    """Only CPU time nothing else wants, for the process and all it starts afterwards."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if POSIX:
            os.setpriority(os.PRIO_PROCESS, pid, 19)
        if hasattr(os, "SCHED_IDLE"):
            os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))


def start(command: list[str], project: Path, **options: object) -> subprocess.Popen[bytes]:
    """A command in a process group of its own (POSIX), to be stopped whole."""
    group = {"process_group": 0} if POSIX else {}
    return subprocess.Popen(command, cwd=project, **group, **options)  # type: ignore[call-overload]


def end(process: subprocess.Popen[bytes], signum: int = signal.SIGTERM) -> None:
    """Sends a signal to a process, and to all it started when it leads a process group of its
    own (`start`); waits until they are gone."""
    group = POSIX and leads_a_group(process.pid)
    with contextlib.suppress(ProcessLookupError):
        if not POSIX:
            process.terminate()
        elif group:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
    process.wait()
    deadline = time.monotonic() + 20
    while group and running(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def leads_a_group(pid: int) -> bool:
    try:
        return os.getpgid(pid) == pid
    except ProcessLookupError:
        return False


class Stop(Exception):
    """SIGTERM or SIGHUP reached the hook."""


class Orphaned(Exception):
    """cookiecutter, which started the hook, is gone."""


class Reported(Exception):
    """The set-up was stopped, and has said so and how to finish."""


# This run's copy of the template, where cookiecutter notes a stop sent to it alone.
RUN: list[Path] = []


def wait(process: subprocess.Popen[bytes]) -> int:
    """Waits for a process, or until cookiecutter, which started the hook, is stopped or gone."""
    cookiecutter = os.getppid()
    while True:
        with contextlib.suppress(subprocess.TimeoutExpired):
            return process.wait(timeout=0.2)
        if os.getppid() != cookiecutter:  # orphaned: cookiecutter was killed
            raise Orphaned
        if any(state.stopped(run) for run in RUN):
            raise Stop


def foreground(process: subprocess.Popen[bytes]) -> int:
    """Waits for a set-up process. A stop of the hook, or the end of cookiecutter (SIGTERM to it
    alone, as `timeout` sends), is passed on to the set-up, which says itself how to finish;
    then the hook ends without a word of its own (`Reported`)."""
    try:
        return wait(process)
    except (KeyboardInterrupt, Stop, Orphaned):
        stops.ignore()
        end(process, signal.SIGINT)
        raise Reported from None
    finally:
        if process.poll() is None:  # anything unforeseen: the set-up goes with the hook
            end(process)


def fetch_uv(scratch: Path) -> dict[str, str]:
    """PATH with a uv fetched from PyPI in front, when none is on it and pip can fetch one:
    uv installs the tools on a fifth of the CPU pip would take."""
    if shutil.which("uv"):
        return {}
    fetch = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    fetch += ["--no-compile", "--target", str(scratch / "uv"), "uv"]
    done = subprocess.run(fetch, capture_output=True, check=False)
    folder = scratch / "uv" / "bin"
    if done.returncode or not folder.is_dir():
        return {}
    return {"PATH": os.pathsep.join([str(folder), os.environ.get("PATH", "")])}


# What the first pytest would wait for, made while the compile runs: the bytecode of pytest
# and its plugins (uv installs none; `--help` imports every plugin and nothing of the project),
# and Hypothesis's Unicode tables, which it builds into .hypothesis/ at the first text drawn.
WARM_UP = """import contextlib, io, pytest
with contextlib.redirect_stdout(io.StringIO()):
    pytest.main(["-p", "no:cacheprovider", "--noconftest", "--help"])
from hypothesis import given, settings, strategies as st
settings(max_examples=1, database=None)(given(st.text())(lambda s: None))()
"""


def set_up(project: Path, template: Path | None) -> None:
    """Runs the project's set-up, its compile in the background once .venv is there."""
    if template is None:  # copier kills its task a quarter of a second after Ctrl-C: the
        # set-up, in copier's process group, takes the terminal's stop itself
        foreground(subprocess.Popen([sys.executable, str(SET_UP)], cwd=project))
        return
    RUN[:] = [template]
    set_up = [sys.executable, str(SET_UP)]
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    maturin = shutil.which("maturin")
    if pyproject["tool"]["uv"].get("managed", True) or maturin is None:
        foreground(start(set_up, project))  # `uv sync` builds; nothing to overlap
        return
    if foreground(start([*set_up, "venv"], project)):
        return  # the set-up said why, and how to finish
    profile = pyproject["tool"]["maturin"]["editable-profile"]
    python = project / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    with tempfile.TemporaryDirectory(prefix="first-build-") as scratch:
        compile_ = [maturin, "build", "--profile", profile, "--auditwheel", "skip"]
        compile_ += ["--compression-method", "stored"]  # the wheel is thrown away
        compile_ += ["--interpreter", str(python), "--out", scratch]
        env = {**os.environ, "VIRTUAL_ENV": str(project / ".venv")}
        ahead = start(compile_, project, stdout=sys.stderr, env=env)  # cargo's progress, shown
        try:
            env |= fetch_uv(Path(scratch))
            tools = start([*set_up, "tools"], project, env=env)
            lowest_priority(tools.pid)  # on the CPU time the compile leaves idle
            if foreground(tools):
                return  # the set-up said why, and how to finish
            quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
            warm_up = start([str(python), "-c", WARM_UP], project, env=env, **quiet)
            lowest_priority(warm_up.pid)
            try:  # a stop here is the hook's to report; a failure costs the first pytest a
                wait(warm_up)  # few seconds, no more
                # Two maturins at once would each move the library cargo made to the same
                # place: the set-up's build starts once the compile has ended, and finds it
                # done (or says itself why it failed).
                wait(ahead)
            finally:
                end(warm_up)
            foreground(start([*set_up, "build", "stubs", "hook"], project, env=env))
        finally:
            end(ahead)
