"""copier's entry: the same filters, and cookiecutter's `cookiecutter.` namespace over its answers.

copier.yml names this file in `_jinja_extensions`; copier-template-extensions loads it by its
path, as a module of its own rather than part of this package, once per extension it names, so
it puts the template's root on `sys.path` for as long as it imports the package, and leaves
nothing of it in `sys.modules`: `copier update` renders two versions in one process.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from copier_template_extensions import ContextHook
from jinja2 import Environment

ROOT = str(Path(__file__).resolve().parents[2])
sys.path.insert(0, ROOT)  # copier loads a loose file
try:
    from cookiecutter_pyo3.filters import Filters, forget_this_template
    from cookiecutter_pyo3.questions import CONFIG as QUESTIONS
finally:
    sys.path.remove(ROOT)
forget_this_template()


class CopierFilters(Filters):
    """The filters, with cookiecutter's `slugify`; copier renders no answer as a template, so
    every string is rendered as it is."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        if "slugify" not in environment.filters:
            from slugify import slugify  # python-slugify, as cookiecutter's own filter uses

            environment.filters["slugify"] = slugify

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return source


class Answers(Mapping[str, object]):
    """`cookiecutter.<name>` for copier: its answers, and the derived `__` values of
    cookiecutter.json rendered from them, as cookiecutter renders them."""

    def __init__(self, context: Mapping[str, object], environment: Environment) -> None:
        self._context, self._environment = context, environment

    def __getitem__(self, key: str) -> object:
        if key == "__checked":  # copier validates each answer as it is given (problem_with)
            return ""
        if key.startswith("__") and key in QUESTIONS:
            template = self._environment.from_string(QUESTIONS[key])
            return template.render(cookiecutter=self)
        if key.startswith("_") or key not in QUESTIONS:
            raise KeyError(key)
        return self._context[key]

    def __iter__(self) -> Iterator[str]:
        return (key for key in QUESTIONS if not key.startswith("_") and key in self._context)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class CookiecutterNamespace(ContextHook):
    """Gives every template copier renders the `cookiecutter` variable the files use."""

    def hook(self, context: dict[str, object]) -> None:
        context["cookiecutter"] = Answers(context, self.environment)
