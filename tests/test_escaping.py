"""Tricky but valid answers give a project whose every file still parses and compiles.

Each corpus entry lands in TOML (pyproject, Cargo), Rust (doc comments), Python (docstrings,
string literals), Markdown and JSON. The checks read the values back with each format's own
parser, so an escaping mistake shows as a wrong value, not only as a syntax error.
"""

from __future__ import annotations

import ast
import json
import random
import re
import subprocess
import tomllib
from pathlib import Path

import docutils.core
import docutils.nodes
import mdformat
import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from cookiecutter_pyo3.filters.escaping import md, md_heading
from kit import NO_VENV_ENV, bake, run

pytestmark = pytest.mark.portable

CORPUS: dict[str, dict[str, str]] = {
    "double quotes": {"project_name": 'The "Best" Module', "description": 'Say "hi"'},
    "single quotes": {"project_name": "O'Brien's Tools", "author_name": "Seán O'Brien"},
    "backslashes": {"description": "C:\\path\\to\\thing and \\n not a newline"},
    "trailing backslash": {"description": "ends with a backslash \\", "author_name": "Back\\"},
    "triple quotes": {"description": "doc \"\"\" breaker ''' too"},
    "newline in description": {"description": "first line\nsecond line\r\nthird"},
    "tab and control": {"description": "tab\there\x07bell\x1b[0m"},
    "Hangul everywhere": {
        "project_name": "한국어 모듈",
        "description": "한국어 설명",
        "author_name": "김철수",
    },
    "emoji": {
        "project_name": "Crab 🦀 Tools",
        "description": "🦀 fast 🚀",
        "author_name": "Ferris 🦀",
    },
    "right-to-left": {"description": "مرحبا بالعالم", "author_name": "אבי"},
    "combining marks": {"project_name": "Zoë Café", "author_name": "José Müller"},
    "jinja braces": {"description": "{{ cookie }} and {% raw %} and {# note #}"},
    "github expression": {
        "description": "${{ secrets.TOKEN }} in CI",
        "project_name": "Uses ${{ x }}",
    },
    "toml syntax": {"description": 'a = "b"\n[table]\n"""x"""', "author_name": "]]"},
    "rust syntax": {"description": '*/ "); fn main() { /* //! #![no_std]'},
    "python syntax": {"description": "'''\"); import os; os.system('x') #", "author_name": "\\x00"},
    "markdown syntax": {
        "project_name": "# Title * _x_ [link](y) <b>|</b>",
        "description": "`code` **b**",
    },
    "yaml syntax": {
        "description": "key: value\n- item\n&anchor *alias !tag",
        "author_name": "- a: b",
    },
    "html entities": {"description": "&amp; <script>alert(1)</script>"},
    "empty optional fields": {"description": "", "author_email": ""},
    "empty author": {"author_name": "", "author_email": ""},
    "very long name": {"project_name": "Very " * 18 + "Long", "description": "x" * 2000},
    "dots and underscores": {"project_name": "my.dotted_name-mixed", "module_name": "my_dotted"},
    "separators of every kind": {
        "project_name": "a--b__c..d  e//f\\\\g::h",
        "module_name": "abcdefgh",
    },
    "leading digits in name": {"project_name": "3D Tools", "module_name": "tools3d"},
    "rust keyword module": {"project_name": "Match", "module_name": "match"},
    "python soft keyword module": {"project_name": "type", "module_name": "type"},
    "plus address and subdomain": {"author_email": "first.last+tag@mail.example.co.uk"},
    "pre-release version": {"version": "1.0.0rc1"},
    "short version": {"version": "2.1"},
    "percent and braces": {"description": "100% {}{}{0} %s %(x)s"},
    "null-like words": {"description": "null None nil undefined true false"},
    # Only cookiecutter.json's own strings are templates: text that mentions cookiecutter too.
    "mentions cookiecutter with an expression": {
        "description": "made with cookiecutter, uses ${{ secrets.TOKEN }} and {{ 7 * 6 }}",
        "project_name": "{{ 6 * 7 }} cookiecutter tools",
        "module_name": "tools",
    },
    "mentions cookiecutter with a raw tag": {"description": "cookiecutter {% raw %} {{ x }"},
    # rustc refuses bidirectional controls in comments (text_direction_codepoint_in_comment).
    "bidirectional controls": {
        "description": "safe \u202e txet desrever \u202c and \u2066 isolate \u2069",
        "author_name": "\u202eEve",
    },
    "repository address with query and fragment": {
        "repository_url": "https://git.example.com:8443/group/sub_group/my.project-x?tab=1&x=%20*#top"
    },
}


def fold(text: str) -> str:
    return " ".join(text.split())


def markdown_text(inline: Token) -> str:
    """The text a reader sees in an inline Markdown token: escapes resolved, links as text."""
    seen = {
        "text": lambda c: c.content,
        "code_inline": lambda c: c.content,
        "softbreak": lambda c: " ",
    }
    return "".join(seen[child.type](child) for child in inline.children or [] if child.type in seen)


@pytest.fixture(scope="module")
def baked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("corpus")
    return {
        case: bake(root / str(index), **answers)
        for index, (case, answers) in enumerate(CORPUS.items())
    }


@pytest.mark.parametrize("case", CORPUS)
def test_values_round_trip(baked: dict[str, Path], case: str) -> None:
    project, answers = baked[case], CORPUS[case]
    description = answers.get("description", "A Python extension module written in Rust with PyO3.")
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    cargo = tomllib.loads((project / "Cargo.toml").read_text(encoding="utf-8"))
    # Core metadata's Summary is one line, so the TOML files hold the folded description.
    assert (
        pyproject["project"]["description"] == cargo["package"]["description"] == fold(description)
    )
    assert pyproject["project"]["name"] == project.name
    if answers.get("author_name"):
        assert pyproject["project"]["authors"][0]["name"] == answers["author_name"]
    module = json.loads((project / ".cookiecutter.json").read_text(encoding="utf-8"))["module_name"]
    init = project / "python" / module / "__init__.py"
    # Doc comments and docstrings share one filter, which leaves out what rustc refuses there.
    bidi_free = re.sub("[\u202a-\u202e\u2066-\u2069]", "", fold(description))
    assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")), clean=False) == bidi_free
    for path in project.rglob("*.py*"):
        ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for path in [*project.rglob("*.yml"), *project.rglob("*.yaml")]:
        yaml.safe_load(path.read_text(encoding="utf-8"))
    release = project / ".github" / "workflows" / "release.yml"
    if release.exists():
        workflow = yaml.safe_load(release.read_text(encoding="utf-8"))
        url = workflow["jobs"]["release"]["environment"]["url"]
        assert url == f"https://pypi.org/p/{project.name}"
    repository = answers.get("repository_url", f"https://github.com/your-name/{project.name}")
    assert pyproject["project"]["urls"]["Source"] == cargo["package"]["repository"] == repository
    name = answers.get("project_name", "Rust Module")
    markdown = (project / "README.md").read_text(encoding="utf-8")
    assert mdformat.text(markdown, extensions={"gfm"}) == markdown, "pre-commit would rewrite it"
    readme = MarkdownIt("commonmark").parse(markdown)
    assert [markdown_text(readme[1]), markdown_text(readme[4])] == [
        fold(name),
        fold(description)
        if description.strip()
        else "Rust behind a typed Python package, bound with PyO3 and built by maturin.",
    ]
    index = docutils.core.publish_doctree(
        # Up to the Sphinx-only toctree, which plain docutils does not know.
        (project / "docs" / "index.rst").read_text(encoding="utf-8").split(".. toctree::")[0],
        settings_overrides={"report_level": 2, "halt_level": 2},
    )
    assert index.next_node(docutils.nodes.title).astext() == fold(name)
    if description.strip():
        assert index.next_node(docutils.nodes.paragraph).astext() == fold(description)
    recorded = json.loads((project / ".cookiecutter.json").read_text(encoding="utf-8"))
    for key, value in answers.items():
        assert recorded[key] == value


# Pieces of Markdown syntax, and text around them. Left out are two mdformat 1.0 defects, where
# no text is both read back right and left alone: `<<b>` (mdformat keeps `<b>` bare) and an
# escape right after a URL (mdformat-gfm doubles the backslash).
MARKDOWN_PIECES = [
    *"ab _*-+#>=|:[]()!`~&;\\/.1 ",
    *["<b>", "</p>", "<!--", "&amp;", "&#10;", "[x]", "1.", "2)", "---", "***", "~~", "é", "→"],
]


def test_markdown_text_is_read_back_and_left_alone_by_mdformat() -> None:
    """md and md_heading on 2000 strings of Markdown syntax: the text reads back, mdformat keeps it."""
    pieces = random.Random(0)
    values = {"".join(pieces.choices(MARKDOWN_PIECES, k=pieces.randint(1, 8))) for _ in range(2000)}
    parser = MarkdownIt("commonmark")
    wrong = []
    for value in sorted(v for v in values if v.strip() and "<<" not in v):
        for markdown in (f"# {md_heading(value)}\n", f"# T\n\n{md(value)}\n"):
            inline = [token for token in parser.parse(markdown) if token.type == "inline"][-1]
            read = "".join(child.content for child in inline.children or [])
            kinds = {child.type for child in inline.children or []}
            formatted = mdformat.text(markdown, extensions={"gfm"})
            if read != fold(value) or kinds - {"text", "text_special"} or formatted != markdown:
                wrong.append((value, markdown, formatted))
    assert not wrong, wrong[:5]


def test_corpus_compiles(baked: dict[str, Path]) -> None:
    """`cargo check --tests` on every corpus project: Rust literals and doc comments are valid."""
    failures = {}
    for case, project in baked.items():
        result = subprocess.run(
            ["cargo", "check", "--tests", "--quiet", "--message-format=short"],
            cwd=project,
            env=NO_VENV_ENV,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            failures[case] = result.stderr[-2000:]
    assert not failures, failures


def test_metadata_reads_back(baked: dict[str, Path]) -> None:
    project = baked["rust syntax"]
    metadata = json.loads(
        run(
            ["cargo", "metadata", "--no-deps", "--format-version=1"], project, env=NO_VENV_ENV
        ).stdout
    )
    assert metadata["packages"][0]["description"] == fold(CORPUS["rust syntax"]["description"])
