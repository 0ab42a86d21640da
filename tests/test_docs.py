"""README.md's generated parts match the template they describe."""

from __future__ import annotations

import subprocess
import sys

from conftest import TEMPLATE


def test_readme_is_rendered_from_the_template() -> None:
    """The file tree, the prompt table and the tool table: `cog -r -I docs README.md` renews them."""
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "-I", "docs", "README.md"],
        cwd=TEMPLATE,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
