"""The answers' rules (hooks.rules) as a filter, applied while cookiecutter renders the answers."""

from __future__ import annotations

from pathlib import Path

from hooks import rules

from . import sources

TEMPLATE = Path(__file__).resolve().parents[1]


def template_choices() -> rules.Declared:
    """The choice lists and yes/no defaults of this template's cookiecutter.json."""
    return rules.declared(TEMPLATE)


def checked(answers: dict) -> str:
    """Nothing, once the answers keep every rule of `hooks.rules`.

    cookiecutter renders this (a private variable) after the last answer and before it creates
    the project directory, the one the hook runs in: so a slug such as ``../x`` is refused
    before it is a directory. Each problem is one line that names the field and where its value
    came from (`sources.refuse`). Replays skip this rendering; `sources` checks them as the
    answers' environment is made, and the pre-generation hook once more.
    """
    sources.refuse(rules.problems(dict(answers), template_choices()), sources.call())
    return ""


def problem_with(answers: object, field: str) -> str:
    """The first rule one answer breaks, or "": a copier question's `validator`.

    copier asks one question at a time and shows a validator's non-empty output as the error;
    `answers` is the `cookiecutter` namespace over the answers given so far.
    """
    return rules.problem_with(field, answers)  # type: ignore[arg-type]
