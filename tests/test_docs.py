"""README.md's generated parts match the template they describe."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from helpers import TEMPLATE


def test_readme_is_rendered_from_the_template() -> None:
    """The file tree, the prompt and the tool table: `cog -r -I helpers README.md` renews them."""
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "-I", "helpers", "README.md"],
        cwd=TEMPLATE,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_comparison_table_matches_what_the_other_tools_write(tmp_path: Path) -> None:
    """README's cells about `maturin new --mixed` and `uv init` are read off their output here."""
    readme = TEMPLATE.joinpath("README.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]]
        for line in readme.splitlines()
        if line.startswith("| ") and line.count("|") == 5
    }
    uv = shutil.which("uv")
    assert uv, "uv is in requirements-test.txt"
    commands = {
        "maturin": [sys.executable, "-m", "maturin", "new", "--mixed", "-b", "pyo3", "new"],
        "uv": [uv, "init", "--lib", "--build-backend", "maturin", "--no-workspace", "new"],
    }
    written = {}
    for tool, command in commands.items():
        (tmp_path / tool).mkdir()
        subprocess.run(command, cwd=tmp_path / tool, capture_output=True, check=True)
        root = tmp_path / tool / "new"
        written[tool] = {path.relative_to(root).as_posix() for path in root.rglob("*")}
    (maturin_tests, uv_tests) = rows["pytest suite"][1:]
    python_tests = {path for path in written["maturin"] if path.endswith(".py") and "test" in path}
    assert (
        python_tests == {"python/tests/test_all.py"}
        and "`python/tests/test_all.py`" in maturin_tests
    )
    assert not any("test" in path for path in written["uv"]) and uv_tests == "no"
    assert not any(
        path.endswith(".rs") and "test" in path for tool in written for path in written[tool]
    )
    assert rows["`cargo test` with embedded Python"][1:] == ["no (no Rust tests)", "no"]
    assert "src/new/_core.pyi" in written["uv"], "the uv cell names its hand-written _core.pyi"
