"""Jinja filters that write user values safely into every file format the template emits.

Every user-supplied value reaches a generated file through one of these filters, never through
ad-hoc quoting in a template: one place to get escaping right, one place to test it.
"""

from __future__ import annotations

import html.entities
import importlib.util
import json
import re
import string
import sys
import unicodedata
from pathlib import Path
from types import ModuleType

from cookiecutter.exceptions import FailedHookException
from jinja2 import Environment
from jinja2.ext import Extension

# Rust strict, reserved and weak keywords that cannot be a crate or module name.
# https://doc.rust-lang.org/reference/keywords.html
RUST_KEYWORDS = frozenset(
    "as async await break const continue crate dyn else enum extern false fn for gen if impl in "
    "let loop match mod move mut pub ref return self static struct super trait true try type "
    "unsafe use where while abstract become box do final macro override priv typeof unsized "
    "virtual yield union".split()
)


# What a double-quoted string literal escapes by name; the same in TOML and Python.
QUOTED_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
# How each of them writes any other control character, from its code point.
CONTROL_ESCAPES = {"toml": "\\u{:04X}", "python": "\\x{:02x}"}


def quoted(value: object, language: str) -> str:
    """A double-quoted string literal of `language` (toml, python), quotes included."""
    control = CONTROL_ESCAPES[language]

    def escaped(char: str) -> str:
        if char in QUOTED_ESCAPES:
            return QUOTED_ESCAPES[char]
        return control.format(ord(char)) if unicodedata.category(char) == "Cc" else char

    return '"' + "".join(map(escaped, str(value))) + '"'


def toml(value: object) -> str:
    """A TOML basic string, quotes included."""
    return quoted(value, "toml")


def py_str(value: object) -> str:
    """A double-quoted Python string literal, as ruff would format it."""
    return quoted(value, "python")


def yaml(value: object) -> str:
    """A YAML flow scalar or sequence: JSON with every non-ASCII character escaped.

    JSON is YAML 1.2, and escaping all non-ASCII keeps characters that YAML 1.1 readers treat
    as line breaks (U+0085, U+2028) out of the file.
    """
    return json.dumps(value, ensure_ascii=True)


def toml_table(mapping: dict) -> str:
    """A TOML inline table of the non-empty values, e.g. a PEP 621 author."""
    pairs = ", ".join(f"{key} = {toml(value)}" for key, value in mapping.items() if value)
    return f"{{ {pairs} }}"


def one_line(value: object) -> str:
    """Whitespace runs (newlines included) folded to one space: for comments and headings."""
    return " ".join(str(value).split())


# The bidirectional controls that rustc's deny-by-default lint
# `text_direction_codepoint_in_comment` refuses in a comment: they can make code read other
# than it compiles.
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def doc(value: object) -> str:
    """Text for the inside of a Rust doc comment or a Python docstring line.

    Folded to one line so it cannot end the comment; backslashes and quotes are replaced by
    look-alike-free escapes so a docstring stays a plain (non-raw) literal; bidirectional
    controls are left out, since rustc refuses them in comments.
    """
    text = one_line(value).translate(BIDI_CONTROLS)
    return text.replace("\\", "\\\\").replace('"', '\\"')


# Markdown is written the way mdformat 1.0 with mdformat-gfm writes it, so the formatter in the
# project's pre-commit leaves a generated README as it is. These are mdformat's rules for a text
# token (renderer/_context.py `text`, _util.py `escape_*`), then for the heading or the one-line
# paragraph around it, for text folded to one line (its only whitespace is " ").
# The README defines no link references, so no bracket pair can turn into a link, and every
# `<` before a non-space is escaped, so no line can open an HTML block.
# Names are checked against the table after matching: an alternation of its 2,000 names took
# 85 ms to compile, on every run of cookiecutter.
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[Xx][0-9A-Fa-f]{1,6}|([A-Za-z0-9]+));")


def _escape_reference(match: re.Match[str]) -> str:
    name = match[1]
    return match[0] if name and f"{name};" not in html.entities.html5 else f"\\{match[0]}"


def _is_word_char(char: str | None) -> bool:
    """Neither whitespace, Unicode punctuation or symbol, nor the edge of the text."""
    return char not in {None, " "} and unicodedata.category(char)[0] not in "PS"


def _escape_emphasis(text: str) -> str:
    """`*` unless between spaces; `_` unless between spaces or inside a word."""
    escaped = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else None
        after = text[index + 1] if index + 1 < len(text) else None
        spaced = before == " " and after == " "
        if (char == "*" and not spaced) or (
            char == "_" and not (spaced or (_is_word_char(before) and _is_word_char(after)))
        ):
            escaped.append("\\")
        escaped.append(char)
    return "".join(escaped)


def _escape_brackets(text: str) -> str:
    """Every bracket but those of a `[pair]` with no bracket inside and no `(` or `:` after."""
    escaped_at: list[int] = []
    opened: int | None = None
    for match in re.finditer(r"[\[\]]", text):
        at = match.start()
        if match[0] == "[":
            escaped_at += [opened] if opened is not None else []
            opened = at
        elif opened is None:
            escaped_at.append(at)
        else:
            escaped_at += [opened, at] if text[at + 1 : at + 2] in {":", "("} else []
            opened = None
    escaped_at += [opened] if opened is not None else []
    return "".join(f"\\{char}" if i in escaped_at else char for i, char in enumerate(text))


def _md_text(value: object) -> str:
    """A text token: one line, with what would start inline markup escaped."""
    text = one_line(value).replace("\\", "\\\\")
    text = _escape_brackets(_escape_emphasis(text))
    # HTML and autolinks. mdformat's pattern, `<(?:[^ ]|$)`, also takes the next character, so it
    # leaves the second `<` of `<<b>` bare, and `<b>` becomes HTML: a lookahead escapes both.
    text = re.sub("<(?=[^ ]|$)", r"\\<", text)
    text = text.replace("`", "\\`")
    text = _CHARACTER_REFERENCE.sub(_escape_reference, text)
    return text.replace("~~", "\\~~")  # GFM strikethrough


def md(value: object) -> str:
    """A one-line Markdown paragraph of plain text: nothing in it starts markup."""
    line = _md_text(value)
    if re.match(r"#{1,6}( |$)|>|[-*+]( |$)", line):  # heading, quote, bullet
        line = f"\\{line}"
    if match := re.match(r"[0-9]+([.)])( |$)", line):  # numbered list
        line = line.replace(match[1], f"\\{match[1]}", 1)
    bare = line.replace(" ", "")
    for mark in "*-_":  # thematic break
        if len(bare) >= 3 and set(bare) == {mark}:
            line = line.replace(mark, f"\\{mark}", 1)
    for mark in "-=":  # setext underline
        if set(line) == {mark}:
            line = line.replace(mark, f"\\{mark}", 1)
    line = re.sub(r"^\[([ xX])]", r"\\[\1\\]", line)  # GFM task list box
    if set(line) <= set("|-: "):  # GFM table delimiter row
        line = line.replace("-", "\\-", 1)
    return line


def md_heading(value: object) -> str:
    """The text of an ATX heading: a closing `#` would be dropped, so it is escaped."""
    text = _md_text(value)
    return f"{text[:-1]}\\#" if text.endswith("#") else text


_RST_SPECIAL = re.compile(r"([\\`*_|<>\[\]])")


def rst(value: object) -> str:
    """Inline reStructuredText: markup characters backslash-escaped, one line.

    A first digit or punctuation mark is escaped too, so the text cannot start a list, a
    comment, a directive or a transition.
    """
    text = _RST_SPECIAL.sub(r"\\\1", one_line(value))
    first = text[:1]
    starts_markup = first.isdigit() or (
        first != "" and first in string.punctuation and first != "\\"
    )
    return f"\\{text}" if starts_markup else text


def rst_title(value: object) -> str:
    """A reStructuredText section title, underlined to its width in terminal columns."""
    text = rst(value)
    width = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return f"{text}\n{'=' * width}"


def load_module(path: Path) -> ModuleType:
    """A Python file of the template as a module: the hooks are Python before rendering."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


# The pre-generation hook, where every rule for an answer is written.
RULES = load_module(Path(__file__).with_name("hooks") / "pre_gen_project.py")


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


def module_name(slug: object) -> str:
    """Default import name for a slug: separators become underscores."""
    return re.sub(r"[^0-9a-zA-Z_]+", "_", str(slug)).strip("_")


# Library names the crate cannot take: the sysroot crates and its own dependencies.
TAKEN_CRATE_NAMES = frozenset(
    {"alloc", "core", "proc_macro", "std", "test", "pyo3", "pyo3_build_config", "thiserror"}
)


def rust_crate_name(name: object) -> str:
    """The crate's library name: the module name, suffixed where Rust reserves it."""
    name = str(name)
    return f"{name}_rs" if name in RUST_KEYWORDS | TAKEN_CRATE_NAMES else name


def cargo_package_name(slug: object) -> str:
    """The Cargo package name for a slug: Cargo allows no dots and no leading digit."""
    name = str(slug).replace(".", "-")
    return f"py{name}" if name[:1].isdigit() else name


def cargo_version(version: object) -> str:
    """The Cargo.toml version of a PEP 440 version (the pre-generation hook's `semver_of`)."""
    return RULES.semver_of(str(version))


def template_choices() -> dict[str, list[str] | bool]:
    """The choice lists and yes/no defaults of this template's cookiecutter.json.

    Read from the file, wherever cookiecutter runs from: a replay file or `extra_context` may
    hold a value no longer offered, and cookiecutter only checks the answers it prompts for.
    """
    declared = json.loads(Path(__file__).with_name("cookiecutter.json").read_text("utf-8"))
    return {
        k: v for k, v in declared.items() if isinstance(v, list | bool) and not k.startswith("_")
    }


def _version(version: object) -> tuple[int, ...]:
    return tuple(int(part) for part in str(version).rstrip("t").split("."))


def supported_pythons(python_min: object) -> list[str]:
    """The Python versions offered in cookiecutter.json, from `python_min` to the newest."""
    return [v for v in template_choices()["python_min"] if _version(v) >= _version(python_min)]


# Where the platform changes, by version; the versions themselves are cookiecutter.json's list.
# The first free-threaded CPython that PyO3 0.30 supports (it dropped 3.13t).
FREE_THREADED_FROM = "3.14"
# The stable ABI lets PyO3 subclass Python's exceptions (`extends = PyException`) from 3.12.
ABI3_FROM = "3.12"
# PEP 803: one stable-ABI build for 3.15 and later, with and without the GIL.
ABI3T_FROM = "3.15"


def free_threaded_pythons(python_min: object) -> list[str]:
    """The free-threaded builds (`3.14t`) of the supported versions that PyO3 supports."""
    return [
        f"{v}t"
        for v in supported_pythons(python_min)
        if _version(v) >= _version(FREE_THREADED_FROM)
    ]


def abi3_minimum(python_min: object) -> str:
    """The oldest Python an abi3 wheel of the project serves: `python_min`, 3.12 at the least."""
    return max(str(python_min), ABI3_FROM, key=_version)


def abi3t_minimum(python_min: object) -> str:
    """The oldest Python the abi3t wheel serves: `python_min`, 3.15 at the least."""
    return max(str(python_min), ABI3T_FROM, key=_version)


def stable_abi_features(python_min: object) -> list[str]:
    """The PyO3 features behind the crate's `stable-abi` feature."""
    return [
        f"pyo3/abi3-py{abi3_minimum(python_min).replace('.', '')}",
        f"pyo3/abi3t-py{abi3t_minimum(python_min).replace('.', '')}",
    ]


def wheel_tag(python: str, stable_abi: bool = False) -> str:
    """The Python and ABI tags of a wheel built by `python` (`3.14t` -> `cp314-cp314t`)."""
    number = python.rstrip("t").replace(".", "")
    if not stable_abi:
        return f"cp{number}-cp{number}{'t' if python.endswith('t') else ''}"
    return (
        f"cp{number}-abi3.abi3t" if _version(python) >= _version(ABI3T_FROM) else f"cp{number}-abi3"
    )


def _build(interpreters: list[str], *, stable_abi: bool) -> dict[str, object]:
    """One `maturin build`: its interpreters, its arguments, and the tags of its wheels."""
    features = ["--features=stable-abi"] if stable_abi else []
    pythons = [f"python{python}" for python in interpreters]
    return {
        "interpreters": interpreters,
        "args": " ".join(["--out dist", *features, "--interpreter", *pythons]),
        "tags": [wheel_tag(python, stable_abi) for python in interpreters],
    }


def wheel_builds(python_min: object, abi3: bool) -> list[dict[str, object]]:
    """Each `maturin build` of a platform, in order.

    Without abi3, a wheel per version and per free-threaded build. With it, the wheels PyO3
    recommends: abi3 from `abi3_minimum`, a version-specific wheel for each Python that abi3
    cannot serve (3.11, 3.14t), and one abi3t wheel for 3.15 and later, GIL or not. maturin
    gives every interpreter of one build the same kind of stable ABI, hence a build per kind.
    """
    supported = supported_pythons(python_min)
    free_threaded = free_threaded_pythons(python_min)
    if not abi3:
        return [_build([*supported, *free_threaded], stable_abi=False)]
    abi3_from = abi3_minimum(python_min)
    specific = [v for v in supported if _version(v) < _version(abi3_from)]
    specific += [v for v in free_threaded if _version(v) < _version(ABI3T_FROM)]
    stable = [abi3_from] if _version(abi3_from) < _version(ABI3T_FROM) else []
    stable.append(abi3t_minimum(python_min))
    builds = [_build(specific, stable_abi=False)] if specific else []
    return builds + [_build([python], stable_abi=True) for python in stable]


def wheel_serves(tag: str) -> str:
    """Which Pythons a wheel with these tags installs on, in words."""
    python, abi = tag.split("-")
    version = f"{python[2]}.{python[3:]}"
    if abi == "abi3.abi3t":
        return f"CPython {version} and later, with and without the GIL"
    if abi == "abi3":
        return f"CPython {version} and later, with the GIL"
    return f"CPython {version}{' free-threaded' if abi.endswith('t') else ''}"


def wheel_tags(python_min: object, abi3: bool) -> list[str]:
    """Every wheel's Python and ABI tags, sorted: what each platform's build must produce."""
    return sorted(tag for build in wheel_builds(python_min, abi3) for tag in build["tags"])


def wheel_tests(python_min: object, abi3: bool) -> list[dict[str, str]]:
    """Which wheel each test job installs into a fresh venv: every kind, on the Pythons it serves.

    Each version-specific wheel on its own Python (without abi3: the oldest, the newest and the
    free-threaded ones); an abi3 wheel on its oldest and the newest Python; the abi3t wheel on
    the newest Python, with and without the GIL.
    """
    newest = supported_pythons(python_min)[-1]
    free_threaded = free_threaded_pythons(python_min)
    tests = []
    for build in wheel_builds(python_min, abi3):
        for python, tag in zip(build["interpreters"], build["tags"], strict=True):
            if tag.endswith("abi3t"):
                tests += [
                    {"python": newest, "wheel": tag},
                    {"python": free_threaded[-1], "wheel": tag},
                ]
            elif tag.endswith("abi3"):
                tests += [{"python": python, "wheel": tag}, {"python": newest, "wheel": tag}]
            elif abi3 or python in {python_min, newest} or python.endswith("t"):
                tests += [{"python": python, "wheel": tag}]
    return tests


def development_status(version: object) -> str:
    """The trove classifier a version implies: Alpha for aN and 0.x, Beta for bN and rcN."""
    match = RULES.CARGO_COMPATIBLE_VERSION.fullmatch(str(version))
    major, pre = (match[1], match[4]) if match else ("0", None)
    if pre == "a" or (major == "0" and pre is None):
        return "Development Status :: 3 - Alpha"
    if pre in {"b", "rc"}:
        return "Development Status :: 4 - Beta"
    return "Development Status :: 5 - Production/Stable"


def project_urls(repository: object) -> dict[str, str]:
    """PEP 621 project URLs from the repository's address, in GitHub's layout.

    The documentation is the site CI publishes to GitHub Pages; elsewhere, the repository.
    """
    repository = str(repository).rstrip("/")
    documentation = repository
    if match := re.fullmatch(r"https://github\.com/([^/]+)/([^/]+)", repository):
        documentation = f"https://{match[1].lower()}.github.io/{match[2]}/"
    return {
        "Homepage": repository,
        "Documentation": documentation,
        "Source": repository,
        "Issues": f"{repository}/issues",
        "Changelog": f"{repository}/releases",
    }


def answers_json(context: dict) -> str:
    """The answers as JSON, for `.cookiecutter.json`: what update tools need, no local paths."""
    kept = {k: v for k, v in context.items() if not k.startswith("_") or k == "_template"}
    return json.dumps(kept, indent=2, ensure_ascii=False) + "\n"


FILTERS = {
    function.__name__: function
    for function in (
        answers_json,
        toml,
        toml_table,
        yaml,
        supported_pythons,
        free_threaded_pythons,
        abi3_minimum,
        stable_abi_features,
        wheel_builds,
        wheel_tags,
        wheel_serves,
        wheel_tests,
        development_status,
        project_urls,
        py_str,
        one_line,
        doc,
        md,
        md_heading,
        rst,
        rst_title,
        checked,
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
    root = Path(__file__).parent

    def strings(value: object) -> list[str]:
        if isinstance(value, dict):
            return [s for item in value.values() for s in strings(item)]
        if isinstance(value, list):
            return [s for item in value for s in strings(item)]
        return [value] if isinstance(value, str) else []

    config = json.loads((root / "cookiecutter.json").read_text(encoding="utf-8"))
    project = next(root.glob("{{*}}"))
    paths = [project.name]
    paths += [path.relative_to(project).as_posix() for path in project.rglob("*")]
    hooks = [path.read_text(encoding="utf-8") for path in (root / "hooks").glob("*.py")]
    return frozenset([*strings(config), *paths, *hooks])


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
        environment.globals["template_choices"] = template_choices

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
