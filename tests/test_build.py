"""Generated projects really build, import and pass their own checks.

Each variant is generated through the command line with the first build on, exactly as a user
would, then the project's own test suites, linters and type checks run in its own venv. The
variants share CARGO_TARGET_DIR, so PyO3 compiles once per feature set.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from conftest import run, run_cli
from paths import path_without

# Every variant's first build takes a different path through the hook.
VARIANTS = {
    # pip only: the user has no uv, so the hook uses venv and pip.
    "default": ([], ["uv", "uvx"]),
    # uv found on PATH speeds up the pip-managed path. The async example rides on the abi3
    # build: one more feature set, not two.
    "abi3-async": (
        ["abi3=yes", "async_example=yes", "project_name=Stable ABI", "license=MIT OR Apache-2.0"],
        [],
    ),
    # A uv-managed project (uv sync, uv.lock) whose module name is a Rust keyword.
    "uv-rust-keyword": (
        ["project_name=Match Maker", "module_name=match", "project_manager=uv"],
        [],
    ),
}


class Built:
    """A generated project after its hook's first build."""

    def __init__(self, project: Path, hook_output: str) -> None:
        self.project = project
        self.hook_output = hook_output
        self.python = project / ".venv" / "bin" / "python"
        self.module = next((project / "python").iterdir()).name

    def run(self, *command: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
        return run(list(command), self.project, **kwargs)

    def mypy(self, *args: str) -> list[str]:
        """mypy from the template's venv, resolving imports in the project's venv."""
        return [sys.executable, "-m", "mypy", "--python-executable", str(self.python), *args]


@pytest.fixture(scope="module", params=list(VARIANTS))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    answers, hidden = VARIANTS[request.param]
    out = tmp_path_factory.mktemp(request.param)
    env = {**os.environ}
    if hidden:
        env["PATH"] = path_without(tmp_path_factory.mktemp("path"), *hidden)
    result = run_cli(*answers, cwd=out, env=env)
    assert result.returncode == 0, result.stderr
    (project,) = out.iterdir()
    return Built(project, result.stdout + result.stderr)


def test_hook_reports_progress_and_imports(built: Built) -> None:
    output = built.hook_output
    steps = int(re.search(r"First build of .+: (\d) steps", output).group(1))
    assert re.search(rf"\[1/{steps}\] Creating \.venv", output)
    assert len(re.findall(r"^      done in \d+\.\d+s$", output, re.MULTILINE)) == steps
    assert "Hello from Rust!" in output
    assert "first build stopped" not in output
    if (built.project / "uv.lock").exists():
        assert "(uv sync)" in output and steps == 2
    else:
        assert "Compiling the extension while installing pytest" in output and steps == 4
        assert ("Creating .venv (uv)" in output) == (built.project.name == "stable-abi")


def test_first_import_works(built: Built) -> None:
    code = f"import {built.module}.my_module as m; from {built.module}.my_module import greet; print(m.greet(), greet())"
    assert built.run(str(built.python), "-c", code).stdout.split() == ["Hello", "from", "Rust!"] * 2


def test_python_tests_pass(built: Built) -> None:
    output = built.run(str(built.python), "-m", "pytest", "-q", "-p", "no:cacheprovider").stdout
    passed = int(re.search(r"(\d+) passed", output).group(1))
    assert passed >= 30 and "failed" not in output and "skipped" not in output


def test_rust_tests_pass_with_embedded_interpreter(built: Built) -> None:
    result = built.run("cargo", "test")
    results = [
        int(n) for n in re.findall(r"test result: ok\. (\d+) passed; 0 failed", result.stdout)
    ]
    assert results, result.stdout
    assert "tests/embedded_python.rs" in result.stderr  # cargo's "Running" line
    assert sum(results) >= 13


def test_rust_lints_pass(built: Built) -> None:
    built.run("cargo", "fmt", "--check")
    built.run("cargo", "clippy", "--all-targets", "--", "-D", "warnings")


def test_python_lints_and_stubs_pass(built: Built) -> None:
    built.run(sys.executable, "-m", "ruff", "check", ".")
    built.run(sys.executable, "-m", "ruff", "format", "--check", ".")
    built.run(*built.mypy())
    # stubtest imports the module: the template's Python is the one .venv was made from.
    env = {**os.environ, "PYTHONPATH": str(built.project / "python")}
    built.run(sys.executable, "-m", "mypy.stubtest", built.module, env=env)


def test_stubs_serve_user_code(built: Built, tmp_path: Path) -> None:
    """mypy --strict reads the shipped stubs: good calls pass, a wrong call is caught."""
    good = tmp_path / "good.py"
    good.write_text(
        f"from {built.module} import Color, Counter, Error\n"
        f"from {built.module}.my_module import estimate_pi, greet, greet_person\n\n"
        "message: str = greet() + greet_person('Ferris', greeting='Hi', times=2)\n"
        "pi: float = estimate_pi(10)\n"
        "color: Color = Color.from_hex('#ffffff').mix(Color(0, 0, 0), factor=0.25)\n"
        "total: int = Counter().increment(2)\n"
        "try:\n    Color(300, 0, 0)\nexcept Error as error:\n    print(error)\n"
    )
    if (built.project / "src" / "async_example.rs").is_file():
        with good.open("a") as file:
            file.write(
                f"\n\nfrom {built.module}.async_example import greet_after\n\n\n"
                "async def main() -> str:\n    return await greet_after('Ferris', 0.1)\n"
            )
    built.run(*built.mypy("--strict", str(good)))
    bad = tmp_path / "bad.py"
    bad.write_text(f"from {built.module}.my_module import greet\n\ngreet(1)\n")
    result = subprocess.run(
        built.mypy("--strict", str(bad)),
        cwd=built.project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "Too many arguments" in result.stdout, result.stdout


def test_edit_then_rebuild(built: Built) -> None:
    """The documented loop picks up a change to Rust: `uv run` for uv, else maturin develop."""
    source = built.project / "src" / "my_module.rs"
    original = source.read_text(encoding="utf-8")
    source.write_text(original.replace('"Hello from Rust!"', '"Edited in Rust!"'), "utf-8")
    greet = f"from {built.module}.my_module import greet; print(greet())"
    try:
        if (built.project / "uv.lock").exists():
            printed = built.run("uv", "run", "python", "-c", greet).stdout
        else:
            env = {**os.environ, "VIRTUAL_ENV": str(built.project / ".venv")}
            built.run("maturin", "develop", env=env)
            printed = built.run(str(built.python), "-c", greet).stdout
    finally:
        source.write_text(original, "utf-8")
    assert printed.strip() == "Edited in Rust!"


def test_pip_editable_install(built: Built, tmp_path: Path) -> None:
    """`pip install -e .` (PEP 660 through maturin) gives a working module in a fresh venv."""
    if built.project.name != "rust-module":
        pytest.skip("the editable build does not depend on the options: one variant is enough")
    venv = tmp_path / "venv"
    built.run(sys.executable, "-m", "venv", str(venv))
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    built.run(*pip, "--disable-pip-version-check", "-e", ".")
    code = f"from {built.module}.my_module import greet; print(greet())"
    assert built.run(str(venv / "bin" / "python"), "-c", code).stdout.strip() == "Hello from Rust!"


def test_failed_compile_keeps_the_project(tmp_path: Path) -> None:
    """A real compiler failure: the project stays and the retry commands are printed."""
    env = {**os.environ, "RUSTFLAGS": "--cfg broken -C no-such-codegen-option"}
    env["CARGO_TARGET_DIR"] = str(tmp_path / "target")  # keep the shared cache clean
    result = run_cli(cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "The first build stopped at: Compiling the extension" in result.stderr
    assert "maturin develop" in result.stderr.split("then run:")[1]
    assert (tmp_path / "rust-module" / "src" / "lib.rs").is_file()


def test_distributions_pass_twine_and_build_offline(built: Built, tmp_path: Path) -> None:
    """The sdist and wheel pass twine (and abi3audit); the sdist alone builds a wheel offline."""
    dist = tmp_path / "dist"
    built.run("maturin", "sdist", "--out", str(dist))
    built.run("maturin", "build", "--out", str(dist))
    (sdist,) = dist.glob("*.tar.gz")
    (wheel,) = dist.glob("*.whl")
    built.run(sys.executable, "-m", "twine", "check", "--strict", str(sdist), str(wheel))
    if "abi3" in wheel.name:
        built.run(sys.executable, "-m", "abi3audit", "--strict", "--verbose", str(wheel))
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"Cargo.toml", "Cargo.lock", "pyproject.toml", "build.rs", "src/lib.rs"} <= names
    assert not {name for name in names if name.startswith((".venv/", "target/"))}
    env = {
        **os.environ,
        "CARGO_NET_OFFLINE": "true",
        "PIP_NO_INDEX": "1",
        # The point is that the sdist is complete; a dev build proves that as well as --release.
        "MATURIN_PEP517_ARGS": "--profile dev",
    }
    rebuilt = tmp_path / "rebuilt"
    built.run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "--wheel-dir",
        str(rebuilt),
        str(sdist),
        env=env,
    )
    # Same name, version and Python tags; pip builds carry the plain `linux` platform tag.
    (again,) = rebuilt.glob("*.whl")
    assert again.name.split("-")[:4] == wheel.name.split("-")[:4]
