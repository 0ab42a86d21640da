"""Every user value written safely into each format the template emits.

TOML, Python and YAML strings, Rust doc comments, Markdown and reStructuredText: one filter per
place a value lands, each read back by that format's own parser in tests/test_escaping.py.
"""

from __future__ import annotations

import html.entities
import json
import re
import string
import unicodedata

# What a double-quoted string literal escapes by name; the same in TOML and Python.
QUOTED_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
# How each of them writes any other control character, from its code point.
CONTROL_ESCAPES = {"toml": "\\u{:04X}", "python": "\\x{:02x}"}


def quoted(value: object, language: str, quote: str = '"') -> str:
    """A string literal of `language` (toml, python) in `quote`s, quotes included."""
    control = CONTROL_ESCAPES[language]
    names = {**QUOTED_ESCAPES, '"': '"', quote: "\\" + quote} if quote != '"' else QUOTED_ESCAPES

    def escaped(char: str) -> str:
        if char in names:
            return names[char]
        return control.format(ord(char)) if unicodedata.category(char) == "Cc" else char

    return quote + "".join(map(escaped, str(value))) + quote


def toml(value: object) -> str:
    """A TOML basic string, quotes included."""
    return quoted(value, "toml")


def py_str(value: object) -> str:
    """A Python string literal as ruff formats it: double quotes, or single ones where the
    text holds more double quotes than single ones (fewer escapes)."""
    text = str(value)
    return quoted(text, "python", "'" if text.count('"') > text.count("'") else '"')


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
