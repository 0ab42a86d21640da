#!/usr/bin/env -S uv run --script
# /// script
# dependencies = ["nox>=2025.2.9"]
# ///
"""Tasks for working on the extension. `nox -s develop` after editing Rust; `nox -l` lists all."""

import shutil
import tempfile
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"

PROJECT = Path(__file__).parent
PACKAGE = PROJECT / "python" / {{ cookiecutter.module_name | py_str }}
VENV = {"VIRTUAL_ENV": str(PROJECT / ".venv")}


@nox.session(reuse_venv=True, default=True)
def develop(session: nox.Session) -> None:
    """Builds the extension into .venv and regenerates its .pyi stubs from the Rust code."""
    session.install("maturin>=1.13,<2")
{%- if cookiecutter.project_manager == "uv" %}
    session.run("uv", "sync", "--quiet", external=True)
{%- else %}
    session.run("maturin", "develop", env=VENV)
{%- endif %}
    write_stubs(session)


def write_stubs(session: nox.Session) -> None:
    """Writes each stub where Python imports its module from, replacing the previous ones.

    maturin writes `<package>/_core/__init__.pyi` and `<package>/_core/<submodule>.pyi`, but
    `__init__.py` registers the submodules as `<package>.<submodule>`: the stubs move to
    `<package>/_core.pyi` and `<package>/<submodule>.pyi`, where type checkers look for them.
    """
    with tempfile.TemporaryDirectory() as out:
        # The profile of `maturin develop`: the build it just made is reused, not repeated.
        session.run(
            "maturin", "generate-stubs", "--profile", "editable", "--quiet", "--out", out, env=VENV
        )
        generated = Path(out) / PACKAGE.name / "_core"
        for stale in PACKAGE.rglob("*.pyi"):
            stale.unlink()
        for stub in generated.rglob("*.pyi"):
            relative = stub.relative_to(generated)
            if relative == Path("__init__.pyi"):
                relative = Path("_core.pyi")
            (PACKAGE / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(stub, PACKAGE / relative)


if __name__ == "__main__":
    nox.main()
