"""Every rule for an answer: each a small function that returns what is wrong, in one line.

A rule names its field and says what is allowed, and comes from the tool that reads the value:
PEP 508 for the slug, Python's grammar for the module name, Cargo's SemVer for the version.
Each run applies them once, where it can act before any file is written: the `checked` filter
while cookiecutter renders the answers, `guards.sources` for a replay (which skips that
rendering), copier's validators one question at a time (`problem_with`). `problems` runs them
all, so every problem is reported at once.
"""

from __future__ import annotations

import keyword
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator

from cookiecutter_pyo3.questions import TEXTS, Declared

# PEP 508 distribution name, restricted to lower case so the directory, the Cargo package and
# the PyPI name are one string.
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9])?")
# `test` is the standard library's own test package, left out of stdlib_module_names.
STDLIB = frozenset(sys.stdlib_module_names) | set(sys.builtin_module_names) | {"test"}
MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# The longest import name: every generated line that spells it stays within the formatters'
# 100 columns (tests/test_lint.py generates a project with a name this long).
MODULE_MAX = 40
# The PEP 440 versions that have a SemVer twin for Cargo.toml (the cargo_version filter).
CARGO_COMPATIBLE_VERSION = re.compile(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(a|b|rc)(\d+))?")
# SemVer 2.0.0's own grammar (semver.org), which Cargo's parser follows; its numbers are u64.
SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
)
U64_MAX = 2**64 - 1
# The top-level import names of what the first build installs into .venv: pip, maturin, the
# test, lint and tools groups and their dependencies (tests/test_build.py checks every built
# .venv against this). A module of that name would overwrite one of them there.
VENV_NAMES = frozenset(
    "_distutils_hack _hypothesis_ftz_detector _hypothesis_globals _hypothesis_pytestplugin "
    "_pytest _yaml argcomplete ast_serialize attr attrs cfgv codespell_lib colorlog cpuinfo "
    "dependency_groups distlib filelock humanize hypothesis identify iniconfig librt markdown_it "
    "maturin mdformat mdformat_gfm mdit_py_plugins mdurl mypy mypy_extensions mypyc nodeenv nox "
    "packaging pathspec pip pkg_resources platformdirs pluggy pre_commit pre_commit_hooks py "
    "pygments pytest pytest_benchmark pytest_run_parallel python_discovery ruamel ruff setuptools "
    "sortedcontainers typing_extensions virtualenv wcwidth wheel yaml".split()
)
# The names Windows keeps for devices, in any case and with any extension ("nul.txt"): a
# directory of that name cannot be made or checked out there (Windows' "Naming Files, Paths,
# and Namespaces").
WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", *(f"{port}{n}" for port in ("COM", "LPT") for n in range(10))]
)
# The fields that are names: shown in headings, comments and metadata on one line.
NAME_FIELDS = ("project_name", "author_name")
# What PyPI shows as a link and validate-pyproject accepts as a URL, with nothing to escape.
URL = re.compile(r"https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^\s\"'<>\\`]*)?")
EMAIL = re.compile(r"[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+")

Answers = dict[str, object]


def semver_of(version: str) -> str:
    """PEP 440 to SemVer (1.2rc1 -> 1.2.0-rc.1); maturin maps it back for the wheel.

    A version without a SemVer twin is left as it is: `version` (the rule) refuses it.
    """
    match = CARGO_COMPATIBLE_VERSION.fullmatch(version)
    if not match:
        return version
    major, minor, patch, pre, number = match.groups()
    label = {"a": "alpha", "b": "beta", "rc": "rc"}.get(pre or "")
    suffix = f"-{label}.{number}" if label else ""
    return f"{major}.{minor or 0}.{patch or 0}{suffix}"


def shown(value: object) -> str:
    """A value as an error line quotes it: its repr, cut short when long."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def windows_device(name: str) -> bool:
    """Whether Windows reads `name`, as a file or folder name, as a device."""
    return name.split(".", 1)[0].rstrip(" ").upper() in WINDOWS_DEVICES


def no_controls(answers: Answers) -> Iterator[str]:
    """No source file can hold a NUL character, whatever its format; a name is one line of
    printable text (a tab or an escape code would reach the README's heading)."""
    for field, value in answers.items():
        if not isinstance(value, str) or field.startswith("_"):
            continue
        if "\x00" in value:
            yield f"{field} contains a NUL character, which no source file can hold; remove it"
        elif field in NAME_FIELDS and (control := next(filter(is_control, value), None)):
            yield (
                f"{field} {shown(value)} contains the control character U+{ord(control):04X}; "
                "a name is one line of printable text"
            )


def is_control(character: str) -> bool:
    """Unicode's category Cc: C0 and C1 controls, DEL, newlines and tabs among them."""
    return unicodedata.category(character) == "Cc"


def project_name(answers: Answers) -> Iterator[str]:
    """A name to show; the slug and the module name are made from it."""
    if not str(answers["project_name"]).strip():
        yield "project_name is empty; give the project a name"


def project_slug(answers: Answers) -> Iterator[str]:
    """A directory and a PyPI name (PEP 508, lower case). An empty slug made from an empty name
    is reported once, at its source."""
    name, slug = str(answers["project_name"]), str(answers["project_slug"])
    if not slug and name.strip():
        yield "project_slug is empty: give project_name a letter or digit, or set project_slug"
    if slug and not SLUG.fullmatch(slug):
        yield (
            f"project_slug {shown(slug)} must be 1-100 lower-case letters, digits, '-', '_' or "
            "'.', starting and ending with a letter or digit (it is a directory and a PyPI name)"
        )
    elif slug and windows_device(slug):
        yield (
            f"project_slug {slug!r} is a device name on Windows (CON, PRN, AUX, NUL, COM0-9, "
            "LPT0-9, in any case and with any extension), so no folder can have it; choose another"
        )


def module_name(answers: Answers) -> Iterator[str]:
    """An ASCII identifier (Python's grammar) that shadows nothing the package imports."""
    module, slug = str(answers["module_name"]), str(answers["project_slug"])
    if not MODULE.fullmatch(module):
        if module or slug:  # else the empty slug, reported above, is the cause
            yield (
                f"module_name {shown(module)} must be an ASCII Python identifier "
                "(letters, digits and '_', not starting with a digit)"
            )
    elif keyword.iskeyword(module):
        yield f"module_name {module!r} is a Python keyword; choose another name"
    elif module in STDLIB:
        yield (
            f"module_name {module!r} would shadow the standard-library module of that name; "
            "choose another name"
        )
    elif module.startswith("_"):
        yield f"module_name {module!r} must not start with '_' (that marks private modules)"
    elif windows_device(module):
        yield (
            f"module_name {module!r} is a device name on Windows (CON, PRN, AUX, NUL, COM0-9, "
            "LPT0-9, in any case), so the package's folder cannot have it; choose another"
        )
    elif module in VENV_NAMES:
        yield (
            f"module_name {module!r} is the name of a package the first build installs into "
            ".venv (for pytest, nox, maturin or pre-commit), which the module would overwrite; "
            "choose another"
        )
    elif len(module) > MODULE_MAX:
        yield (
            f"module_name {shown(module)} is {len(module)} characters; at most {MODULE_MAX}, "
            "as every import spells it"
        )
    elif module != module.lower():
        yield (
            f"module_name {module!r} must be lower case (PEP 8's module names, which ruff checks "
            f"in the project, and a crate name rustc accepts): {module.lower()!r}, for example"
        )


def version(answers: Answers) -> Iterator[str]:
    """PEP 440 that Cargo's SemVer can express, with numbers Cargo's parser takes (u64)."""
    text = str(answers["version"])
    semver = semver_of(text)
    if not CARGO_COMPATIBLE_VERSION.fullmatch(text):
        yield (
            f"version {shown(text)} must be MAJOR[.MINOR[.PATCH]] with an optional aN, bN or "
            "rcN suffix, e.g. 0.1.0 or 1.0.0rc1 (PEP 440 that Cargo's SemVer can express)"
        )
    elif not SEMVER.fullmatch(semver) or any(int(n) > U64_MAX for n in re.findall(r"\d+", semver)):
        yield (
            f"version {shown(text)} is {semver!r} in Cargo.toml, which Cargo refuses: its "
            "numbers must have no leading zeros and fit in 64 bits (e.g. 1.0.0rc1, not 1.0.0rc01)"
        )


def author_email(answers: Answers) -> Iterator[str]:
    """An address PEP 621's `authors` table and PyPI take, or nothing."""
    email = str(answers["author_email"])
    if email and not EMAIL.fullmatch(email):
        yield f"author_email {shown(email)} does not look like an e-mail address (or leave it empty)"


def repository_url(answers: Answers) -> Iterator[str]:
    """An https:// address with nothing to escape (PyPI links it, validate-pyproject takes it),
    or nothing. The default address ends with the slug: a bad slug is reported once, at its
    source."""
    url, slug = str(answers["repository_url"]), str(answers["project_slug"])
    bad_slug = slug and not SLUG.fullmatch(slug) and url.endswith(slug)
    if url and not URL.fullmatch(url) and not bad_slug:
        yield (
            f"repository_url {shown(url)} must be an https:// address with no spaces or quotes, "
            "e.g. https://github.com/you/project, or empty"
        )


# Each field's rule; every field is also checked for control characters (`no_controls`).
RULES: dict[str, Callable[[Answers], Iterator[str]]] = {
    "project_name": project_name,
    "project_slug": project_slug,
    "module_name": module_name,
    "version": version,
    "author_email": author_email,
    "repository_url": repository_url,
}


def offered(answers: Answers, declared: Declared) -> Iterator[str]:
    """A choice among those offered, a yes/no a yes or no.

    cookiecutter checks these only for the answers it prompts for: a replay file or
    `extra_context` may hold a value no longer offered.
    """
    for field, default in declared.items():
        if isinstance(default, list) and answers[field] not in default:
            yield f"{field} {shown(answers[field])} is not one of: {', '.join(default)}"
        if isinstance(default, bool) and not isinstance(answers[field], bool):
            yield f"{field} {shown(answers[field])} must be yes or no"


def kinds(answers: Answers) -> Iterator[str]:
    """A text question's answer is text: a replay or a config file may hold a list or a
    number, which no other rule could read."""
    for field in TEXTS:
        if field in answers and not isinstance(answers[field], str):
            kind = type(answers[field]).__name__
            yield f"{field} {shown(answers[field])} must be text, not a {kind}"


def problems(answers: Answers, declared: Declared) -> list[str]:
    """Every rule the answers break, as one line each: field, value, rule."""
    found = list(kinds(answers))
    if not found:  # the other rules read text
        found += no_controls(answers)
        found += [line for rule in RULES.values() for line in rule(answers)]
    return found + list(offered(answers, declared))


def problem_with(field: str, answers: Answers) -> str:
    """The first rule one answer breaks, or "": for a tool that asks one question at a time
    (copier), given the answers so far."""
    found = list(kinds({field: answers[field]})) or list(no_controls({field: answers[field]}))
    if field in RULES and not found:
        found += [line for line in RULES[field](answers) if line.startswith(f"{field} ")]
    return found[0] if found else ""
