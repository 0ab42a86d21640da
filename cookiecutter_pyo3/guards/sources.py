"""Where cookiecutter took the answers from, so that a refusal says so, and the refusal itself.

cookiecutter hands a template the answers, never where they came from: the command line
(`extra_context`), a replay file, a config file's `default_context`, or the prompts. Its
`cookiecutter()` function holds all of that in local variables while it runs, and `call()` reads
them from that function's frame; run some other way (cruft, copier, `generate_files` alone),
there is no such frame and the lines name the field alone.

A config file needs a check of its own: cookiecutter drops the whole `default_context` at its
first choice that is not offered, with a warning, and goes on with the template's defaults
(the first build included).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cookiecutter_pyo3 import rules
from cookiecutter_pyo3.questions import TEMPLATE, TEXTS, Declared


def call() -> dict[str, Any] | None:
    """The local variables of the running `cookiecutter.main.cookiecutter`, or None."""
    frame = sys._getframe(1)  # cookiecutter passes no origin: its frame has it
    while frame is not None:
        if frame.f_code.co_name == "cookiecutter" and frame.f_globals.get("__name__") == (
            "cookiecutter.main"
        ):
            return dict(frame.f_locals)
        frame = frame.f_back
    return None


def cruft_creating() -> str | None:
    """The template's folder while `cruft create` generates a project, else None: cruft runs
    cookiecutter's `generate_files` alone for a creation and for the renders of an update
    alike, and only its `create` command's frame tells the first from the others."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "create" and frame.f_globals.get("__name__") == (
            "cruft._commands.create"
        ):
            return str(TEMPLATE)
        frame = frame.f_back
    return None


def config_file(run: dict[str, Any]) -> str | None:
    """The config file cookiecutter read: `--config-file`, COOKIECUTTER_CONFIG or ~/.cookiecutterrc."""
    if run.get("default_config"):
        return None
    if run.get("config_file"):
        return str(run["config_file"])
    from cookiecutter.config import USER_CONFIG_PATH

    chosen = os.environ.get("COOKIECUTTER_CONFIG") or USER_CONFIG_PATH
    return chosen if Path(chosen).is_file() else None


def origin(field: str, run: dict[str, Any] | None) -> str:
    """Where the answer to `field` came from, as the end of an error line; "" for a prompt."""
    if run is None:
        return ""
    if field in (run.get("extra_context") or {}):
        return " (given on the command line)"
    if run.get("replay"):
        replay = run["replay"]
        return f" (in the replay file {replay})" if isinstance(replay, str) else " (replayed)"
    defaults = run.get("config_dict", {}).get("default_context", {})
    if field in defaults:
        return f" (default_context in {config_file(run) or 'the config'})"
    return ""


def refuse(problems: Iterable[str], run: dict[str, Any] | None) -> None:
    """Stops the run with one line per problem, each naming its field and the field's origin.

    The lines go to stderr and the run ends with SystemExit: cookiecutter's command line would
    print a FailedHookException alone, but cruft prints its traceback around it.
    """
    lines = [f"error: {problem}{origin(problem.split(' ', 1)[0], run)}" for problem in problems]
    if lines:
        print("\n".join(lines), file=sys.stderr)
        raise SystemExit(1)


def check_the_given_answers(declared: Declared) -> None:
    """Refuses, as the answers' environment is made (before the first prompt), what the
    prompts and the `checked` filter never see: a config file's default_context value that
    cookiecutter would drop (a choice not offered, a yes/no that is neither) or misread (a
    number or a list for text), and a replay's answers, which skip the prompts."""
    if (run := call()) is None:
        return
    defaults = (run.get("config_dict") or {}).get("default_context") or {}
    given = {field: value for field, value in defaults.items() if field in declared}
    given |= {f: yes_or_no(v) for f, v in given.items() if isinstance(declared[f], bool)}
    in_config = {**run, "extra_context": {}, "replay": None}
    # YAML reads `version: 1.10` as the number 1.1, and cookiecutter a list as a choice.
    texts = {field: value for field, value in defaults.items() if field in TEXTS}
    wrong = list(rules.kinds(texts))
    refuse(wrong + list(rules.offered(given, {f: declared[f] for f in given})), in_config)
    replayed = (run.get("context") or {}).get("cookiecutter", {}) if run.get("replay") else {}
    if set(rules.RULES) | set(declared) <= replayed.keys():  # else cookiecutter asks the rest
        refuse(rules.problems(replayed, declared), run)


def yes_or_no(value: object) -> object:
    """A yes/no as cookiecutter reads it from text (`YesNoPrompt`), else the value itself."""
    if not isinstance(value, str):
        return value
    from cookiecutter.prompt import YesNoPrompt
    from rich.prompt import InvalidResponse

    try:
        return YesNoPrompt().process_response(value)
    except InvalidResponse:
        return value
