"""What ships, proven: one coverage report of Rust and Python, reproducible wheels, and the
dependency policy.

A default project with its first build runs its own `nox -s coverage`, `nox -s reproducible`
and `nox -s deny`, as its CI does. cargo-llvm-cov and cargo-deny come from crates.io (the sessions install them into
the project's .nox when they are not on PATH); the coverage needs llvm-cov of rustc's LLVM
(Debian's llvm-<N>, which `.ci/run` installs, or rustup's llvm-tools).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kit import generate, run

NOX = [sys.executable, "-m", "nox", "--reuse-existing-virtualenvs", "-s"]
# A function no test calls, whose line the report must show run 0 times, and one only a Rust
# unit test calls, whose line `cargo test` must count.
PLANTED = """
/// Called by no test: the coverage report shows it.
#[must_use]
pub fn untested_sum(values: &[u64]) -> u64 {
    values.iter().sum()
}

/// Called by a Rust unit test only.
#[must_use]
pub fn rust_tested_max(values: &[u64]) -> u64 {
    values.iter().copied().max().unwrap_or_default()
}

#[cfg(test)]
mod planted {
    #[test]
    fn max_of_two() {
        assert_eq!(super::rust_tested_max(&[1, 2]), 2);
    }
}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("shipping"))


def hits(lcov: str, source: str) -> dict[int, int]:
    """Line -> times run, for one source file of an lcov report."""
    for record in lcov.split("end_of_record"):
        if re.search(rf"^SF:.*{re.escape(source)}$", record, re.MULTILINE):
            return {int(n): int(c) for n, c in re.findall(r"^DA:(\d+),(\d+)", record, re.MULTILINE)}
    pytest.fail(f"{source} is not in the report")


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


def test_coverage_counts_rust_run_from_python_and_shows_what_no_test_runs(project: Path) -> None:
    compute = project / "src" / "compute.rs"
    original = compute.read_text(encoding="utf-8")
    compute.write_text(original + PLANTED, encoding="utf-8")
    try:
        result = subprocess.run(
            [*NOX, "coverage"], cwd=project, capture_output=True, text=True, check=False
        )
        untested = line_of(compute, "values.iter().sum()")
        rust_tested = line_of(compute, "values.iter().copied().max()")
    finally:
        compute.write_text(original, encoding="utf-8")
    output = result.stdout + result.stderr
    report = project / "coverage"
    lcov = (report / "lcov.info").read_text(encoding="utf-8")
    # `Color.mix` is called by the Python tests alone (not by tests/embedded_python.rs).
    color = project / "src" / "color.rs"
    assert hits(lcov, "src/color.rs")[line_of(color, "self.blend(*other.get(), factor)")] > 0
    assert hits(lcov, "src/compute.rs")[untested] == 0, "the untested function is counted as run"
    assert hits(lcov, "src/compute.rs")[rust_tested] > 0, "cargo test's run is not counted"
    assert lcov.count("end_of_record\n") == lcov.count("SF:"), "a record runs into the next"
    assert hits(lcov, "python/rust_module/__init__.py")  # Python's lines, in the same file
    for name in ("cobertura-rust.xml", "cobertura-python.xml", "html-rust", "html-python"):
        assert (report / name).exists(), name
    assert result.returncode == 0, output[-3000:]
    assert "Session coverage was successful" in result.stderr


def test_coverage_without_llvm_tools_says_what_it_needs_in_one_line(
    project: Path, tmp_path: Path
) -> None:
    """A rustc of an LLVM this machine has no tools for (a `rustc` that reports LLVM 99)."""
    if (
        shutil.which("rustup")
        and "llvm-tools" in run(["rustup", "component", "list", "--installed"], project).stdout
    ):
        pytest.skip("rustup's llvm-tools are installed here: nothing is missing")
    real = shutil.which("rustc")
    shim = tmp_path / "rustc"
    shim.write_text(
        f'#!/bin/sh\n[ "$1" = -vV ] && {{ echo "LLVM version: 99.1.0"; exit 0; }}\n'
        f'exec {real} "$@"\n',
        encoding="utf-8",
    )
    shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLVM_")}
    env["PATH"] = f"{tmp_path}{os.pathsep}{env['PATH']}"
    result = subprocess.run(
        [*NOX, "coverage"], cwd=project, capture_output=True, text=True, check=False, env=env
    )
    assert result.returncode != 0
    (line,) = [line for line in result.stderr.splitlines() if "llvm-cov and llvm-profdata" in line]
    assert "LLVM 99" in line and "rustup component add llvm-tools" in line and "llvm-99" in line


def reproducible(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NOX, "reproducible"], cwd=project, capture_output=True, text=True, check=False
    )


def test_two_builds_at_different_paths_give_the_same_wheel(project: Path) -> None:
    """Each copy built from scratch; the wheel names no path of the build, its SBOM neither."""
    result = reproducible(project)
    assert result.returncode == 0, result.stderr[-3000:]
    (wheel_hash,) = re.findall(r"^nox > ([0-9a-f]{64})  \S+\.whl$", result.stderr, re.MULTILINE)
    scratch = project / ".nox" / "reproducible" / "tmp" / "reproducible"
    copies = [next((scratch / place).rglob("dist/*.whl")) for place in ("one", "two")]
    assert copies[0].parent != copies[1].parent
    assert copies[0].read_bytes() == copies[1].read_bytes()
    with zipfile.ZipFile(copies[0]) as wheel:
        (sbom,) = [name for name in wheel.namelist() if "/sboms/" in name]
        document = wheel.read(sbom).decode("utf-8")
        (binary,) = [wheel.read(n) for n in wheel.namelist() if n.endswith(".so")]
    for place in (str(scratch), str(Path.home()), "path+file:"):
        assert place not in document, place
        assert place.encode() not in binary, place
    assert b"/cargo/registry/src/" in binary  # panic locations in crates, under a fixed name
    components = {c["name"]: c for c in json.loads(document)["components"]}
    assert components["pyo3"]["hashes"][0]["alg"] == "SHA-256"
    assert components["pyo3"]["licenses"] == [{"expression": "MIT OR Apache-2.0"}]
    print(f"wheel SHA-256 of both builds: {wheel_hash}")


def test_a_build_path_in_the_binary_fails_the_reproducible_check(project: Path) -> None:
    """The check can fail: greet() made to return the directory it was built in."""
    source = project / "src" / "my_module.rs"
    original = source.read_text(encoding="utf-8")
    planted = original.replace('"Hello from Rust!"', 'env!("CARGO_MANIFEST_DIR")')
    assert planted != original
    source.write_text(planted, encoding="utf-8")
    try:
        result = reproducible(project)
    finally:
        source.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert re.search(r"the two builds differ in rust_module-\S+\.whl", result.stderr)


def test_the_crate_compiles_for_the_pypy_its_ci_builds_wheels_for(
    project: Path, tmp_path: Path
) -> None:
    """No PyPy 3.11 here (Debian's pypy3 is 3.9, PyPy's downloads are out of reach), so PyO3 is
    told of one by a config file: the Rust code must compile against PyPy's C API, as CI's
    PyPy wheel build will."""
    config = tmp_path / "pypy311.cfg"
    config.write_text(
        "implementation=PyPy\nversion=3.11\nshared=true\nabi3=false\nbuild_flags=\n"
        "suppress_build_script_link_lines=true\n",
        encoding="utf-8",
    )
    target = Path(os.environ.get("CARGO_TARGET_DIR") or tmp_path / "target") / "pypy-check"
    env = {**os.environ, "PYO3_CONFIG_FILE": str(config), "CARGO_TARGET_DIR": str(target)}

    def check(*what: str) -> subprocess.CompletedProcess[str]:
        command = ["cargo", "check", *what, "--message-format=short"]
        return subprocess.run(
            command, cwd=project, capture_output=True, text=True, check=False, env=env
        )

    result = check("--lib")
    assert result.returncode == 0, result.stderr[-3000:]
    # The config is in force: PyO3 offers no embedding on PyPy, so the Rust tests that start
    # an interpreter (CPython's `cargo test`) do not compile against it.
    embedded = check("--tests")
    assert "append_to_inittab" in embedded.stderr, embedded.stderr[-3000:]
    # ... and CI builds that wheel: the one PyPy build ci/pythons.py gives.
    pypy = run([sys.executable, "ci/pythons.py", "pypy-tags"], project).stdout.split()
    assert pypy == ["pp311-pypy311_pp73"]


def test_deny_passes_and_checks_what_it_can_reach(project: Path) -> None:
    """Licences, bans and sources always; the advisories where GitHub can be reached."""
    result = run([*NOX, "deny"], project)
    assert "Session deny was successful" in result.stderr
    assert re.search(r"licenses ok", result.stdout + result.stderr)
    fetched = "advisories not checked" not in result.stderr
    assert fetched == bool(re.search(r"advisories ok", result.stdout + result.stderr))


def test_deny_refuses_a_copyleft_dependency(project: Path) -> None:
    """A crate under the GPL beside the project, as a dependency: refused, the licence named."""
    copyleft = project / "copyleft"
    (copyleft / "src").mkdir(parents=True)
    (copyleft / "src" / "lib.rs").write_text("", encoding="utf-8")
    (copyleft / "Cargo.toml").write_text(
        '[package]\nname = "copyleft"\nversion = "0.1.0"\nedition = "2024"\n'
        'license = "GPL-3.0-only"\n',
        encoding="utf-8",
    )
    manifest = project / "Cargo.toml"
    original = manifest.read_text(encoding="utf-8")
    dependency = 'thiserror = "2"\ncopyleft = { path = "copyleft", version = "0.1.0" }'
    manifest.write_text(original.replace('thiserror = "2"', dependency), encoding="utf-8")
    try:
        result = subprocess.run(
            [*NOX, "deny"], cwd=project, capture_output=True, text=True, check=False
        )
    finally:
        manifest.write_text(original, encoding="utf-8")
        shutil.rmtree(copyleft)
    assert result.returncode != 0
    assert "GPL-3.0-only" in result.stdout + result.stderr
