"""The generated project's stability suite passes as generated, and catches a planted defect.

One default project, with its first build: its property tests (thorough profile), its fuzz
session and its memory session pass. Then a defect of each kind is planted in its Rust code,
and the test or session meant for that kind must fail, naming it: an input that panics (the
property tests and the fuzzer), a leak (valgrind and memray). An invalid memory access cannot
be written without `unsafe`, which the crate forbids: planting one fails to compile.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit import generate, run

# The parser's slips on outside text, each planted alone: slicing instead of `strip_prefix`
# (panics on "" and on a first character of several bytes), and a check of the byte length
# followed by slices by bytes, the hex digits left unchecked (panics on "#aébcd", "#€abc":
# six bytes, a character split in two; and accepts "#+f+f+f", which the fuzz target's round
# trip refuses).
PANICS = {
    "a slice for strip_prefix": [
        (
            """let digits = text
            .strip_prefix('#')
            .ok_or_else(|| invalid("must start with '#'"))?;""",
            "let digits = &text[1..];",
        )
    ],
    "slices by bytes after a byte-length check": [
        (
            "if digits.len() != 6 || !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {",
            "if digits.len() != 6 {",
        ),
        (
            """            digits
                .get(range)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())""",
            """            u8::from_str_radix(&digits[range], 16).ok()""",
        ),
    ],
}
# How often the suite runs against each planted defect: it must catch it every time.
RUNS = 3
# Memory that no owner will free, 64 bytes a call.
LEAK = (
    '        "Hello from Rust!"',
    '        std::mem::forget(vec![0_u8; 64]);\n        "Hello from Rust!"',
)
INVALID_ACCESS = (
    '        "Hello from Rust!"',
    '        let _ = unsafe { std::ptr::null::<u8>().read() };\n        "Hello from Rust!"',
)
NOX = [sys.executable, "-m", "nox", "--reuse-existing-virtualenvs", "-s"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("stability"))


def attempt(command: list[str], project: Path) -> subprocess.CompletedProcess[str]:
    """Runs a command that may fail; returns its result."""
    return subprocess.run(
        command, cwd=project, capture_output=True, text=True, check=False, env=shell(project)
    )


def shell(project: Path) -> dict[str, str]:
    """The project's shell: .venv active."""
    return {**os.environ, "VIRTUAL_ENV": str(project / ".venv")}


@contextlib.contextmanager
def planted(
    project: Path, source: str, *edits: tuple[str, str], into_venv: bool = False
) -> Iterator[None]:
    """The project with the defect's edits written into `src/<source>`; restored afterwards,
    and built into .venv again when the defect went there (`into_venv`)."""
    path = project / "src" / source
    original = path.read_text(encoding="utf-8")
    changed = original
    for old, new in edits:
        assert old in changed, f"the code to plant into moved: {old!r}"
        changed = changed.replace(old, new, 1)
    path.write_text(changed, encoding="utf-8")
    try:
        yield
    finally:
        path.write_text(original, encoding="utf-8")
        if into_venv:
            run(["maturin", "develop", "--quiet"], project, env=shell(project))


def test_property_tests_pass_thoroughly(project: Path) -> None:
    pytest_ = [str(project / ".venv" / "bin" / "python"), "-m", "pytest", "-p", "no:cacheprovider"]
    result = run([*pytest_, "--hypothesis-profile=thorough", "tests/test_properties.py"], project)
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_fuzz_session_passes(project: Path) -> None:
    result = run([*NOX, "fuzz", "--", "2"], project)
    assert "Session fuzz was successful" in result.stderr
    assert not list((project / "fuzz" / "artifacts").rglob("crash-*"))


def test_memory_session_passes(project: Path) -> None:
    result = run([*NOX, "memory"], project)
    assert "Session memory was successful" in result.stderr


@pytest.mark.parametrize("defect", list(PANICS))
def test_an_input_that_panics_is_caught_every_time(project: Path, defect: str) -> None:
    """Each planted slip, RUNS times: a plain `pytest` (the fast profile, a new seed each time)
    reports the PanicException, and a default `nox -s fuzz` run keeps the crashing input."""
    python = str(project / ".venv" / "bin" / "python")
    with planted(project, "color.rs", *PANICS[defect], into_venv=True):
        run(["maturin", "develop", "--quiet"], project, env=shell(project))
        for seed in range(RUNS):
            found = attempt(
                [python, "-m", "pytest", "-x", "-p", "no:cacheprovider", f"--hypothesis-seed={seed}"],
                project,
            )  # fmt: skip
            assert found.returncode == 1 and "PanicException" in found.stdout, found.stdout[-3000:]
        for _ in range(RUNS):
            shutil.rmtree(project / "fuzz" / "artifacts", ignore_errors=True)
            shutil.rmtree(project / "fuzz" / "corpus", ignore_errors=True)
            fuzzed = attempt([*NOX, "fuzz"], project)
            output = fuzzed.stdout + fuzzed.stderr  # nox's lines go to stderr, the tool's to stdout
            assert fuzzed.returncode != 0, output[-3000:]
            assert re.search(r"panicked at \S*(src/color|fuzz_targets/from_hex)\.rs", output), (
                output[-3000:]
            )
            assert list((project / "fuzz" / "artifacts" / "from_hex").glob("crash-*"))


def test_a_leak_is_caught(project: Path) -> None:
    """valgrind fails `cargo test` on the lost blocks; memray fails the loop over the calls."""
    with planted(project, "my_module.rs", LEAK):
        memory = attempt([*NOX, "memory"], project)
        output = memory.stdout + memory.stderr
        assert memory.returncode != 0 and "definitely lost" in output, output[-3000:]
        # The session stopped at valgrind; its venv already has the leaking build for memray.
        python = str(project / ".nox" / "memory" / "bin" / "python")
        memray = attempt([python, "-m", "pytest", "--memray", "tests/test_memory.py"], project)
        assert memray.returncode == 1 and "MEMORY PROBLEMS" in memray.stdout, memray.stdout[-3000:]


def test_an_invalid_access_cannot_be_planted(project: Path) -> None:
    """Reading through a null pointer takes `unsafe`, and `unsafe_code = "forbid"` refuses it."""
    with planted(project, "my_module.rs", INVALID_ACCESS):
        check = attempt(["cargo", "check", "--quiet"], project)
        assert check.returncode != 0 and "usage of an `unsafe` block" in check.stderr, check.stderr
