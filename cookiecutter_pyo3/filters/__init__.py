"""Jinja filters that write user values safely into every file format the template emits.

Every user-supplied value reaches a generated file through one of these filters, never through
ad-hoc quoting in a template: one place to get escaping right, one place to test it. In reading
order: `escaping` (the formats), `validation` (the answers' rules as filters), `naming` (names
and versions derived from the answers), `pythons` (the supported versions), `files` (one line
per generated file), and here the registry and the extension that cookiecutter loads
(`_extensions` in cookiecutter.json), which also arms the guards of a cookiecutter run."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment
from jinja2.ext import Extension

from cookiecutter_pyo3.guards.output import protect_the_output
from cookiecutter_pyo3.guards.sources import check_the_given_answers, cruft_creating
from cookiecutter_pyo3.questions import CONFIG, DECLARED, PROJECT, TEMPLATE

from .escaping import doc, md, md_heading, one_line, py_str, rst, rst_title, toml, toml_table, yaml
from .files import layout
from .naming import (
    cargo_package_name,
    cargo_version,
    ci_host,
    development_status,
    module_name,
    project_urls,
    rust_crate_name,
)
from .pythons import supported_pythons
from .validation import checked, problem_with

__all__ = ["FILTERS", "Filters"]


# What update tools and people read besides the answers: where the template is, its version.
PRIVATE_KEPT = ("_template", "_template_version")


def answers_json(context: dict) -> str:
    """The answers as JSON, for `.cookiecutter.json`: what update tools need. The template's
    address as given, or, for a local folder (`cookiecutter .`), its absolute path, which
    `cruft link` can use from the project."""
    kept = {k: v for k, v in context.items() if not k.startswith("_") or k in PRIVATE_KEPT}
    if "_template" in kept:
        kept["_template"] = template_address(str(kept["_template"]))
    return json.dumps(kept, indent=2, ensure_ascii=False) + "\n"


def template_address(given: str) -> str:
    """`given`, or the absolute path of the local folder it names. cookiecutter renders inside
    its copy of the template, so a relative path is read from the shell's folder (`PWD`), and
    kept only where that folder holds this very template."""
    folder = Path(os.environ.get("PWD", "."), given).expanduser()
    with contextlib.suppress(OSError):
        if (folder / "cookiecutter.json").read_bytes() == (
            TEMPLATE / "cookiecutter.json"
        ).read_bytes():
            return str(folder.resolve())
    return given


FILTERS = {
    function.__name__: function
    for function in (
        answers_json,
        layout,
        toml,
        toml_table,
        yaml,
        supported_pythons,
        development_status,
        project_urls,
        ci_host,
        py_str,
        one_line,
        doc,
        md,
        md_heading,
        rst,
        rst_title,
        checked,
        problem_with,
        module_name,
        rust_crate_name,
        cargo_package_name,
        cargo_version,
    )
}


def template_sources() -> frozenset[str]:
    """Every string of this template that cookiecutter renders without a file name.

    The strings of cookiecutter.json (defaults, choices, derived values, prompts), the paths of
    the files and directories under `{{cookiecutter.project_slug}}/`, and the hooks. Anything
    else cookiecutter renders from a string is an answer a user gave.
    """

    def strings(value: object) -> list[str]:
        if isinstance(value, dict):
            return [s for item in value.values() for s in strings(item)]
        if isinstance(value, list):
            return [s for item in value for s in strings(item)]
        return [value] if isinstance(value, str) else []

    paths = [PROJECT.name]
    paths += [path.relative_to(PROJECT).as_posix() for path in PROJECT.rglob("*")]
    hooks = [path.read_text(encoding="utf-8") for path in (TEMPLATE / "hooks").glob("*_project.py")]
    return frozenset([*strings(CONFIG), *paths, *hooks])


# The package a render imports from the template.
RENDERING = "cookiecutter_pyo3"


def forget_this_template() -> None:
    """Drops the rendering packages of this template from `sys.modules`, and their bytecode.

    cruft and copier render two versions of a template in one process (the project's and the
    newest), from the same folder or from two: the second render must import its own filters,
    never find the first one's cached. Each environment keeps the filters it registered, so
    nothing of this template needs to stay imported after that. A cached `.pyc` of a file that
    a checkout rewrote within the same second, at the same size, would pass Python's check, so
    it goes too.
    """
    for name, module in list(sys.modules.items()):
        source = getattr(module, "__file__", None)
        ours = source and Path(source).resolve().is_relative_to(TEMPLATE)
        if name.partition(".")[0] == RENDERING and ours:
            del sys.modules[name]
            with contextlib.suppress(OSError, TypeError):
                Path(module.__cached__).unlink()


class Filters(Extension):
    """Registers :data:`FILTERS`, and keeps the answers users give literal.

    cookiecutter renders every answer given as ``extra_context`` (``cookiecutter . key=value``,
    or a default taken from a replay or user config) as a template before using it, so a
    description such as ``uses ${{ matrix.os }}`` would fail or be evaluated. Only this
    template's own strings (:func:`template_sources`) are templates: every other string that
    cookiecutter renders without a file name passes through :meth:`preprocess` as itself, with
    no evaluation and no newline normalisation. Template paths arrive joined to the output
    directory, hence the match on their end.
    """

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(FILTERS)
        self._literals: list[str] = []
        self._templates = template_sources()
        environment.globals["_literal_text"] = self._literals.__getitem__
        # cookiecutter's `{% now %}` tag is its own; copier has none. The licences' year.
        environment.globals["this_year"] = datetime.now(UTC).year
        environment.globals["template_version"] = CONFIG["_template_version"]
        environment.globals["cruft_creates_from"] = cruft_creating()
        check_the_given_answers(DECLARED)
        protect_the_output()
        forget_this_template()

    def is_template(self, source: str) -> bool:
        if source in self._templates:
            return True
        path = Path(source).as_posix().replace("/./", "/")
        return "{{" in path and any(path.endswith(f"/{known}") for known in self._templates)

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if name is not None or self.is_template(source):
            return source
        self._literals.append(source)
        return f"{{{{ _literal_text({len(self._literals) - 1}) }}}}"
