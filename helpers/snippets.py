"""The parts of README.md that are read off the template itself, rendered with cog.

`cog -r -I helpers README.md` rewrites them; `tests/test_docs.py` fails when they are stale. A new
prompt or a new generated file stops the rendering until it is described here, so the README
cannot fall behind the template.
"""

from __future__ import annotations

import ast
import json
import re
import tempfile
from pathlib import Path

from shared import TEMPLATE, bake

CONFIG = json.loads((TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8"))

# One line per generated file or directory; a path missing here stops the rendering.
FILES: dict[str, str] = {
    "Cargo.toml": "cdylib + rlib, pyo3 0.30 with experimental-inspect, lints, profiles",
    "build.rs": "libpython rpath so `cargo test` runs without LD_LIBRARY_PATH",
    "clippy.toml": "unwrap/expect/panic allowed in tests only",
    "pyproject.toml": "PEP 621 metadata, maturin, dependency groups, ruff/mypy/pytest",
    "noxfile.py": "nox sessions develop, tests (every CPython found), lint (pre-commit), docs, bench",
    "README.md": "use, develop, tasks, layout (every file), CI, promises",
    "scripts/bootstrap.py": "the one set-up of a clone and of the first build: .venv, tools, build, stubs",
    ".github/workflows/CI.yml": "the nox sessions on Linux, macOS, Windows, free-threaded; Pages",
    ".github/workflows/distributions.yml": "wheels and sdist, their tags checked, each kind tested",
    ".github/workflows/release.yml": "(license not Proprietary) tag v*: build, test, publish to PyPI",
    ".github/dependabot.yml": "weekly updates for actions, crates and Python tools",
    ".pre-commit-config.yaml": "pre-commit-hooks, mdformat, ruff, mypy, zizmor, codespell, rustfmt, clippy",
    ".readthedocs.yaml": "the docs site on Read the Docs",
    ".cookiecutter.json": "your answers, for update tools",
    ".gitignore": "build products",
    "LICENSE-MIT": "per `license`: LICENSE-MIT, LICENSE-APACHE, LICENSE, or none",
    "LICENSE-APACHE": "the Apache-2.0 text",
    "src/lib.rs": "declarative module tree: pkg._core, no init function",
    "src/my_module.rs": "submodule: greet, greet_person, estimate_pi, panic_on_purpose",
    "src/async_example.rs": "tokio futures awaited from asyncio",
    "src/color.rs": "#[pyclass(frozen, eq, hash)] Color, validating constructor, from_hex",
    "src/counter.rs": "frozen Counter with an AtomicU64: free-threading safe mutation",
    "src/compute.rs": "pure-Rust work that runs with the GIL released",
    "src/errors.rs": "Error enum -> the `exceptions` submodule, one exhaustive match",
    "python/rust_module/__init__.py": "re-exports _core, registers its submodules, __version__",
    "python/rust_module/_core.pyi": "stubs generated from the Rust code (nox -s develop)",
    "python/rust_module/my_module.pyi": "stubs of my_module, generated likewise",
    "python/rust_module/exceptions.pyi": "stubs of exceptions, generated likewise",
    "python/rust_module/async_example.pyi": "stubs of async_example, generated likewise",
    "python/rust_module/py.typed": "the package is typed",
    "tests/embedded_python.rs": "cargo test: the module in an embedded interpreter",
    "tests/test_functions.py": "pytest: functions, errors, panics",
    "tests/test_package.py": "pytest: the three ways to import a submodule, metadata",
    "tests/test_threads.py": "pytest: objects shared between threads, exact results; GIL stays off",
    "tests/test_types.py": "pytest: the classes and the exception hierarchy",
    "tests/test_properties.py": "Hypothesis: every entry point on arbitrary input vs a Python reference",
    "tests/test_memory.py": "every entry point a thousand times, under memray in nox -s memory",
    "tests/conftest.py": "Hypothesis profiles: fast by default, thorough in nox and CI",
    "fuzz/Cargo.toml": "cargo-fuzz targets, a crate of their own (nox -s fuzz, nightly)",
    "fuzz/fuzz_targets/from_hex.rs": "Color.from_hex against everything libFuzzer tries",
    "fuzz/seeds/from_hex/": "the examples the fuzzer starts from",
    ".github/workflows/fuzz.yml": "nox -s fuzz for ten minutes weekly and on demand; crashes kept",
    "tests/test_async.py": "pytest: the coroutines",
    "benchmarks/test_bench.py": "pytest-benchmark: Rust vs Python, 1 vs 2 threads, histogram",
    "docs/conf.py": "Sphinx; API pages from the stubs (sphinx-autoapi), nothing compiled",
    "docs/index.rst": "the site's home page",
    "docs/quickstart.rst": "examples that run as doctests",
}
# What each option adds, for the files a default project does not have.
OPTIONAL = {"async": "async_example=yes", "LICENSE-APACHE": "license with Apache-2.0"}


def listed(out: Path, **answers: object) -> set[str]:
    """The lines of the tree for a project with these answers."""
    root = bake(out, hooks=False, **answers)
    return {entry(path.relative_to(root).as_posix()) for path in root.rglob("*") if path.is_file()}


def entry(path: str) -> str:
    """A file's line in the tree: its own, or its directory's where FILES names the directory."""
    return next((key for key in FILES if key.endswith("/") and path.startswith(key)), path)


def tree() -> str:
    """The generated project's files, each with its line from FILES."""
    with tempfile.TemporaryDirectory() as out:
        default = listed(Path(out) / "default")
        every = listed(Path(out) / "every", async_example=True, license="MIT OR Apache-2.0")
    undescribed = sorted(every - FILES.keys())
    if undescribed:
        raise SystemExit(
            f"helpers/snippets.py: describe these generated files in FILES: {undescribed}"
        )
    lines, width = ["rust-module/"], max(map(len, every))
    for path in sorted(every, key=lambda p: (p.count("/") > 0 and not p.startswith("."), p)):
        note = FILES[path]
        if path not in default:
            option = next(v for k, v in OPTIONAL.items() if k in path)
            note = f"({option}) {note}"
        lines.append(f"  {path.ljust(width)} {note}")
    lines.append(f"  {'uv.lock':{width}} (project_manager=uv) written by the first build")
    lines.append(f"  {'.venv/':{width}} made by the first build, with the module installed")
    return "\n".join(["```", *lines, "```"])


# One note per prompt; a prompt missing here stops the rendering.
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
            "An `https://` address. Project URLs (home, source, issues, releases, and the "
            "GitHub Pages docs), `Cargo.toml`, the trusted-publishing note."
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
            "`requires-python`. The first build uses a CPython this new: the one running "
            "cookiecutter, `python3.X` on PATH, the `py` launcher, pyenv's versions or "
            "`uv python find`."
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
            "Per platform: an abi3 wheel from `python_min` (3.12 at the least: PyO3's exception "
            "classes need it), a cp311 wheel if 3.11 is supported, a cp314t wheel, and one "
            "`abi3.abi3t` wheel for 3.15 and later, with and without the GIL."
        ),
    ),
    "async_example": (None, "Adds the `async_example` submodule (tokio ↔ asyncio) with tests."),
    "run_first_build": (None, "Build once now: `.venv`, the extension, a smoke import."),
}


def prompts() -> str:
    """The prompt table: cookiecutter.json's questions, defaults and choices, and NOTES."""
    questions = CONFIG["__prompts__"]
    missing = sorted(questions.keys() - NOTES.keys())
    if missing:
        raise SystemExit(f"helpers/snippets.py: describe these prompts in NOTES: {missing}")
    rows = ["| Prompt | Asks | Default | Notes |", "| --- | --- | --- | --- |"]
    for name, question in questions.items():
        value = CONFIG[name]
        default, note = NOTES[name]
        if isinstance(value, bool):
            default = "yes" if value else "no"
        elif isinstance(value, list):
            default = f"`{value[0]}`"
            note = f"{' / '.join(f'`{choice}`' for choice in value)}. {note}"
        rows.append(f"| `{name}` | {question} | {default} | {note} |")
    return "\n".join(rows)


def checks() -> str:
    """The ecosystem tools the template tests run: one row per test whose docstring says
    "`tool`: on what", so the table lists exactly what is tested."""
    rows = ["| Tool | On |", "| --- | --- |"]
    for name in ("test_ecosystem.py", "test_build.py"):
        module = ast.parse((TEMPLATE / "tests" / name).read_text(encoding="utf-8"))
        for function in module.body:
            doc = ast.get_docstring(function) if isinstance(function, ast.FunctionDef) else None
            if doc and (found := re.match(r"(`[^`]+`[^:]*): (.+)", doc.split("\n")[0])):
                rows.append(f"| {found[1]} | {found[2]} |")
    return "\n".join(rows)
