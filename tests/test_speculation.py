"""The compile while the user answers (hooks/speculation.py), at a real terminal.

Each test gives cookiecutter a cache directory of its own (XDG_CACHE_HOME) and so finds the
worker, its cargo and their files by it: whatever way the generate ends, none may be left.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from helpers import TEMPLATE, answer, path_without

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the head start is POSIX only")

# What is not the template's output: the first build's, and Python's.
BUILT = {"target", ".venv", "Cargo.lock", ".cargo", "__pycache__", ".pytest_cache", ".hypothesis"}


def environment(cache: Path, **changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"COOKIECUTTER_PYO3_CACHE"}}
    return {**env, "XDG_CACHE_HOME": str(cache), **changes}


SPAWNED: list[pexpect.spawn] = []


@pytest.fixture(autouse=True)
def no_cookiecutter_outlives_its_test() -> Iterator[None]:
    """A failed test stops its cookiecutters too, and so their workers."""
    yield
    while SPAWNED:
        SPAWNED.pop().terminate(force=True)


def spawn(out: Path, env: dict[str, str], *args: str) -> pexpect.spawn:
    command = ["-m", "cookiecutter", str(TEMPLATE), *args]
    child = pexpect.spawn(sys.executable, command, cwd=out, env=env, encoding="utf-8", timeout=300)
    SPAWNED.append(child)
    return child


def runs(cache: Path) -> list[Path]:
    return list((cache / "cookiecutter-pyo3").glob("run-*"))


def wait_for(condition, seconds: float = 120) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def log_of(run: Path) -> str:
    try:
        return (run / "worker.log").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def compiling(cache: Path) -> bool:
    """The worker's cargo has started on the crates."""
    return any((run / "target").is_dir() for run in runs(cache))


def leftovers(cache: Path) -> list[str]:
    """The processes that carry this cache in their environment, and its run directories."""
    marker = f"XDG_CACHE_HOME={cache}".encode()
    found = []
    for process in Path("/proc").iterdir():
        try:
            if process.name.isdigit() and marker in (process / "environ").read_bytes().split(b"\0"):
                found.append((process / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return found + [str(run) for run in runs(cache)]


def nothing_left(cache: Path) -> None:
    try:
        wait_for(lambda: not leftovers(cache), seconds=20)
    except AssertionError:
        pytest.fail(f"left behind: {leftovers(cache)}")


def test_answers_at_a_prompt_give_the_same_project_and_a_green_first_build(
    tmp_path: Path,
) -> None:
    """The defaults typed at the prompts, after the worker finished: its crates are taken, the
    first build compiles neither syn nor PyO3's macro backend, pytest passes, and the files
    are those of `--no-input`."""
    cache, typed, plain = tmp_path / "cache", tmp_path / "typed", tmp_path / "plain"
    typed.mkdir(), plain.mkdir()
    env = environment(cache)
    env.pop("CARGO_TARGET_DIR", None)  # the project's own target directory takes the crates
    child = spawn(typed, env)
    child.expect("Compiling PyO3's macros in the background")
    answer(child, until=14)
    wait_for(lambda: any("built" in log_of(run) for run in runs(cache)))
    child.sendline("")
    child.expect(pexpect.EOF)
    output = child.before
    child.close()
    assert child.exitstatus == 0, output
    assert re.search(r"Took \d+ crates compiled while you answered: .*syn", output), output
    assert not re.search(r"Compiling\S* (syn|pyo3-macros-backend) ", output), output
    assert "Hello from Rust!" in output
    project = typed / "rust-module"
    pytest_run = pexpect.run(
        f"{project}/.venv/bin/python -m pytest -q -p no:cacheprovider",
        cwd=project, env=env, withexitstatus=True, encoding="utf-8", timeout=300,
    )  # fmt: skip
    assert pytest_run[1] == 0 and " passed" in pytest_run[0], pytest_run[0]
    nothing_left(cache)

    command = [sys.executable, "-m", "cookiecutter", "--no-input", str(TEMPLATE)]
    quiet = environment(cache, COOKIECUTTER_PYO3_CACHE="off")
    pexpect.run(" ".join([*command, "run_first_build=no"]), cwd=plain, env=quiet)
    assert differences(project, plain / "rust-module") == []
    answers = [
        json.loads((root / ".cookiecutter.json").read_text(encoding="utf-8"))
        for root in (project, plain / "rust-module")
    ]
    # The same answers, but for where the template and the output were, and the first build.
    kept = [{k: v for k, v in a.items() if k[0] != "_" and k != "run_first_build"} for a in answers]
    assert kept[0] == kept[1]


def differences(left: Path, right: Path) -> list[str]:
    """Files in one tree and not the other, or different, but for the first build's."""
    differ = filecmp.dircmp(left, right, ignore=[*BUILT, ".cookiecutter.json"])
    found = [*differ.left_only, *differ.right_only, *differ.diff_files, *differ.funny_files]
    found = [name for name in found if not name.endswith(".so")]  # the built extension
    for name in differ.common_dirs:
        found += differences(left / name, right / name)
    return found


def test_nothing_starts_without_cargo(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = environment(cache, PATH=path_without(tmp_path / "path", "cargo", "rustc"))
    child = spawn(tmp_path, env, "--no-input", "run_first_build=no")
    child.expect(pexpect.EOF)
    assert "in the background" not in child.before
    assert not (cache / "cookiecutter-pyo3").exists()


STOPS = ["ctrl-c at a prompt", "run_first_build=no", "a bad answer", "--no-input", "two at once"]


@pytest.mark.parametrize("stop", STOPS)
def test_every_way_to_stop_leaves_nothing_running_and_nothing_behind(
    stop: str, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    env = environment(cache)
    if stop == "--no-input":  # the first build on, in the suite's shared target directory
        child = spawn(tmp_path, env, "--no-input")
        child.expect(pexpect.EOF)
        assert "Hello from Rust!" in child.before
        nothing_left(cache)
        return
    places = [tmp_path / name for name in ("a", "b")[: 1 + (stop == "two at once")]]
    for place in places:
        place.mkdir()
    children = [spawn(place, env) for place in places]
    for child in children:
        child.expect("in the background")
    wait_for(lambda: compiling(cache))
    for index, child in enumerate(children):
        if stop == "ctrl-c at a prompt":
            answer(child, until=3)
            child.sendintr()
        elif stop == "a bad answer":
            answer(child, {3: "class"})  # module_name
        else:
            answer(child, {1: f"Project {index}", 14: "n"})
        child.expect(pexpect.EOF)
        child.close()
    if stop == "two at once":
        assert len({child.pid for child in children}) == 2
    nothing_left(cache)
