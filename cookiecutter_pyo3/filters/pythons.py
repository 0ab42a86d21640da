"""The Python versions a new project supports: the `python_min` choices, from the answer on.

The project keeps them as its pyproject.toml's classifiers, where nox, its CI and the wheel
builds read them (`ci/pythons.py` in the project, which also holds the facts of the platform:
the free-threaded and stable-ABI floors, PyPy's version). The template writes them once.
"""

from __future__ import annotations

from cookiecutter_pyo3.questions import DECLARED


def version(text: object) -> tuple[int, ...]:
    """A Python version as numbers, for comparing: `3.14`, `3.14t`, `>=3.14` are (3, 14)."""
    digits = "".join(char for char in str(text) if char.isdigit() or char == ".")
    return tuple(int(part) for part in digits.split(".") if part)


def supported_pythons(python_min: object) -> list[str]:
    """The Python versions offered in cookiecutter.json, from `python_min` to the newest."""
    return [v for v in DECLARED["python_min"] if version(v) >= version(python_min)]
