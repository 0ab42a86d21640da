"""The answers' rules (hooks.rules) as a filter, applied while cookiecutter renders the answers."""

from __future__ import annotations

from pathlib import Path

from hooks import rules

TEMPLATE = Path(__file__).resolve().parents[1]


def template_choices() -> rules.Declared:
    """The choice lists and yes/no defaults of this template's cookiecutter.json."""
    return rules.declared(TEMPLATE)


def checked(answers: dict) -> str:
    """Nothing, once the answers keep every rule of `hooks.rules`.

    cookiecutter renders this (a private variable) after the last answer and before it creates
    the project directory, the one the hook runs in: so a slug such as ``../x`` is refused
    before it is a directory. A ``FailedHookException`` is what cookiecutter's command line
    prints as the message alone, with no traceback. Replays skip this rendering; the
    pre-generation hook applies the same rules again for them.
    """
    from cookiecutter.exceptions import FailedHookException  # copier renders no `__checked`

    if found := rules.problems(dict(answers), template_choices()):
        raise FailedHookException("\n".join(f"error: {problem}" for problem in found))
    return ""


def problem_with(answers: object, field: str) -> str:
    """The first rule one answer breaks, or "": a copier question's `validator`.

    copier asks one question at a time and shows a validator's non-empty output as the error;
    `answers` is the `cookiecutter` namespace over the answers given so far.
    """
    return rules.problem_with(field, answers)  # type: ignore[arg-type]
