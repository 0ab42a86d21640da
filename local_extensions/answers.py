"""The bridge to the answers' rules, which live in the pre-generation hook.

The filters read the hook, never the other way round: the hook reads cookiecutter.json itself.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from cookiecutter.exceptions import FailedHookException


def load_module(path: Path) -> ModuleType:
    """A Python file of the template as a module: the hooks are Python before rendering."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


# The pre-generation hook, where every rule for an answer is written.
RULES = load_module(Path(__file__).parents[1] / "hooks" / "pre_gen_project.py")


def checked(answers: dict) -> str:
    """Nothing, once the answers keep every rule of the pre-generation hook.

    cookiecutter renders this (a private variable) after the last answer and before it creates
    the project directory, the one the hook runs in: so a slug such as ``../x`` is refused
    before it is a directory. A ``FailedHookException`` is what cookiecutter's command line
    prints as the message alone, with no traceback. Replays skip this rendering; the hook
    applies the same rules again for them.
    """
    if found := RULES.problems(dict(answers), template_choices()):
        raise FailedHookException("\n".join(f"error: {problem}" for problem in found))
    return ""


def template_choices() -> dict[str, list[str] | bool]:
    """The choice lists and yes/no defaults of this template's cookiecutter.json."""
    return RULES.declared(Path(__file__).parents[1])
