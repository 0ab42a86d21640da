#!/usr/bin/env -S uv run --script
# /// script
# dependencies = ["nox>=2026.10.20"]
# ///
"""Tasks for working on the extension; `nox -l` lists them, CI runs the same ones.

`nox -s develop` after editing Rust. The other sessions build the extension into a venv of
their own, on a Python the project supports whatever Python runs nox: `tests` on each supported
CPython this machine has (found as scripts/interpreters.py finds them for the set-up), the
others on the newest. Their cargo builds go to target/nox/<session>, apart from plain
`cargo` and `maturin develop`, so that switching between them never recompiles PyO3.
"""

import os
import shutil
import sys
from pathlib import Path

import nox

PROJECT = Path(__file__).parent
sys.path.insert(0, str(PROJECT / "scripts"))  # nox loads this file by path
import interpreters

nox.needs_version = ">=2026.10.20"
# nox's `uv|virtualenv` prints a notice wherever uv is missing; maturin's `--uv` needs it on PATH.
nox.options.default_venv_backend = "uv" if shutil.which("uv") else "virtualenv"
# A missing Python is skipped with its name, not downloaded unasked.
nox.options.download_python = "never"

PYPROJECT = nox.project.load_toml(PROJECT / "pyproject.toml")
# The cargo profiles of maturin's builds: editable for `maturin develop`, the other for wheels.
PROFILES = PYPROJECT["tool"]["maturin"]
MODULE = {{cookiecutter.module_name | py_str}}
(MATURIN,) = PYPROJECT["build-system"]["requires"]
VERSIONS = {{cookiecutter.python_min | supported_pythons | tojson}}
PYTHONS = [*VERSIONS, *{{cookiecutter.python_min | free_threaded_pythons | tojson}}]
PYTHON_MIN = interpreters.version_tuple(PYPROJECT["project"]["requires-python"])
FOUND = interpreters.found_pythons(PYTHON_MIN)
# nox looks for `python3.X` on PATH; the directories of the Pythons found elsewhere join it.
FOUND_DIRS = [str(Path(path).parent) for path in FOUND.values()]
os.environ["PATH"] = os.pathsep.join(dict.fromkeys([os.environ.get("PATH", ""), *FOUND_DIRS]))
# The sessions that need one Python take the newest supported one found, else python_min.
NEWEST = next((v for v in reversed(FOUND) if v in VERSIONS), VERSIONS[0])


def groups(*names: str) -> list[str]:
    """The requirements of dependency groups in pyproject.toml."""
    return [req for name in names for req in nox.project.dependency_groups(PYPROJECT, name)]


def cargo_env(session: nox.Session) -> dict[str, str]:
    """PyO3 builds against the session's Python, in a target directory of the session's own."""
    python = shutil.which("python", path=session.bin)
    assert python, f"no python in {session.bin}"
    target = Path(os.environ.get("CARGO_TARGET_DIR") or PROJECT / "target")
    return {"PYO3_PYTHON": python, "CARGO_TARGET_DIR": str(target / "nox" / session.name)}


def build(session: nox.Session, *args: str) -> None:
    """Builds the extension into the session's venv with `maturin develop`."""
    installer = ["--uv"] if session.venv_backend == "uv" else []
    session.run("maturin", "develop", "--quiet", *installer, *args, env=cargo_env(session))


@nox.session(venv_backend="none", default=True)
def develop(session: nox.Session) -> None:
    """Builds the extension into .venv and regenerates its .pyi stubs from the Rust code.

    The same set-up as a fresh clone's (scripts/bootstrap.py); a step with nothing to do is quick.
    """
    session.run(sys.executable, str(PROJECT / "scripts" / "bootstrap.py"))


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """pytest, `cargo test` with an embedded interpreter, and stubtest, on one CPython."""
    session.install(MATURIN, *groups("test", "lint"))
    build(session)
    # A free-threaded Python runs each test in several threads at once (pytest-run-parallel).
    parallel = ["--parallel-threads=auto"] if str(session.python).endswith("t") else []
    session.run("pytest", "--hypothesis-profile=thorough", *parallel, *session.posargs)
    session.run("cargo", "test", external=True, env=cargo_env(session))
    session.run("python", "-m", "mypy.stubtest", MODULE)


@nox.session(venv_backend="none", default=False)
def fuzz(session: nox.Session) -> None:
    """Fuzzes the Rust code that parses outside input, with cargo-fuzz on nightly Rust.

    Each target of fuzz/Cargo.toml runs 10 seconds, or as many as `nox -s fuzz -- 600` says,
    from the examples in fuzz/seeds/ and what earlier runs added to fuzz/corpus/. A crash fails
    the session and is kept in fuzz/artifacts/, with the command that replays it. The targets
    link the crate, and so PyO3: it builds against the python on PATH.
    """
    seconds = session.posargs[0] if session.posargs else "10"
    if not shutil.which("cargo-fuzz"):
        session.run("cargo", "install", "--locked", "cargo-fuzz", external=True)
    fuzz = PROJECT / "fuzz"
    for target in [binary["name"] for binary in nox.project.load_toml(fuzz / "Cargo.toml")["bin"]]:
        corpus = fuzz / "corpus" / target
        corpus.mkdir(parents=True, exist_ok=True)
        seeds = fuzz / "seeds" / target
        run = ["cargo", "+nightly", "fuzz", "run", target, str(corpus), str(seeds), "--"]
        session.run(*run, f"-max_total_time={seconds}", external=True)


@nox.session(python=NEWEST, default=False)
def memory(session: nox.Session) -> None:
    """The Rust tests under valgrind, then every entry point a thousand times under memray.

    Fails on an invalid read, write or free and on memory definitely lost (valgrind), and when
    one place keeps memory call after call (memray). CPython's start-up reads values valgrind
    cannot follow, hence `--undef-value-errors=no`; there are no suppressions. Linux.
    """
    session.install(MATURIN, *groups("test", "memory"))
    build(session)
    host = session.run("rustc", "-vV", silent=True, external=True)
    triple = next(line.split()[1] for line in str(host).splitlines() if line.startswith("host:"))
    valgrind = [
        "valgrind",
        "--quiet",
        "--error-exitcode=1",
        "--undef-value-errors=no",
        "--leak-check=full",
        "--errors-for-leak-kinds=definite",
    ]
    env = {
        **cargo_env(session),
        f"CARGO_TARGET_{triple.upper().replace('-', '_')}_RUNNER": " ".join(valgrind),
        # Python's own allocator hides its blocks from valgrind.
        "PYTHONMALLOC": "malloc",
    }
    session.run("cargo", "test", external=True, env=env)
    session.run("pytest", "--memray", "tests/test_memory.py")


@nox.session(python=NEWEST, reuse_venv=True)
def lint(session: nox.Session) -> None:
    """Every check of .pre-commit-config.yaml on every file: formatters, linters, clippy.

    The venv is kept between runs; pre-commit keeps each hook's own environment in its cache.
    """
    session.install(*groups("tools"))
    checks = ["pre-commit", "run", "--all-files", "--show-diff-on-failure", *session.posargs]
    session.run(*checks, env=cargo_env(session))


@nox.session(python=NEWEST)
def docs(session: nox.Session) -> None:
    """Builds the site in docs/_build/html, warnings as errors; `nox -s docs -- serve` previews it.

    The API pages are read from the .pyi stubs, so nothing compiles.
    """
    session.install(*groups("docs"))
    html = ["docs", "docs/_build/html", "-W", "--keep-going"]
    if session.posargs == ["serve"]:
        session.install("sphinx-autobuild")
        session.run("sphinx-autobuild", *html, "--watch", "python")
    else:
        session.run("sphinx-build", "--builder", "html", *html)


@nox.session(python=NEWEST)
def bench(session: nox.Session) -> None:
    """Benchmarks the wheels' build; keeps each run in .benchmarks/ with a histogram per benchmark."""
    session.install(MATURIN, *groups("test", "bench"))
    build(session, "--profile", PROFILES["profile"])
    session.run(
        "pytest",
        "benchmarks",
        "--benchmark-only",
        "--benchmark-autosave",
        "--benchmark-storage=.benchmarks",
        "--benchmark-histogram=.benchmarks/histogram",
        *session.posargs,
    )


if __name__ == "__main__":
    nox.main()
