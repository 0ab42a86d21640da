"""Reject answers that would give a broken project, before any file is written.

Every rule for an answer lives here. The `checked` filter applies them first, while the
answers are rendered, before cookiecutter creates the project directory (a slug such as `../x`
must never become one); this hook applies them again for replays, which skip that rendering.
Cookiecutter removes the directory it created when this hook exits non-zero, so a bad answer
leaves nothing behind. Values arrive as JSON data, never as Python source: a quote or a
backslash in a name cannot change what this script does.
"""

from __future__ import annotations

import hashlib
import json
import keyword
import re
import sys
import tempfile
from pathlib import Path

# cookiecutter fills this in as JSON; a raw string keeps the file Python before rendering too.
ANSWERS = r"""{{ cookiecutter | tojson }}"""

# PEP 508 distribution name, restricted to lower case so the directory, the Cargo package and
# the PyPI name are one string.
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9])?")
# `test` is the standard library's own test package, left out of stdlib_module_names.
STDLIB = frozenset(sys.stdlib_module_names) | set(sys.builtin_module_names) | {"test"}
MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# The PEP 440 versions that have a SemVer twin for Cargo.toml (the cargo_version filter).
CARGO_COMPATIBLE_VERSION = re.compile(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(a|b|rc)(\d+))?")
# SemVer 2.0.0's own grammar (semver.org), which Cargo's parser follows; its numbers are u64.
SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
)
U64_MAX = 2**64 - 1
# The top-level import names of what the first build installs into .venv: pip, maturin, the
# test, lint and tools groups and their dependencies (tests/test_build.py checks every built .venv
# against this). A module of that name would overwrite one of them there.
VENV_NAMES = frozenset(
    "_distutils_hack _hypothesis_ftz_detector _hypothesis_globals _hypothesis_pytestplugin "
    "_pytest _yaml argcomplete ast_serialize attr attrs cfgv colorlog dependency_groups distlib "
    "filelock humanize hypothesis identify iniconfig librt maturin mypy mypy_extensions mypyc "
    "nodeenv nox packaging pathspec pip pkg_resources platformdirs pluggy pre_commit py pygments "
    "pytest pytest_run_parallel python_discovery ruff setuptools sortedcontainers "
    "typing_extensions virtualenv wheel yaml".split()
)
# What PyPI shows as a link and validate-pyproject accepts as a URL, with nothing to escape.
URL = re.compile(r"https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^\s\"'<>\\`]*)?")
EMAIL = re.compile(r"[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+")


def semver_of(version: str) -> str:
    """PEP 440 to SemVer (1.2rc1 -> 1.2.0-rc.1); maturin maps it back for the wheel.

    A version without a SemVer twin is left as it is: `problems` refuses it.
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


def problems(context: dict, declared: dict) -> list[str]:
    """Every rule the answers break, as one line each: field, value, rule."""
    found = [
        f"{field} contains a NUL character, which no source file can hold; remove it"
        for field, value in context.items()
        if isinstance(value, str) and "\x00" in value and not field.startswith("_")
    ]
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
            f"project_slug {shown(slug)} must be 1-100 lower-case letters, digits, '-', '_' or '.', "
            "starting and ending with a letter or digit (it is a directory and a PyPI name)"
        )
    if not MODULE.fullmatch(module):
        if module or slug:  # else the empty slug, reported above, is the cause
            found.append(
                f"module_name {shown(module)} must be an ASCII Python identifier "
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
    elif module in VENV_NAMES:
        found.append(
            f"module_name {module!r} is the name of a package the first build installs into "
            ".venv (for pytest, nox, maturin or pre-commit), which the module would overwrite; "
            "choose another"
        )
    version = context["version"]
    semver = semver_of(version)
    if not CARGO_COMPATIBLE_VERSION.fullmatch(version):
        found.append(
            f"version {shown(version)} must be MAJOR[.MINOR[.PATCH]] with an optional "
            "aN, bN or rcN suffix, e.g. 0.1.0 or 1.0.0rc1 (PEP 440 that Cargo's SemVer can express)"
        )
    elif not SEMVER.fullmatch(semver) or any(int(n) > U64_MAX for n in re.findall(r"\d+", semver)):
        found.append(
            f"version {shown(version)} is {semver!r} in Cargo.toml, which Cargo refuses: its "
            "numbers must have no leading zeros and fit in 64 bits (e.g. 1.0.0rc1, not 1.0.0rc01)"
        )
    email = context["author_email"]
    if email and not EMAIL.fullmatch(email):
        found.append(
            f"author_email {shown(email)} does not look like an e-mail address (or leave it empty)"
        )
    url = context["repository_url"]
    # The default address ends with the slug: a bad slug is reported once, at its source.
    if not URL.fullmatch(url) and not (slug and not SLUG.fullmatch(slug) and url.endswith(slug)):
        found.append(
            f"repository_url {shown(url)} must be an https:// address with no "
            "spaces or quotes, e.g. https://github.com/you/project"
        )
    for field, default in declared.items():
        if isinstance(default, list) and context[field] not in default:
            found.append(f"{field} {shown(context[field])} is not one of: {', '.join(default)}")
        if isinstance(default, bool) and not isinstance(context[field], bool):
            found.append(f"{field} {shown(context[field])} must be yes or no")
    return found


# Build products and tools' state: never the template's files, and large.
NOT_NOTED = frozenset({".git", ".venv", ".nox", "target", "__pycache__", "node_modules"})


def snapshot(root: Path) -> None:
    """Notes the files a generate over an existing project finds, by content.

    With `--overwrite-if-exists` cookiecutter writes over them without a word; the
    post-generation hook compares and names the ones it replaced.
    """
    files = {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file() and not NOT_NOTED & set(path.relative_to(root).parts)
    }
    if files:
        key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
        note = Path(tempfile.gettempdir()) / f"cookiecutter-pyo3-{key}.json"
        note.write_text(json.dumps(files), encoding="utf-8")


def declared(template: Path) -> dict[str, list[str] | bool]:
    """The choice lists and yes/no defaults of the template's cookiecutter.json.

    A replay file or `extra_context` may hold a value no longer offered, and cookiecutter
    checks only the answers it prompts for.
    """
    found = json.loads((template / "cookiecutter.json").read_text(encoding="utf-8"))
    return {k: v for k, v in found.items() if isinstance(v, list | bool) and not k.startswith("_")}


def template_of(answers: dict) -> Path | None:
    """The template's directory: cookiecutter names it `_repo_dir`; cruft, only `_template`."""
    for key in ("_repo_dir", "_template"):
        if (config := Path(str(answers.get(key, "")), "cookiecutter.json")).is_file():
            return config.parent
    return None


def main() -> int:
    answers = json.loads(ANSWERS)
    template = template_of(answers)
    found = problems(answers, declared(template) if template else {})
    for line in found:
        print(f"error: {line}", file=sys.stderr)
    if not found:
        snapshot(Path.cwd())
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
