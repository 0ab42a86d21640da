"""Fixtures shared by the template tests; the rest of their kit is in kit.py.

Every test generates real projects with cookiecutter's own API or CLI. Projects that are
compiled share one CARGO_TARGET_DIR, so PyO3 is compiled once per feature set for the run.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

# The tests import the template's scripts/ (pytest's pythonpath): their bytecode would land in
# the template, and cookiecutter would copy it into every project the tests generate.
sys.dont_write_bytecode = True

from kit import MATRIX, PYTHONS, bake


def pytest_configure() -> None:
    """Ctrl-C as a terminal gives it, for the tests that press it: a script that starts the
    tests in its background ignores SIGINT, and every process they start would inherit that."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """One project per MATRIX entry, rendered only (nothing compiles), for every test file."""
    out = tmp_path_factory.mktemp("matrix")
    return [bake(out / str(index), **answers) for index, answers in enumerate(MATRIX)]


@pytest.fixture(scope="session", autouse=True)
def shared_cargo_target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One target directory for every cargo and maturin call of the session."""
    target = Path(os.environ.get("CARGO_TARGET_DIR") or tmp_path_factory.mktemp("cargo-target"))
    os.environ["CARGO_TARGET_DIR"] = str(target)
    return target


def pytest_report_header() -> str:
    return "CPythons found: " + ", ".join(f"{v} ({path})" for v, path in PYTHONS.items())
