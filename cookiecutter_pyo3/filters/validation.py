"""The answers' rules (`cookiecutter_pyo3.rules`) as filters: cookiecutter's and copier's."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Mapping

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


def problem_with(answers: Mapping[str, object], field: str) -> str:
    """The first rule one answer breaks, or "": a copier question's `validator`.

    copier asks one question at a time and shows a validator's non-empty output as the error;
    `answers` is the `cookiecutter` namespace over the answers given so far. An answer given
    with `--data` (or `--defaults`) is checked before any prompt, where copier would raise a
    ValueError with a traceback around it: then every given answer's problem is one `error:`
    line, and copier stops there.
    """
    problem = rules.problem_with(field, answers)  # type: ignore[arg-type]
    if problem and (given := given_to_copier()) is not None:
        known = {**{key: answers[key] for key in answers}, **given}
        lines = []
        for name in given:
            with contextlib.suppress(KeyError):  # a rule that needs a later answer
                lines.append(rules.problem_with(name, known))
        sources.refuse([line for line in dict.fromkeys([problem, *lines]) if line], None)
    return problem


def given_to_copier() -> dict[str, object] | None:
    """The answers given to copier up front (`--data`), while it checks them, or None."""
    frame = sys._getframe(1)  # copier passes a validator no more than the answers
    while frame is not None:
        caller = frame.f_back
        if (
            frame.f_code.co_name == "validate_answer"
            and caller is not None
            and caller.f_code.co_name == "_ask"
            and str(caller.f_globals.get("__name__", "")).startswith("copier")
        ):
            return dict(caller.f_locals["self"].answers.init)
        frame = caller
    return None
