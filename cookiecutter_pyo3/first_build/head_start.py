"""The head start: the compile while the user answers, started by the pre-prompt hook.

syn and PyO3's macros are most of a first build and depend on no answer and on no
interpreter, so `worker` (a program) compiles them in the background, on CPU time nothing else
wants, into a scratch directory of this run's own. The post-generation hook stops the
compile and moves what it finished to where the new project's builds go, where cargo finds it
fresh, and the Cargo.lock it resolved; whatever depends on the interpreter is left to the
first build.

cookiecutter runs the pre-prompt hook in a fresh copy of the template, made for this run
alone and removed only when the run succeeds; the worker removes it, and its own scratch
directory, when cookiecutter ends in any other way (a refused answer, Ctrl-C, a signal). The
worker's pid and its scratch directory are this run's state (`state.HeadStart`), which is how
the post-generation hook finds them: nothing else is looked up by name. POSIX only (signals,
`os.nice`).
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
from pathlib import Path

from cookiecutter_pyo3 import state

# Set to a directory to move the scratch space, or to "off" to compile nothing during prompts.
SETTING = "COOKIECUTTER_PYO3_CACHE"


def scratch_root() -> Path | None:
    """Where the compile happens: the platform's cache directory, or None when turned off."""
    chosen = os.environ.get(SETTING)
    if chosen == "off" or shutil.which("cargo") is None:
        return None
    if chosen:
        return Path(chosen)
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "cookiecutter-pyo3"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cookiecutter-pyo3"


def alive(pid: int) -> bool:
    """Whether a process runs under this number (POSIX)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process took the number: ours is gone
        return False
    return True


def running(group: int) -> bool:
    """Whether a process of the group has yet to exit. One that has exited counts as gone
    though its parent has not collected it yet: a rustc whose cargo was stopped becomes the
    child of the system's first process, which in a container may collect it a second or two
    later (Linux, from /proc; elsewhere any process of the group counts)."""
    if not Path("/proc/self/stat").is_file():
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return False
        return True
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            state, _parent, pgrp = stat.read_text().rsplit(")", 1)[1].split()[:3]
            if int(pgrp) == group and state != "Z":
                return True
    return False


def start(template: Path) -> None:
    """Starts the worker for the cookiecutter process that runs the pre-prompt hook."""
    if os.name != "posix" or not state.is_run_copy(template):
        return
    if (cookiecutter := os.getppid()) == 1:  # stopped as it started this hook: no run to help
        shutil.rmtree(template, ignore_errors=True)
        return
    run = None
    if (root := scratch_root()) is not None:
        root.mkdir(parents=True, exist_ok=True)
        run = Path(tempfile.mkdtemp(prefix="run-", dir=root))
    log = (run or template) / "worker.log"
    with log.open("wb") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "cookiecutter_pyo3.first_build.worker", str(cookiecutter),
             str(template), str(run or "")],
            cwd=template, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C at a prompt is cookiecutter's; the worker sees it go
        )  # fmt: skip
    state.write_head_start(template, state.HeadStart(worker=worker.pid, scratch=run))


def complete(lock: Path) -> bool:
    """Whether cargo finished writing this Cargo.lock: a stop can cut it short."""
    try:
        import tomllib  # Python 3.11+; without it, cargo resolves the versions itself

        tomllib.loads(lock.read_text(encoding="utf-8"))
    except (ImportError, OSError, ValueError):
        return False
    return True


def adopt(template: Path, project: Path, *, take: bool) -> set[str]:
    """Stops this run's compile and, with `take`, moves its crates into the project's target
    directory (CARGO_TARGET_DIR, or target/), unless that exists: then it is the user's, and
    other builds' too. Returns the names of the crates it moved.
    """
    started = state.read_head_start(template)
    if started is None or started.scratch is None:
        return set()
    run = started.scratch
    # The worker stops its cargo, removes `compiling` and goes on watching cookiecutter.
    with contextlib.suppress(ProcessLookupError):
        os.kill(started.worker, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while (run / "compiling").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    built, target = run / "target", project / os.environ.get("CARGO_TARGET_DIR", "target")
    moved = set()
    if take and built.is_dir() and not target.exists():
        # Libraries and proc-macros, not the build scripts that failed to find an interpreter.
        libraries = {
            path.stem[3:].rsplit("-", 1)[0]
            for path in built.glob("*/deps/lib*-*")
            if path.suffix in {".rlib", ".so", ".dylib"}
        }
        with contextlib.suppress(OSError):  # half a target directory is one cargo completes
            shutil.move(built, target)
            moved = libraries
        lock = run / "crate" / "Cargo.lock"
        if complete(lock) and not (project / "Cargo.lock").exists():
            # The versions the worker chose a moment ago: cargo keeps those the manifest still
            # wants, and need not ask the registry again (0.3 s) when that is all of them.
            try:
                shutil.copyfile(lock, project / "Cargo.lock")
            except OSError:  # a full disk: half a lock would stop cargo, which writes its own
                (project / "Cargo.lock").unlink(missing_ok=True)
    shutil.rmtree(run, ignore_errors=True)
    return moved
