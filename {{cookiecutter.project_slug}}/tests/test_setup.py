"""The set-up, scripts/bootstrap.py, as a teammate runs it: a fresh clone, a re-run, a missing tool.

These build the extension again in a clone, so a plain `pytest` leaves them out (the `setup`
marker); `nox -s tests` and CI run them, on each Python. Edit the set-up, then run
`pytest -m setup`.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.setup, pytest.mark.thread_unsafe(reason="one clone, one set-up")]

PROJECT = Path(__file__).resolve().parents[1]
SET_UP = [sys.executable, "scripts/bootstrap.py", "--python", sys.executable]


def set_up(clone: Path, *args: str) -> str:
    """Runs the set-up in `clone` from a shell with nothing activated; what it printed."""
    shell = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYO3_PYTHON"}}
    # The clones of every run share their crates: only what depends on .venv compiles again.
    shell.setdefault("CARGO_TARGET_DIR", str(PROJECT / "target" / "clones"))
    done = subprocess.run(
        [*SET_UP, *args], cwd=clone, env=shell, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This project's last commit, cloned and set up by the one command of the README."""
    if not (PROJECT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout: there is nothing to clone")
    clone = tmp_path_factory.mktemp("clone") / PROJECT.name
    subprocess.run(["git", "clone", "--quiet", str(PROJECT), str(clone)], check=True)
    set_up(clone)
    return clone


def test_a_fresh_clone_is_set_up_by_one_command(clone: Path) -> None:
    """.venv imports the module, and the stubs the set-up writes are the committed ones."""
    python = clone / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    module = next(path.name for path in (clone / "python").iterdir() if path.is_dir())
    subprocess.run([str(python), "-c", f"import {module}"], check=True)
    changed = ["git", "status", "--porcelain", "--untracked-files=no"]
    status = subprocess.run(changed, cwd=clone, capture_output=True, text=True, check=True)
    assert status.stdout == "", "the set-up changed committed files (the stubs?)"


def test_a_second_run_has_nothing_to_do_but_build(clone: Path) -> None:
    """.venv, the tools and the git hook are there: only the build and the stubs run again."""
    assert "to do: build, stubs" in set_up(clone, "--check")
    said = set_up(clone)
    assert "Next steps" not in said, "said once, at the first set-up"


def test_a_missing_tool_is_named_with_where_to_get_it(tmp_path: Path) -> None:
    """Without cargo on PATH the set-up changes nothing and says what to install."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    env = {**os.environ, "PATH": str(bin_)}
    done = subprocess.run(
        [*SET_UP, "--check"], cwd=PROJECT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert "cargo and rustc not found: install Rust from https://rustup.rs" in done.stderr
    assert done.stderr.rstrip().endswith("scripts/bootstrap.py")
