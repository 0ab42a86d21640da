"""Hypothesis profiles, and a word when the module or the stubs are not what the tests need.

`fast` for an everyday `pytest`, `thorough` for nox and CI (`pytest --hypothesis-profile
thorough`, as `nox -s tests` runs it).
"""

import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]


@pytest.hookimpl(tryfirst=True)  # before Hypothesis's plugin loads `--hypothesis-profile`
def pytest_configure() -> None:
    """Stops at once with the way out when this Python lacks the set-up's packages: a pytest
    from outside .venv, or a .venv deleted since."""
    try:
        from hypothesis import settings

        import {{ cookiecutter.module_name }}  # noqa: F401
    except ImportError as missing:
{%- if cookiecutter.project_manager == "uv" %}
        way_out = "run `uv run pytest`, which sets .venv up first"
{%- else %}
        way_out = "run `python3 scripts/bootstrap.py`, then `. .venv/bin/activate` and `pytest`"
{%- endif %}
        pytest.exit(f"{missing} (for {sys.executable}): {way_out}", returncode=4)
    # No deadline: a provoked panic's first call resolves its backtrace, which takes longer
    # than Hypothesis's 200 ms on a busy machine and made the test flaky; speed is bench's.
    settings.register_profile("fast", max_examples=100, deadline=None)
    settings.register_profile("thorough", max_examples=2_000, deadline=None)
    settings.load_profile("fast")


def pytest_report_header() -> str | None:
    """Plain `maturin develop` builds the module but leaves the stubs as they were: say so.

    The set-up (`nox -s develop`) writes the stubs after its build, so an extension module
    newer than the stubs was built without them.
    """
    package = PROJECT / "python"
    stubs = [path.stat().st_mtime for path in package.rglob("*.pyi")]
    built = [path.stat().st_mtime for path in package.rglob("_core.*") if path.suffix != ".pyi"]
    if stubs and built and max(built) > min(stubs):
        return "The module was built after its .pyi stubs: `nox -s develop` writes them anew."
    return None
