"""Baking helpers shared by the template tests.

Every test generates real projects with cookiecutter's own API or CLI. Projects that are
compiled share one CARGO_TARGET_DIR, so PyO3 is compiled once per feature set for the run.
"""

from __future__ import annotations

import importlib
import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cookiecutter.main import cookiecutter

TEMPLATE = Path(__file__).resolve().parents[1]
# A project that cargo builds without a .venv (see .cargo/config.toml) is told which Python to use.
NO_VENV_ENV = {**os.environ, "PYO3_PYTHON": sys.executable}


# The Jinja filters, imported as cookiecutter imports them: from the template's root on sys.path.
# They load the pre-generation hook, which holds every rule for an answer.
sys.path.insert(0, str(TEMPLATE))
FILTERS = importlib.import_module("local_extensions")
PRE_GEN = FILTERS.RULES
# What the pre-generation hook receives: the choice lists and yes/no defaults...
DECLARED = FILTERS.template_choices()
# The prompts with a list of answers, so tests cover a new choice without being edited.
CHOICES = {key: value for key, value in DECLARED.items() if isinstance(value, list)}
# ...and a set of answers it accepts, as cookiecutter renders the defaults.
VALID_ANSWERS = {
    **{k: v[0] if isinstance(v, list) else v for k, v in DECLARED.items()},
    "project_name": "Rust Module",
    "project_slug": "rust-module",
    "module_name": "rust_module",
    "version": "0.1.0",
    "author_email": "you@example.com",
    "repository_url": "https://github.com/your-name/rust-module",
}


def offered(answers: dict[str, object]) -> bool:
    """Whether the pre-generation hook accepts these answers: its own rules, not a copy."""
    return not PRE_GEN.problems({**VALID_ANSWERS, **answers}, DECLARED)


# Every yes/no that shapes the files; run_first_build only decides whether the hook compiles.
FLAGS = [
    key for key, value in DECLARED.items() if isinstance(value, bool) and key != "run_first_build"
]


def all_pairs(dimensions: dict[str, list[object]]) -> list[dict[str, object]]:
    """Combinations in which every value of every option meets every value of every other.

    The rendered files depend on options one at a time or two together (the CI workflows on
    python_min with abi3, release.yml on the licence), never three: pairs cover every file, in
    about 30 projects instead of the full product's 200. Greedy, in the product's order, so
    the set is the same on every run.
    """
    names = list(dimensions)

    def pairs(answers: dict[str, object]) -> set[tuple[str, object, str, object]]:
        return {(a, answers[a], b, answers[b]) for a, b in itertools.combinations(names, 2)}

    candidates = [
        answers
        for values in itertools.product(*dimensions.values())
        if offered(answers := dict(zip(names, values, strict=True)))
    ]
    needed = set().union(*map(pairs, candidates))
    chosen = []
    while needed:
        best = max(candidates, key=lambda answers: len(pairs(answers) & needed))
        chosen.append(best)
        needed -= pairs(best)
    return chosen


# Every yes/no that shapes the files; run_first_build only decides whether the hook compiles.
FLAGS = [
    key for key, value in DECLARED.items() if isinstance(value, bool) and key != "run_first_build"
]
# The combinations of choices and yes/no answers that the tests render: every pair.
MATRIX = all_pairs({**CHOICES, **{flag: [False, True] for flag in FLAGS}})


def bake(output_dir: Path, **answers: object) -> Path:
    """Generates a project without the first build (unless asked) and returns its directory."""
    return Path(
        cookiecutter(
            str(TEMPLATE),
            no_input=True,
            output_dir=str(output_dir),
            extra_context={"run_first_build": False, **answers},
        )
    )


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None, replay: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Runs the cookiecutter command line as a user would, capturing its output."""
    mode = ["--replay-file", str(replay)] if replay else ["--no-input"]
    return subprocess.run(
        [sys.executable, "-m", "cookiecutter", *mode, str(TEMPLATE), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def run(command: list[str], cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Runs a command in a generated project; fails the test with its output if it fails."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, **kwargs)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result


def project_files(project: Path) -> list[Path]:
    """Every generated file, without build products."""
    skip = {".venv", "target", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
    return sorted(
        path
        for path in project.rglob("*")
        if path.is_file() and not skip & set(path.relative_to(project).parts)
    )


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """One project per MATRIX entry, rendered only (nothing compiles), for every test file."""
    out = tmp_path_factory.mktemp("matrix")
    return [bake(out / str(index), **answers) for index, answers in enumerate(MATRIX)]


@pytest.fixture(scope="session", autouse=True)
def shared_cargo_target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One target directory for every cargo and maturin call of the session."""
    target = Path(os.environ.get("CARGO_TARGET_DIR") or tmp_path_factory.mktemp("cargo-target"))
    os.environ["CARGO_TARGET_DIR"] = str(target)
    return target


def local_pythons() -> dict[str, str]:
    """Every CPython this template supports on this machine, by version ("3.12": path).

    This Python, pyenv's versions and `python3.X` on PATH; the first path of each version wins.
    """
    oldest = tuple(int(part) for part in CHOICES["python_min"][0].split("."))
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    candidates = [
        sys.executable,
        *(str(path) for path in sorted(pyenv.glob("3.*/bin/python3"))),
        *filter(None, (shutil.which(f"python3.{minor}") for minor in range(oldest[1], 20))),
    ]
    probe = (
        "import sys; v = sys.version_info; "
        f"print(f'{{v[0]}}.{{v[1]}}' if sys.implementation.name == 'cpython' and v >= {oldest} else '')"
    )
    found: dict[str, str] = {}
    for python in candidates:
        try:
            version = subprocess.run(
                [python, "-c", probe], capture_output=True, text=True, timeout=30, check=False
            ).stdout.strip()
        except OSError:
            continue
        if version:
            found.setdefault(version, python)
    return dict(sorted(found.items()))


PYTHONS = local_pythons()


def pytest_report_header() -> str:
    return "CPythons found: " + ", ".join(f"{v} ({path})" for v, path in PYTHONS.items())
