#!/usr/bin/env -S uv run --script
# /// script
# dependencies = ["nox>=2025.2.9"]
# ///
"""Tasks for working on the extension; `nox -l` lists them, CI runs the same ones.

`nox -s develop` after editing Rust. The other sessions build the extension into a venv of
their own: `tests` once per supported CPython found on this machine.
"""

import shutil
import sys
import tempfile
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"

PROJECT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(PROJECT / "pyproject.toml")
# The cargo profiles of maturin's builds: editable for `maturin develop`, the other for wheels.
PROFILES = PYPROJECT["tool"]["maturin"]
MODULE = {{ cookiecutter.module_name | py_str }}
PACKAGE = PROJECT / "python" / MODULE
PYTHONS = {{ cookiecutter.python_min | supported_pythons | tojson }}
(MATURIN,) = PYPROJECT["build-system"]["requires"]


def groups(*names: str) -> list[str]:
    """The requirements of dependency groups in pyproject.toml."""
    return [req for name in names for req in nox.project.dependency_groups(PYPROJECT, name)]


def build(session: nox.Session, *args: str) -> None:
    """Builds the extension into the session's venv with `maturin develop`."""
    installer = ["--uv"] if session.venv_backend == "uv" else []
    session.run("maturin", "develop", "--quiet", *installer, *args)


def python_of(session: nox.Session) -> str:
    """The session's interpreter, for PyO3 to build against (see .cargo/config.toml)."""
    found = shutil.which("python", path=session.bin)
    assert found, f"no python in {session.bin}"
    return found


@nox.session(reuse_venv=True, default=True)
def develop(session: nox.Session) -> None:
    """Builds the extension into .venv and regenerates its .pyi stubs from the Rust code."""
    session.install(MATURIN)
    # nox points maturin and uv at the session's own venv; these point them at the project's.
    names = ["VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "UV_PYTHON"]
    venv = dict.fromkeys(names, str(PROJECT / ".venv"))
{%- if cookiecutter.project_manager == "uv" %}
    session.run("uv", "sync", "--quiet", external=True, env=venv)
{%- else %}
    session.run("maturin", "develop", env=venv)
{%- endif %}
    write_stubs(session, venv)


def write_stubs(session: nox.Session, env: dict[str, str]) -> None:
    """Writes each stub where Python imports its module from, replacing the previous ones.

    maturin writes `<package>/_core/__init__.pyi` and `<package>/_core/<submodule>.pyi`, but
    `__init__.py` registers the submodules as `<package>.<submodule>`: the stubs move to
    `<package>/_core.pyi` and `<package>/<submodule>.pyi`, where type checkers look for them.
    """
    with tempfile.TemporaryDirectory() as out:
        # The profile of `maturin develop`: the build it just made is reused, not repeated.
        profile = PROFILES["editable-profile"]
        generate = ["maturin", "generate-stubs", "--profile", profile, "--quiet", "--out", out]
        session.run(*generate, env=env)
        generated = Path(out) / MODULE / "_core"
        for stale in PACKAGE.rglob("*.pyi"):
            stale.unlink()
        for stub in generated.rglob("*.pyi"):
            relative = stub.relative_to(generated)
            if relative == Path("__init__.pyi"):
                relative = Path("_core.pyi")
            (PACKAGE / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(stub, PACKAGE / relative)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """pytest, `cargo test` with an embedded interpreter, and stubtest, on one CPython."""
    session.install(MATURIN, *groups("test", "lint"))
    build(session)
    # A free-threaded Python runs each test in several threads at once (pytest-run-parallel).
    gil_disabled = "import sysconfig; print(sysconfig.get_config_var('Py_GIL_DISABLED') or 0)"
    free_threaded = session.run("python", "-c", gil_disabled, silent=True)
    parallel = ["--parallel-threads=auto"] if str(free_threaded).strip() == "1" else []
    session.run("pytest", "--hypothesis-profile=thorough", *parallel, *session.posargs)
    session.run("cargo", "test", external=True, env={"PYO3_PYTHON": python_of(session)})
    session.run("python", "-m", "mypy.stubtest", MODULE)


@nox.session(venv_backend="none", default=False)
def fuzz(session: nox.Session) -> None:
    """Fuzzes the Rust code that parses outside input, with cargo-fuzz on nightly Rust.

    Each target of fuzz/Cargo.toml runs 10 seconds, or as many as `nox -s fuzz -- 600` says,
    from the examples in fuzz/seeds/ and what earlier runs added to fuzz/corpus/. A crash fails
    the session and is kept in fuzz/artifacts/, with the command that replays it.
    """
    seconds = session.posargs[0] if session.posargs else "10"
    if not shutil.which("cargo-fuzz"):
        session.run("cargo", "install", "--locked", "cargo-fuzz", external=True)
    # The targets link the crate, and so PyO3: without .venv, it builds against this Python.
    pyo3 = {} if (PROJECT / ".venv").is_dir() else {"PYO3_PYTHON": sys.executable}
    fuzz = PROJECT / "fuzz"
    for target in [binary["name"] for binary in nox.project.load_toml(fuzz / "Cargo.toml")["bin"]]:
        corpus = fuzz / "corpus" / target
        corpus.mkdir(parents=True, exist_ok=True)
        seeds = fuzz / "seeds" / target
        run = ["cargo", "+nightly", "fuzz", "run", target, str(corpus), str(seeds), "--"]
        session.run(*run, f"-max_total_time={seconds}", external=True, env=pyo3)


@nox.session(default=False)
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
        "PYO3_PYTHON": python_of(session),
        f"CARGO_TARGET_{triple.upper().replace('-', '_')}_RUNNER": " ".join(valgrind),
        # Python's own allocator hides its blocks from valgrind.
        "PYTHONMALLOC": "malloc",
    }
    session.run("cargo", "test", external=True, env=env)
    session.run("pytest", "--memray", "tests/test_memory.py")


@nox.session
def lint(session: nox.Session) -> None:
    """rustfmt, clippy, ruff and mypy: every check that needs no build."""
    session.install(*groups("test", "lint", "bench"))
    session.run("cargo", "fmt", "--check", external=True)
    # Without .venv (CI), PyO3 builds against this session's Python.
    pyo3 = {} if (PROJECT / ".venv").is_dir() else {"PYO3_PYTHON": python_of(session)}
    clippy = ["cargo", "clippy", "--all-targets", "--", "-D", "warnings"]
    session.run(*clippy, external=True, env=pyo3)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session
def docs(session: nox.Session) -> None:
    """Builds the site in docs/_build/html, warnings as errors; `nox -s docs -- serve` previews it."""
    session.install(MATURIN, *groups("docs"))
    build(session)
    html = ["docs", "docs/_build/html", "-W", "--keep-going"]
    if session.posargs == ["serve"]:
        session.install("sphinx-autobuild")
        session.run("sphinx-autobuild", *html, "--watch", "python")
    else:
        session.run("sphinx-build", "--builder", "html", *html)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks the wheels' build; keeps each run in .benchmarks/ and draws a histogram there."""
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
