"""The answers' rules (`cookiecutter_pyo3.rules`) as filters: cookiecutter's and copier's."""

from __future__ import annotations

from cookiecutter_pyo3 import rules
from cookiecutter_pyo3.guards import sources
from cookiecutter_pyo3.questions import DECLARED


def checked(answers: dict) -> str:
    """Nothing, once the answers keep every rule of `cookiecutter_pyo3.rules`.

    cookiecutter renders this (a private variable) after the last answer and before it creates
    the project directory, the one the hook runs in: so a slug such as ``../x`` is refused
    before it is a directory. Each problem is one line that names the field and where its value
    came from (`sources.refuse`). Replays skip this rendering; `sources` checks them as the
    answers' environment is made.
    """
    sources.refuse(rules.problems(dict(answers), DECLARED), sources.call())
    return ""


def problem_with(answers: object, field: str) -> str:
    """The first rule one answer breaks, or "": a copier question's `validator`.

    copier asks one question at a time and shows a validator's non-empty output as the error;
    `answers` is the `cookiecutter` namespace over the answers given so far.
    """
    return rules.problem_with(field, answers)  # type: ignore[arg-type]
