#!/usr/bin/env -S uv run --script
# /// script
# dependencies = ["nox>=2026.10.20"]
# ///
"""Tasks for working on the extension; `nox -l` lists them, CI runs the same ones.

`nox -s develop` after editing Rust. `tests` runs on each Python of pyproject.toml's
classifiers that this machine has (python3.X on PATH); the other sessions on the Python that
runs nox, so run it from `.venv`. Their cargo builds go to target/nox/<session>, apart from
plain `cargo` and `maturin develop`, so that switching between them never recompiles PyO3.
"""

import hashlib
import logging
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import nox

PROJECT = Path(__file__).parent
sys.path.insert(0, str(PROJECT / "ci"))  # nox loads this file by path
import pythons

nox.needs_version = ">=2026.10.20"
# nox's `uv|virtualenv` prints a notice wherever uv is missing; maturin's `--uv` needs it on PATH.
nox.options.default_venv_backend = "uv" if shutil.which("uv") else "virtualenv"
# nox says "uv binary not found" in every session on a machine without uv, where none needs it.
logging.getLogger("nox").addFilter(lambda record: record.getMessage() != "uv binary not found.")
# A missing Python is skipped with its name, not downloaded unasked (CI: --download-python).
nox.options.download_python = "never"

PYPROJECT = nox.project.load_toml(PROJECT / "pyproject.toml")
# The cargo profiles of maturin's builds: editable for `maturin develop`, the other for wheels.
PROFILES = PYPROJECT["tool"]["maturin"]
MODULE = {{ cookiecutter.module_name | py_str }}
(MATURIN,) = PYPROJECT["build-system"]["requires"]


def groups(*names: str) -> list[str]:
    """The requirements of dependency groups in pyproject.toml."""
    return [req for name in names for req in nox.project.dependency_groups(PYPROJECT, name)]


def pinned(name: str) -> str:
    """A tool's requirement as the `lint` group pins it."""
    return next(req for req in groups("lint") if req.split("==")[0] == name)


def cargo_env(session: nox.Session) -> dict[str, str]:
    """PyO3 builds against the session's Python, in a target directory of the session's own."""
    python = shutil.which("python", path=session.bin)
    assert python, f"no python in {session.bin}"
    target = Path(os.environ.get("CARGO_TARGET_DIR") or PROJECT / "target")
    return {"PYO3_PYTHON": python, "CARGO_TARGET_DIR": str(target / "nox" / session.name)}


def build(session: nox.Session, *args: str, env: dict[str, str] | None = None) -> None:
    """Builds the extension into the session's venv with `maturin develop`."""
    installer = ["--uv"] if session.venv_backend == "uv" else []
    env = env or cargo_env(session)
    session.run("maturin", "develop", "--quiet", *installer, *args, env=env)


def rustc(session: nox.Session) -> dict[str, str]:
    """`rustc -vV`'s fields: host, release, LLVM version."""
    lines = str(session.run("rustc", "-vV", silent=True, external=True)).splitlines()
    return dict(line.split(": ", 1) for line in lines if ": " in line)


def cargo_tool(session: nox.Session, name: str) -> None:
    """A cargo subcommand on the session's PATH: the one on PATH, else installed from
    crates.io into .nox/cargo-tools, for this project (once)."""
    tools = PROJECT / ".nox" / "cargo-tools"
    session.env["PATH"] = os.pathsep.join([str(tools / "bin"), os.environ.get("PATH", "")])
    if not shutil.which(name, path=session.env["PATH"]):
        session.log(f"{name} is not on PATH: installing it into {tools}, for this project")
        install = ["cargo", "install", "--locked", "--root", str(tools), name]
        session.run(*install, external=True)


@nox.session(venv_backend="none", default=True)
def develop(session: nox.Session) -> None:
    """Builds the extension into .venv and regenerates its .pyi stubs from the Rust code.

    The same set-up as a fresh clone's (scripts/bootstrap.py); a step with nothing to do is quick.
    """
    session.run(sys.executable, str(PROJECT / "scripts" / "bootstrap.py"), *session.posargs)


@nox.session(python=pythons.supported())
def tests(session: nox.Session) -> None:
    """pytest, `cargo test` with an embedded interpreter, stubtest, and the set-up of a fresh
    clone, on one CPython."""
    session.install(MATURIN, *groups("test"), pinned("mypy"))
    build(session)
    # A free-threaded Python runs each test in several threads at once (pytest-run-parallel,
    # which pyproject.toml keeps off elsewhere).
    parallel = ["-p", "run-parallel", "--parallel-threads=auto"]
    parallel = parallel if str(session.python).endswith("t") else []
    session.run("pytest", "--hypothesis-profile=thorough", *parallel, *session.posargs)
    session.run("cargo", "test", external=True, env=cargo_env(session))
    session.run("python", "-m", "mypy.stubtest", MODULE)
    session.run("pytest", "-m", "setup")  # scripts/bootstrap.py in a fresh clone, on this Python


@nox.session(venv_backend="none", default=False)
def fuzz(session: nox.Session) -> None:
    """Fuzzes the Rust code that parses outside input, with cargo-fuzz on nightly Rust.

    Each target of fuzz/Cargo.toml runs 10 seconds, or as many as `nox -s fuzz -- 600` says,
    from the examples in fuzz/seeds/ and what earlier runs added to fuzz/corpus/, with the
    tokens of fuzz/<target>.dict. The seeds hold the shapes a parser of bytes gets wrong, so
    every run tries them first. A crash fails the session and is kept in fuzz/artifacts/, with
    the command that replays it. The targets link the crate, and so PyO3: it builds against
    the python on PATH.
    """
    seconds = session.posargs[0] if session.posargs else "10"
    fuzz = PROJECT / "fuzz"
    if not (fuzz / "Cargo.toml").is_file():
        session.skip("no fuzz targets: fuzz/Cargo.toml lists them, as cargo fuzz init writes it")
    cargo_tool(session, "cargo-fuzz")
    for target in [binary["name"] for binary in nox.project.load_toml(fuzz / "Cargo.toml")["bin"]]:
        corpus = fuzz / "corpus" / target
        corpus.mkdir(parents=True, exist_ok=True)
        seeds = fuzz / "seeds" / target
        run = ["cargo", "+nightly", "fuzz", "run", target, str(corpus), str(seeds), "--"]
        tokens = fuzz / f"{target}.dict"
        options = [f"-max_total_time={seconds}", *([f"-dict={tokens}"] if tokens.is_file() else [])]
        session.run(*run, *options, external=True)


@nox.session(venv_backend="none", default=False)
def deny(session: nox.Session) -> None:
    """cargo-deny with deny.toml: licences, crates.io as the only source, duplicate versions,
    and RustSec's advisories.

    The advisory database is a git repository on GitHub; where it cannot be fetched, the
    session checks the rest and says so in one line.
    """
    cargo_tool(session, "cargo-deny")
    checks = ["licenses", "bans", "sources"]
    fetch = ["cargo", "deny", "fetch", "db"]
    path = {**os.environ, "PATH": str(session.env["PATH"])}
    if subprocess.run(fetch, env=path, check=False).returncode:
        session.warn("RustSec's advisory database could not be fetched: advisories not checked.")
    else:
        checks.append("advisories")
    session.run("cargo", "deny", "check", *checks, external=True)


def build_wheel(session: nox.Session, project: Path, target: Path, out: Path) -> None:
    """The release wheel of `project` for the session's Python, and the sdist, into `out`.

    Built the same wherever the project sits and whoever builds it: file times from
    SOURCE_DATE_EPOCH (the last commit's, unless set), the checkout and cargo's home mapped to
    fixed names in the binary, and the SBOM of ci/sbom.py in place of maturin's own.
    """
    env = {"CARGO_TARGET_DIR": str(target)}
    last_commit = ["git", "log", "-1", "--format=%ct"]
    commit = subprocess.run(last_commit, cwd=PROJECT, capture_output=True, text=True, check=False)
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or commit.stdout.strip()
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    cargo_home = os.environ.get("CARGO_HOME") or str(Path.home() / ".cargo")
    remap = [f"--remap-path-prefix={cargo_home}=/cargo", f"--remap-path-prefix={project}=/build"]
    env["RUSTFLAGS"] = shlex.join([*shlex.split(os.environ.get("RUSTFLAGS", "")), *remap])
    crate = nox.project.load_toml(project / "Cargo.toml")["package"]["name"]
    sbom = project / "target" / "sbom" / f"{crate}.cyclonedx.json"  # maturin wants it inside
    session.run("python", str(project / "ci" / "sbom.py"), str(sbom), env=env)
    manifest = ["--manifest-path", str(project / "Cargo.toml"), "--out", str(out)]
    python = ["--interpreter", str(shutil.which("python", path=session.bin))]
    sbom_include = ["--sbom-include", str(sbom)]
    session.run("maturin", "build", "--sdist", *manifest, *python, *sbom_include, env=env)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@nox.session(default=False)
def wheels(session: nox.Session) -> None:
    """The release wheel for this machine and the sdist in dist/, reproducibly, with their SHA-256."""
    session.install(MATURIN)
    build_wheel(session, PROJECT, Path(cargo_env(session)["CARGO_TARGET_DIR"]), PROJECT / "dist")
    for path in sorted((PROJECT / "dist").iterdir()):
        session.log(f"{sha256(path)}  {path.name}")


@nox.session(default=False)
def reproducible(session: nox.Session) -> None:
    """Builds the wheel and the sdist in two copies of this checkout, at different paths and each
    from scratch, and fails unless they are byte for byte the same."""
    session.install(MATURIN)
    listed = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    files = str(session.run(*listed, silent=True, external=True)).split("\0")
    scratch = Path(session.create_tmp()).resolve() / "reproducible"
    shutil.rmtree(scratch, ignore_errors=True)
    builds = []
    for place in ("one", "two/at/another/depth"):
        copy = scratch / place / PROJECT.name
        for name in filter(None, files):
            if (PROJECT / name).is_file():
                (copy / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(PROJECT / name, copy / name)
        build_wheel(session, copy, copy / "target", copy / "dist")
        builds.append({path.name: sha256(path) for path in (copy / "dist").iterdir()})
    for name, digest in sorted(builds[0].items()):
        session.log(f"{digest}  {name}")
    differ = sorted(set(builds[0].items()) ^ set(builds[1].items()))
    if differ:
        session.error(f"the two builds differ in {', '.join(dict(differ))}: see {scratch}")
    session.log(f"Both builds gave the same {len(builds[0])} files, in {scratch}.")


@nox.session(default=False)
def coverage(session: nox.Session) -> None:
    """The lines the tests run, Rust and Python, in coverage/: lcov.info (both languages, for a
    coverage service), cobertura-rust.xml and cobertura-python.xml, and html-rust/ and
    html-python/ to read. A Rust line counts when pytest reaches it through the extension and
    when `cargo test` runs it. Fails under `fail_under` of [tool.coverage.report] in
    pyproject.toml, for either language.

    cargo-llvm-cov instruments the builds (installed into .nox/cargo-tools when missing) and
    reads the counts with llvm-cov and llvm-profdata of rustc's own LLVM (`llvm_tools`).
    """
    cargo_tool(session, "cargo-llvm-cov")
    env = {**cargo_env(session), **llvm_tools(session)}
    session.install(MATURIN, *groups("test", "coverage"))
    shown = session.run("cargo", "llvm-cov", "show-env", silent=True, external=True, env=env)
    for line in str(shown).splitlines():  # NAME="value" lines, for a shell to export
        if "=" in line:
            name, value = line.removeprefix("export ").split("=", 1)
            env[name] = shlex.split(value)[0] if value else ""
    session.run("cargo", "llvm-cov", "clean", "--workspace", external=True, env=env)
    # The extension in cargo's dev profile, as `cargo test` builds: the report reads the
    # binaries of one profile. (PyO3 compiles twice here, for maturin and for cargo test.)
    build(session, "--profile", "dev", env=env)
    session.run("coverage", "run", "-m", "pytest", *session.posargs, env=env)
    session.run("cargo", "test", external=True, env=env)

    out = PROJECT / "coverage"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    least = str(PYPROJECT["tool"]["coverage"]["report"]["fail_under"])
    rust = ["cargo", "llvm-cov", "report"]
    for kind, path in (("--lcov", "rust.lcov"), ("--cobertura", "cobertura-rust.xml")):
        session.run(*rust, kind, "--output-path", str(out / path), external=True, env=env)
    session.run(*rust, "--html", "--output-dir", str(out / "html-rust"), external=True, env=env)
    session.run("coverage", "lcov", "-q", "-o", str(out / "python.lcov"))
    session.run("coverage", "xml", "-q", "-o", str(out / "cobertura-python.xml"))
    session.run("coverage", "html", "-q", "-d", str(out / "html-python"))
    parts = [(out / name).read_text(encoding="utf-8") for name in ("rust.lcov", "python.lcov")]
    (out / "lcov.info").write_text("".join(f"{part.rstrip()}\n" for part in parts), "utf-8")
    session.log(f"Rust, then Python (both fail under {least}% of lines):")
    session.run(*rust, "--fail-under-lines", least, external=True, env=env)
    session.run("coverage", "report")


def llvm_tools(session: nox.Session) -> dict[str, str]:
    """llvm-cov and llvm-profdata of rustc's own LLVM version, for cargo-llvm-cov: LLVM_COV and
    LLVM_PROFDATA when set, rustup's llvm-tools when installed, else a system LLVM of that
    version (Debian's and Ubuntu's llvm-<N>, Homebrew's llvm@<N>). Stops in one line without."""
    if os.environ.get("LLVM_COV") and os.environ.get("LLVM_PROFDATA"):
        return {}
    major = rustc(session)["LLVM version"].split(".")[0]
    if shutil.which("rustup"):
        components = ["rustup", "component", "list", "--installed"]
        if "llvm-tools" in str(session.run(*components, silent=True, external=True)):
            return {}
    for folder in (f"/usr/lib/llvm-{major}/bin", f"/opt/homebrew/opt/llvm@{major}/bin"):
        cov, profdata = Path(folder, "llvm-cov"), Path(folder, "llvm-profdata")
        if cov.is_file() and profdata.is_file():
            return {"LLVM_COV": str(cov), "LLVM_PROFDATA": str(profdata)}
    session.error(
        f"coverage needs llvm-cov and llvm-profdata of LLVM {major}, rustc's: `rustup component "
        f"add llvm-tools`, or LLVM {major} from your system's packages (apt: llvm-{major}), with "
        "LLVM_COV and LLVM_PROFDATA naming the two programs if they are elsewhere"
    )


@nox.session(default=False)
def memory(session: nox.Session) -> None:
    """The Rust tests under valgrind, then every entry point a thousand times under memray.

    Fails on an invalid read, write or free and on memory definitely lost (valgrind), and when
    one place keeps memory call after call (memray). CPython's start-up reads values valgrind
    cannot follow, hence `--undef-value-errors=no`; there are no suppressions. Linux.
    """
    session.install(MATURIN, *groups("test", "memory"))
    build(session)
    triple = rustc(session)["host"]
    # One log per process, relative to the project (cargo runs each test binary there): the
    # verdict below is short, the logs keep every line.
    logs = Path(".nox", "memory-valgrind")
    shutil.rmtree(PROJECT / logs, ignore_errors=True)
    (PROJECT / logs).mkdir(parents=True)
    valgrind = [
        "valgrind",
        "--error-exitcode=1",
        "--undef-value-errors=no",
        "--leak-check=full",
        "--show-leak-kinds=definite",
        "--errors-for-leak-kinds=definite",
        f"--log-file={logs.as_posix()}/%p.log",
    ]
    env = {
        **cargo_env(session),
        f"CARGO_TARGET_{triple.upper().replace('-', '_')}_RUNNER": " ".join(valgrind),
        # Python's own allocator hides its blocks from valgrind.
        "PYTHONMALLOC": "malloc",
    }
    try:
        session.run("cargo", "test", external=True, env=env)
    finally:
        valgrind_verdict(session, PROJECT / logs)
    session.run("pytest", "--memray", "tests/test_memory.py")


def valgrind_verdict(session: nox.Session, logs: Path) -> None:
    """One line for all of valgrind's logs, and the summary of each that found a problem."""
    failed, processes, lost = [], 0, 0
    for log in sorted(logs.glob("*.log")):
        text = log.read_text(encoding="utf-8", errors="replace")
        processes += 1
        found = re.search(r"ERROR SUMMARY: (\d+) errors", text)
        definitely = re.search(r"definitely lost: ([\d,]+) bytes", text)
        lost += int(definitely[1].replace(",", "")) if definitely else 0
        if found and int(found[1]):
            failed.append(log)
            session.log(f"{log}:\n" + text[text.find("HEAP SUMMARY") :])
    verdict = f"{len(failed)} with errors" if failed else "no errors"
    session.log(f"valgrind: {processes} processes, {verdict}, {lost} bytes definitely lost.")
    session.log(f"Every line valgrind wrote is in {logs}.")


@nox.session(reuse_venv=True)
def lint(session: nox.Session) -> None:
    """Every check of .pre-commit-config.yaml on every file: formatters, linters, clippy.

    The checks are the pinned packages of the `lint` group, installed here from PyPI: no
    hook is cloned. The venv is kept between runs.
    """
    session.install(*groups("test", "lint", "tools"))
    checks = ["pre-commit", "run", "--show-diff-on-failure", *session.posargs]
    # `--all-files` is the files git tracks: a new file, or a new project before its first
    # commit, is checked by name as well (where a formatter fixes one, pre-commit cannot tell:
    # git shows no change in a file it does not track).
    listed = ["git", "ls-files", "-z", "--exclude-standard"]
    tracked = session.run(*listed, silent=True, external=True) or ""
    new = session.run(*listed, "--others", silent=True, external=True) or ""
    if not tracked and not new:
        session.error("no files to check: git lists none here")
    if tracked:
        session.run(*checks, "--all-files", env=cargo_env(session))
    if new:
        session.log("Files git does not track yet:")
        session.run(*checks, "--files", *new.strip("\0").split("\0"), env=cargo_env(session))


@nox.session(default=False)
def update(session: nox.Session) -> None:
    """The template's newest version merged in, with copier or cruft, whichever made the
    project (commit your work first). It never builds: `nox -s develop` afterwards. Arguments
    go to the tool: `nox -s update -- --vcs-ref=main` (copier), `-- --checkout main` (cruft).
    """
    session.install(*groups("update"))
    if (PROJECT / ".copier-answers.yml").is_file():
        asked = [] if session.interactive else ["--defaults"]  # new questions: their defaults
        session.run("copier", "update", "--trust", "--skip-answered", *asked, *session.posargs)
    elif (PROJECT / ".cruft.json").is_file():
        session.run("cruft", "update", "--skip-apply-ask", *session.posargs)
    else:
        session.error("no .copier-answers.yml or .cruft.json: link the project first (README)")


@nox.session
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


@nox.session
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
