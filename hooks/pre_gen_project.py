"""Reject answers that would give a broken project, before any file is written.

Every rule for an answer lives here. The `checked` filter applies them first, while the
answers are rendered, before cookiecutter creates the project directory (a slug such as `../x`
must never become one); this hook applies them again for replays, which skip that rendering.
Cookiecutter removes the directory it created when this hook exits non-zero, so a bad answer
leaves nothing behind. Values arrive as JSON data, never as Python source: a quote or a
backslash in a name cannot change what this script does.
"""

from __future__ import annotations

import json
import keyword
import re
import sys

# cookiecutter fills these in as JSON; raw strings keep the file Python before rendering too.
ANSWERS = r"""{{ cookiecutter | tojson }}"""
# The choice lists and yes/no defaults of cookiecutter.json: a replay file or `extra_context`
# may hold a value no longer offered, and cookiecutter checks only the answers it prompts for.
DECLARED = r"""{{ template_choices() | tojson }}"""

# PEP 508 distribution name, restricted to lower case so the directory, the Cargo package and
# the PyPI name are one string.
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9])?")
# `test` is the standard library's own test package, left out of stdlib_module_names.
STDLIB = frozenset(sys.stdlib_module_names) | set(sys.builtin_module_names) | {"test"}
MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# The PEP 440 versions that have a SemVer twin for Cargo.toml (the cargo_version filter).
CARGO_COMPATIBLE_VERSION = re.compile(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(a|b|rc)(\d+))?")
# What PyPI shows as a link and validate-pyproject accepts as a URL, with nothing to escape.
URL = re.compile(r"https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^\s\"'<>\\`]*)?")
EMAIL = re.compile(r"[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+")


def problems(context: dict, declared: dict) -> list[str]:
    """Every rule the answers break, as one line each: field, value, rule."""
    found = []
    name, slug, module = context["project_name"], context["project_slug"], context["module_name"]
    # The slug is made from the name, and the module name from the slug: an empty one is
    # reported once, at its source.
    if not name.strip():
        found.append("project_name is empty; give the project a name")
    elif not slug:
        found.append(
            "project_slug is empty: give project_name a letter or digit, or set project_slug"
        )
    if slug and not SLUG.fullmatch(slug):
        found.append(
            f"project_slug {slug!r} must be 1-100 lower-case letters, digits, '-', '_' or '.', "
            "starting and ending with a letter or digit (it is a directory and a PyPI name)"
        )
    if not MODULE.fullmatch(module):
        if module or slug:  # else the empty slug, reported above, is the cause
            found.append(
                f"module_name {module!r} must be an ASCII Python identifier "
                "(letters, digits and '_', not starting with a digit)"
            )
    elif keyword.iskeyword(module):
        found.append(f"module_name {module!r} is a Python keyword; choose another name")
    elif module in STDLIB:
        found.append(
            f"module_name {module!r} would shadow the standard-library module of that name; "
            "choose another name"
        )
    elif module.startswith("_"):
        found.append(f"module_name {module!r} must not start with '_' (that marks private modules)")
    if not CARGO_COMPATIBLE_VERSION.fullmatch(context["version"]):
        found.append(
            f"version {context['version']!r} must be MAJOR[.MINOR[.PATCH]] with an optional "
            "aN, bN or rcN suffix, e.g. 0.1.0 or 1.0.0rc1 (PEP 440 that Cargo's SemVer can express)"
        )
    email = context["author_email"]
    if email and not EMAIL.fullmatch(email):
        found.append(
            f"author_email {email!r} does not look like an e-mail address (or leave it empty)"
        )
    url = context["repository_url"]
    # The default address ends with the slug: a bad slug is reported once, at its source.
    if not URL.fullmatch(url) and not (slug and not SLUG.fullmatch(slug) and url.endswith(slug)):
        found.append(
            f"repository_url {url!r} must be an https:// address with no "
            "spaces or quotes, e.g. https://github.com/you/project"
        )
    for field, default in declared.items():
        if isinstance(default, list) and context[field] not in default:
            found.append(f"{field} {context[field]!r} is not one of: {', '.join(default)}")
        if isinstance(default, bool) and not isinstance(context[field], bool):
            found.append(f"{field} {context[field]!r} must be yes or no")
    return found


def main() -> int:
    found = problems(json.loads(ANSWERS), json.loads(DECLARED))
    for line in found:
        print(f"error: {line}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
