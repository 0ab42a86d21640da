"""A sweep of stops over a generate's timeline: every promise the README makes, after each.

Each case runs `cookiecutter --no-input` in a process group of its own (as a terminal does),
waits for an instant of its run and sends one signal: SIGINT, SIGTERM or SIGHUP, to the group
(Ctrl-C, a closed terminal) or to cookiecutter alone (`timeout`, a CI limit). The instants are
moments found by watching the files cookiecutter writes (its copy of the template made, the
project's first file, the post-generation hook's rendered script in TMPDIR, `.venv` made by the
first build) and times spread over a run without a stop. After each:

- no process of the run is left, and nothing in TMPDIR or the cache but the user's own;
- a new project is absent (cookiecutter exited non-zero) or complete (exit 0, "Stopped. Nothing
  is lost" when the stop came before the end of the hook);
- over an existing project (`-f`), the user's own file is as it was and an edited template file
  is as it was or named on a "Replaced" line;
- no traceback.

COOKIECUTTER_PYO3_SWEEP=N spreads N timed instants instead of the default two.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from kit import TEMPLATE, processes_with

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="POSIX signals, /proc")

STOPS = [(signal.SIGINT, "group"), (signal.SIGTERM, "alone"), (signal.SIGHUP, "group")]
STOPS += [(signal.SIGTERM, "group"), (signal.SIGINT, "alone"), (signal.SIGHUP, "alone")]
TIMED = int(os.environ.get("COOKIECUTTER_PYO3_SWEEP", "2"))
# What is not the template's output: the first build's and git's.
BUILT = {"target", ".venv", "Cargo.lock", "__pycache__", ".git", ".pytest_cache", ".hypothesis"}


@dataclass(frozen=True)
class Sandbox:
    root: Path

    @property
    def out(self) -> Path:
        return self.root / "out"

    @property
    def project(self) -> Path:
        return self.out / "rust-module"

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    @property
    def cache(self) -> Path:
        return self.root / "cache" / "cookiecutter-pyo3"

    def env(self) -> dict[str, str]:
        return {
            **os.environ, "TMPDIR": str(self.tmp), "XDG_CACHE_HOME": str(self.root / "cache"),
            "COOKIECUTTER_PYO3_TEST": str(self.root),
        }  # fmt: skip


def files_of(project: Path) -> set[str]:
    return {
        path.relative_to(project).as_posix()
        for path in project.rglob("*")
        if path.is_file() and not BUILT & set(path.relative_to(project).parts)
    }


def processes_of(root: Path) -> list[str]:
    return processes_with(f"COOKIECUTTER_PYO3_TEST={root}")


def generate(box: Sandbox, build: bool, *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "cookiecutter", "--no-input", str(TEMPLATE), *extra]
    command.append(f"run_first_build={'yes' if build else 'no'}")
    return subprocess.Popen(
        command, cwd=box.out, env=box.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
    )  # fmt: skip


def prepare(root: Path, over: bool) -> Sandbox:
    box = Sandbox(root)
    for folder in (box.out, box.tmp, box.cache):
        folder.mkdir(parents=True)
    (box.tmp / "mine.txt").write_text("the user's", encoding="utf-8")
    if over:
        made = generate(box, False)
        assert made.wait(timeout=120) == 0
        deadline = time.monotonic() + 20
        while processes_of(root) and time.monotonic() < deadline:  # the head start's worker
            time.sleep(0.1)
        (box.project / "README.md").write_text("edited\n", encoding="utf-8")
        (box.project / "notes.md").write_text("the user's own\n", encoding="utf-8")
        hour_ago = time.time() - 3600
        os.utime(box.project / "Cargo.toml", (hour_ago, hour_ago))  # for `written`
    return box


Trigger = Callable[[Sandbox, float], bool]


def written(path: Path) -> bool:
    """Whether cookiecutter has written `path` (an existing project's is older than the run)."""
    try:
        return time.time() - path.stat().st_mtime < 5
    except OSError:
        return False


def hook_script(box: Sandbox, _: float) -> bool:
    return any(box.tmp.glob("*.py"))


TRIGGERS: dict[str, Trigger] = {
    "the copy of the template": lambda box, _: any(box.tmp.glob("cookiecutter*")),
    "the first file written": lambda box, _: written(box.project / "Cargo.toml"),
    "the post-generation hook starts": hook_script,
    ".venv made": lambda box, _: (box.project / ".venv" / "bin" / "python").exists(),
}


def after(seconds: float) -> Trigger:
    return lambda _box, started: time.monotonic() - started >= seconds


def left_in(tmp: Path) -> list[str]:
    """What a run left in TMPDIR but the user's file and what the README says cookiecutter
    leaves itself: its copy of the template when stopped as it makes it, before any hook ran
    (the copy has no answers, and no state of this template's)."""
    return [
        path.name
        for path in tmp.iterdir()
        if path.name != "mine.txt"
        and not (path.name.startswith("cookiecutter") and not (path / ".run-state").exists())
    ]


def cookiecutters_own_start(err: str) -> bool:
    """Python's KeyboardInterrupt while it still imports cookiecutter: before any of the
    template runs, so nothing is written (the README says so)."""
    return err.rstrip().endswith("KeyboardInterrupt") and "cookiecutter_pyo3" not in err


def check(box: Sandbox, over: bool, expected: set[str], code: int, err: str) -> list[str]:
    """Every promise, as the list of those broken."""
    broken = []
    deadline = time.monotonic() + 20
    while (left := processes_of(box.root)) and time.monotonic() < deadline:
        time.sleep(0.1)
    if left:
        broken.append(f"processes left: {left}")
    while (litter := left_in(box.tmp)) and time.monotonic() < deadline:
        time.sleep(0.1)
    if litter:
        broken.append(f"left in TMPDIR: {litter}")
    if runs := list(box.cache.iterdir()):
        broken.append(f"left in the cache: {runs}")
    if "Traceback" in err and not cookiecutters_own_start(err):
        broken.append("a traceback")
    if over:
        if (box.project / "notes.md").read_text(encoding="utf-8") != "the user's own\n":
            broken.append("the user's own file changed")
        readme = (box.project / "README.md").read_text(encoding="utf-8")
        if readme != "edited\n" and "README.md" not in err.split("Replaced", 1)[-1]:
            broken.append("README.md replaced without a word")
        if files_of(box.project) - {"notes.md"} != expected:
            broken.append("the project lost files")
    elif box.project.exists():
        if code != 0:
            broken.append(f"a project kept, and exit {code}")
        if (missing := expected - files_of(box.project)) and code == 0:
            broken.append(f"a kept project lacks {sorted(missing)[:3]}")
    elif code == 0:
        broken.append("exit 0 and no project")
    return broken


@pytest.fixture(scope="module")
def timeline(tmp_path_factory: pytest.TempPathFactory) -> tuple[set[str], float]:
    """The files of a complete project, and how long a run without a stop takes."""
    box = prepare(tmp_path_factory.mktemp("reference"), over=False)
    started = time.monotonic()
    made = generate(box, False)
    assert made.wait(timeout=120) == 0
    return files_of(box.project), time.monotonic() - started


def sweep(cases: list[tuple[str, bool, bool]], root: Path, expected: set[str], span: float) -> None:
    """Runs each (instant, over, build) with every stop; fails with every promise broken."""
    failures, tried = [], 0
    for instant, over, build in cases:
        trigger = TRIGGERS.get(instant) or after(float(instant) * span)
        for signum, target in STOPS:
            box = prepare(root / f"{tried}", over)
            tried += 1
            process = generate(box, build, *(["-f"] if over else []))
            started = time.monotonic()
            while process.poll() is None and not trigger(box, started):
                time.sleep(0.002)
            fired = process.poll() is None
            if fired:
                os.killpg(process.pid, signum) if target == "group" else process.send_signal(signum)
            _, err = process.communicate(timeout=300)
            name = f"{signum.name} to {target} at {instant}, {'-f' if over else 'new'}"
            broken = check(box, over, expected, process.returncode, err)
            print(
                f"{name}: {time.monotonic() - started:.1f} s, exit {process.returncode}, {broken}"
            )
            failures += [f"{name}{'' if fired else ' (ended first)'}: {line}" for line in broken]
    assert not failures, f"{len(failures)} broken of {tried} stops:\n" + "\n".join(failures)


@pytest.mark.parametrize("over", [False, True], ids=["new", "over an existing project"])
def test_a_stop_at_any_instant_keeps_every_promise(
    over: bool, timeline: tuple[set[str], float], tmp_path: Path
) -> None:
    expected, span = timeline
    instants = [*TRIGGERS][:3] + [f"{(i + 0.5) / TIMED:.2f}" for i in range(TIMED)]
    sweep([(instant, over, False) for instant in instants], tmp_path, expected, span)


def test_a_stop_as_the_first_build_starts_keeps_every_promise(
    timeline: tuple[set[str], float], tmp_path: Path
) -> None:
    expected, span = timeline
    cases = [("the post-generation hook starts", False, True), (".venv made", False, True)]
    sweep(cases, tmp_path, expected, span)


def test_ctrl_c_during_copiers_first_build_keeps_the_project_and_leaves_nothing_running(
    tmp_path: Path,
) -> None:
    """copier kills its task a moment after Ctrl-C: the set-up stops what it started itself."""
    box = prepare(tmp_path, over=False)
    command = ["copier", "copy", "--trust", "--defaults", str(TEMPLATE), "rust-module"]
    process = subprocess.Popen(
        [sys.executable, "-m", *command], cwd=box.out, env=box.env(), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    started = time.monotonic()
    while process.poll() is None and not TRIGGERS[".venv made"](box, started):
        time.sleep(0.01)
    time.sleep(1)  # the compile under way
    os.killpg(process.pid, signal.SIGINT)
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 1 and "Stopped. Nothing is lost" in out, out[-3000:]
    assert (box.project / "Cargo.toml").is_file()
    deadline = time.monotonic() + 20
    while (left := processes_of(box.root)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left, left


def test_two_generates_into_one_folder_never_mix(tmp_path: Path) -> None:
    """A second run waits for the lock the first holds on the folder (one line), then writes
    its project whole: two at once with different answers give the files of one of them."""
    box = prepare(tmp_path, over=True)
    folder = os.open(box.out, os.O_RDONLY)
    fcntl.flock(folder, fcntl.LOCK_EX)  # as a run that is generating holds it
    waiting = generate(box, False, "-f", "description=Held")
    assert waiting.stderr is not None
    line = waiting.stderr.readline()
    assert line.startswith(f"Waiting for another generate into {box.out} to end."), line
    os.close(folder)
    assert waiting.wait(timeout=120) == 0

    both = [generate(box, False, "-f", f"description=Run {n}") for n in (1, 2)]
    assert [run.wait(timeout=120) for run in both] == [0, 0]
    answers = json.loads((box.project / ".cookiecutter.json").read_text("utf-8"))
    pyproject = (box.project / "pyproject.toml").read_text("utf-8")
    assert f'description = "{answers["description"]}"' in pyproject
