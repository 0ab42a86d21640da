"""Hypothesis profiles, and a word when the stubs are older than the Rust code.

`fast` for an everyday `pytest`, `thorough` for nox and CI (`pytest --hypothesis-profile
thorough`, as `nox -s tests` runs it).
"""

from pathlib import Path

from hypothesis import settings

settings.register_profile("fast", max_examples=100)
settings.register_profile("thorough", max_examples=2_000)
settings.load_profile("fast")

PROJECT = Path(__file__).resolve().parents[1]


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
