"""The template's chores, one session each: `nox -l` lists them.

    nox -s tests                 # the whole suite (what CI runs); `-- -m portable`, `-- -k name`
    nox -s cog                   # README.md and copier.yml are current; `-- -r` rewrites them
    nox -s lint                  # ruff on the template's own code
    nox -s bake -- key=value     # a project with its first build, as a user gets it
    nox -s bench -- --runs 5     # this template against `maturin new` and `uv init`
    nox -s versions              # each CHANGELOG version's commit; `-- --tag` tags them

The venvs live outside the clone (cookiecutter copies the whole template folder at every
generate, `.nox/` would go with it), and every project the tests compile shares one cargo
target directory, so PyO3 compiles once per feature set.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import nox

ROOT = Path(__file__).parent
OUTSIDE = Path(tempfile.gettempdir(), "cookiecutter-pyo3-nox")
nox.options.envdir = str(OUTSIDE / "envs")
nox.options.sessions = ["lint", "cog", "tests"]
REQUIREMENTS = str(ROOT / "requirements-test.txt")


def shared_target(session: nox.Session) -> dict[str, str]:
    """CARGO_TARGET_DIR as set, else one folder beside the venvs, for every session."""
    target = os.environ.get("CARGO_TARGET_DIR") or str(OUTSIDE / "target")
    session.log(f"cargo builds in {target}")
    return {"CARGO_TARGET_DIR": target}


@nox.session
def tests(session: nox.Session) -> None:
    """The template's tests: every project they generate is built and tested for real."""
    session.install("-r", REQUIREMENTS)
    session.run("python", "-m", "pytest", *session.posargs, env=shared_target(session))


@nox.session
def cog(session: nox.Session) -> None:
    """The parts of README.md and copier.yml rendered from the template (docgen/)."""
    session.install("-r", REQUIREMENTS)
    mode = session.posargs or ["--check"]
    include = ["-I", str(ROOT), "-I", str(ROOT / "{{cookiecutter.project_slug}}" / "ci")]
    session.run("cog", *include, *mode, "README.md", "copier.yml")


@nox.session
def lint(session: nox.Session) -> None:
    """ruff on the template's own Python (the generated project lints itself)."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def bake(session: nox.Session) -> None:
    """A project as `cookiecutter --no-input` makes it, first build included, in a new folder;
    `nox -s bake -- async_example=yes` gives answers."""
    session.install("-r", REQUIREMENTS)
    out = Path(tempfile.mkdtemp(prefix="bake-", dir=OUTSIDE))
    cookiecutter = ["python", "-m", "cookiecutter", "--no-input", str(ROOT), "--output-dir"]
    session.run(*cookiecutter, str(out), *session.posargs, env=shared_target(session))
    session.log(f"Baked into {out}")


@nox.session
def bench(session: nox.Session) -> None:
    """benchmarks/compare.py: each tool's journey in one run, a table of medians."""
    session.install("-r", REQUIREMENTS)
    session.run("python", "-m", "benchmarks.compare", *session.posargs)


@nox.session(venv_backend="none")
def versions(session: nox.Session) -> None:
    """cookiecutter_pyo3/versions.py: each version and its commit, from history alone."""
    session.run("python", "-m", "cookiecutter_pyo3.versions", *session.posargs, external=True)
