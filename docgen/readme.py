"""The parts of README.md that are read off the template itself, rendered with cog.

`nox -s cog -- -r` rewrites them; `nox -s cog` (and tests/test_rendering.py) fails when they
are stale, so the README cannot fall behind the template.
"""

from __future__ import annotations

import ast
import re

import pythons as project  # the generated project's ci/pythons.py (cog's -I, pytest's path)
from cookiecutter_pyo3.filters import files
from cookiecutter_pyo3.questions import CONFIG, PROMPTS, TEMPLATE
from helpers.baking import rendering

# What each option adds, for the files a default project does not have.
OPTIONAL = {
    "async": "async_example=yes",
    "LICENSE-APACHE": "license with Apache-2.0",
    ".gitlab-ci.yml": "ci on GitLab",
}


def tree() -> str:
    """The generated project's files for every option, each with its line (cookiecutter_pyo3.filters.files).

    A file a default project does not have says which answer brings it.
    """
    default = files.files(*rendering())
    minimal = files.files(*rendering(examples="minimal"))
    every = files.files(*rendering(async_example=True, license="MIT OR Apache-2.0"))
    every |= files.files(*rendering(ci="gitlab"))
    lines, width = ["rust-module/"], max(map(len, every))
    for path, note in every.items():
        if path not in default:
            note = f"({brought_by(path)}) {note}"
        elif path not in minimal:
            note = f"(examples=full) {note}"
        lines.append(f"  {path.ljust(width)} {note}")
    answers_line = files.FILES[files.COPIER_ANSWERS]
    lines.append(
        f"  {'.copier-answers.yml':{width}} (copier, instead of .cookiecutter.json) {answers_line}"
    )
    lines.append(f"  {'uv.lock':{width}} (project_manager=uv) written by the first build")
    lines.append(f"  {'.venv/':{width}} made by the first build, with the module installed")
    return "\n".join(["```", *lines, "```"])


def dotted(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


def brought_by(path: str) -> str:
    """The answer that brings a file a default project does not have (OPTIONAL)."""
    found = [answer for part, answer in OPTIONAL.items() if part in path]
    if not found:
        raise SystemExit(f"docgen/readme.py: say in OPTIONAL which answer brings {path}")
    return found[0]


# What the prompt table says of each question beyond cookiecutter.json: its default in words,
# and what the answer does. Optional: a question without one shows its default alone.
NOTES = {
    "project_name": ("`Rust Module`", "Free text; quotes, backslashes, any script and emoji."),
    "project_slug": (
        "name slugified",
        "Directory and PyPI name: lower case, digits, `-_.`.",
    ),
    "module_name": (
        "slug, `-` → `_`",
        (
            "The import name: an ASCII identifier, not a Python keyword, not a standard-library "
            "module. Rust keywords (`match`) work: the crate's library gets an `_rs` suffix."
        ),
    ),
    "description": ("one line", "Folded to one line in package metadata."),
    "author_name": ("placeholder", "May be empty."),
    "author_email": ("placeholder", "May be empty."),
    "repository_url": (
        "`https://github.com/your-name/<slug>`",
        (
            "An `https://` address, or empty. Project URLs in its host's layout (home, source, "
            "issues, releases, and the docs on GitHub or GitLab Pages), `Cargo.toml`."
        ),
    ),
    "ci": (
        None,
        (
            "`auto`: GitHub for github.com, GitLab for gitlab.com or a host named `gitlab.*`, "
            "else `none`. GitHub: `.github/` workflows and Dependabot. GitLab: `.gitlab-ci.yml` "
            "(the same sessions, wheels and tag check, Pages, trusted publishing). `none`: no CI "
            "files; the README lists what CI should run."
        ),
    ),
    "version": (
        "`0.1.0`",
        "PEP 440 that SemVer can express; Cargo gets `1.0.0-rc.1` for `1.0.0rc1`.",
    ),
    "license": (None, "`Proprietary`: no licence file, and PyPI refuses the upload."),
    "python_min": (
        None,
        (
            "`requires-python` and one classifier per version, which nox, CI and the wheel "
            "builds read (`ci/pythons.py`). The first build uses the first CPython this new it "
            "finds; `scripts/bootstrap.py --check` says which, and why."
        ),
    ),
    "project_manager": (
        None,
        (
            "`pip`: the hook makes `.venv` and runs maturin (with uv as installer when found). "
            "`uv`: the hook runs `uv sync`, which writes `uv.lock`."
        ),
    ),
    "abi3": (
        None,
        (
            f"Per platform: an abi3 wheel from `python_min` ({dotted(project.ABI3_FROM)} at the "
            "least: PyO3's exception classes need it), a version-specific wheel for each older "
            f"Python, a cp{''.join(map(str, project.FREE_THREADED_FROM))}t wheel, and one "
            f"`abi3.abi3t` wheel for {dotted(project.ABI3T_FROM)} and later, with and without "
            "the GIL."
        ),
    ),
    "examples": (
        None,
        (
            "`full`: `my_module`'s functions, `Color`, `Counter`, the GIL released around work, "
            "the error hierarchy, fuzzing and benchmarks. `minimal`: `my_module.greet` and the "
            "`Error` enum, with the same embedded-interpreter, property, memory, thread and "
            "stub checks. The generated README says how to remove one example."
        ),
    ),
    "async_example": (None, "Adds the `async_example` submodule (tokio ↔ asyncio) with tests."),
    "run_first_build": (None, "Build once now: `.venv`, the extension, a smoke import."),
}


def prompts() -> str:
    """The prompt table: cookiecutter.json's questions, defaults and choices, and NOTES (a
    question without a note shows its default and choices alone)."""
    rows = ["| Prompt | Asks | Default | Notes |", "| --- | --- | --- | --- |"]
    for name, question in PROMPTS.items():
        value = CONFIG[name]
        default, note = NOTES.get(name, (f"`{value}`", ""))
        if isinstance(value, bool):
            default = "yes" if value else "no"
        elif isinstance(value, list):
            default = f"`{value[0]}`"
            note = f"{' / '.join(f'`{choice}`' for choice in value)}. {note}".strip()
        rows.append(f"| `{name}` | {question} | {default} | {note} |")
    return "\n".join(rows)


def checks() -> str:
    """The ecosystem tools the template tests run: one row per test whose docstring says
    "`tool`: on what", so the table lists exactly what is tested."""
    rows = ["| Tool | On |", "| --- | --- |"]
    for name in ("test_ecosystem.py", "test_lifecycle.py", "test_build.py"):
        module = ast.parse((TEMPLATE / "tests" / name).read_text(encoding="utf-8"))
        for function in module.body:
            doc = ast.get_docstring(function) if isinstance(function, ast.FunctionDef) else None
            if doc and (found := re.match(r"(`[^`]+`[^:]*): (.+)", doc.split("\n")[0])):
                rows.append(f"| {found[1]} | {found[2]} |")
    return "\n".join(rows)
