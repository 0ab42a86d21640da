"""The generated project's files, each with one line that says what it is.

One table for both trees: the generated README's Layout (the `layout` filter, for the files
these answers give) and this template's README (docgen/readme.py, for every option). Which
files a project has is decided by their names' own conditions, rendered with the answers, so
the tree cannot list a file that is not there. A file with no line here fails the template's
tests (tests/test_rendering.py), not a user's generate.
"""

from __future__ import annotations

from jinja2 import Environment, pass_environment

from cookiecutter_pyo3.questions import PROJECT

# copier's answers file, which cookiecutter never writes.
COPIER_ANSWERS = "{% if _copier_conf is defined %}{{ _copier_conf.answers_file }}{% endif %}"
# Keyed by the path in this template, in the order the trees show them; a key ending in `/`
# stands for every file below it.
FILES: dict[str, str] = {
    "Cargo.toml": "the crate: cdylib for Python, rlib for tests; pyo3 0.30, lints, profiles",
    "build.rs": "libpython's rpath, so `cargo test` runs without LD_LIBRARY_PATH",
    "clippy.toml": "unwrap, expect and panic allowed in tests only",
    "pyproject.toml": "PEP 621 metadata, maturin settings, dependency groups, tool settings",
    "noxfile.py": "the tasks: develop, tests, lint, docs, bench, fuzz, memory, coverage, deny, wheels, reproducible",
    "README.md": "use, develop, tasks, layout, CI, promises",
    "{% if _copier_conf is not defined %}.cookiecutter.json{% endif %}": (
        "the answers this project was generated with (cookiecutter)"
    ),
    COPIER_ANSWERS: ("the answers and the template version, for `copier update`"),
    ".gitignore": "build products",
    "deny.toml": "cargo-deny's policy: permissive licences, crates.io only, advisories",
    ".pre-commit-config.yaml": "the checks before each commit: formatters, linters, clippy",
    ".readthedocs.yaml": "the docs site on Read the Docs, if you want it there",
    "{% if cookiecutter.license in ['MIT', 'MIT OR Apache-2.0'] %}LICENSE-MIT{% endif %}": (
        "the MIT licence"
    ),
    "{% if cookiecutter.license in ['Apache-2.0', 'MIT OR Apache-2.0'] %}LICENSE-APACHE{% endif %}": (
        "the Apache licence, version 2.0"
    ),
    "{% if cookiecutter.license == 'BSD-3-Clause' %}LICENSE{% endif %}": (
        "the BSD 3-clause licence"
    ),
    "{% if cookiecutter.__ci == 'gitlab' %}.gitlab-ci.yml{% endif %}": (
        "GitLab CI: the nox sessions, the wheels and their tags, Pages, PyPI from a tag"
    ),
    ".github/{% if cookiecutter.__ci == 'github' %}dependabot.yml{% endif %}": (
        "weekly updates of actions, crates and Python tools"
    ),
    ".github/workflows/{% if cookiecutter.__ci == 'github' %}CI.yml{% endif %}": (
        "lint, tests on every platform and Python, docs, Pages"
    ),
    ".github/workflows/{% if cookiecutter.__ci == 'github' %}distributions.yml{% endif %}": (
        "wheels and sdist, their tags checked, each kind tested"
    ),
    ".github/workflows/{% if cookiecutter.__ci == 'github' and cookiecutter.examples == 'full' %}fuzz.yml{% endif %}": (
        "`nox -s fuzz` for ten minutes a week and on demand"
    ),
    ".github/workflows/{% if cookiecutter.__ci == 'github' and cookiecutter.license != 'Proprietary' %}release.yml{% endif %}": (
        "a tag `v*`: the distributions again, then PyPI"
    ),
    ".github/workflows/{% if cookiecutter.__ci == 'github' %}update.yml{% endif %}": (
        "`nox -s update` once a week, as a pull request"
    ),
    "scripts/bootstrap.py": "the set-up of a clone, and of the first build: .venv, tools, build",
    "ci/pythons.py": "the Pythons of pyproject.toml and the wheels they get, for nox and CI",
    "ci/sbom.py": "the wheel's SBOM of the Rust crates, the same on every machine",
    "src/lib.rs": "the module tree: `_core` and what it exports",
    "src/my_module.rs": "`my_module`: greet (and greet_person, estimate_pi, panic_on_purpose)",
    "src/{% if cookiecutter.async_example %}async_example.rs{% endif %}": (
        "`async_example`: tokio futures awaited from asyncio"
    ),
    "src/{% if cookiecutter.examples == 'full' %}color.rs{% endif %}": "`Color`, a frozen (immutable, hashable) class; `Color.from_hex`",
    "src/{% if cookiecutter.examples == 'full' %}counter.rs{% endif %}": "`Counter`, shared mutable state without locks in Python",
    "src/{% if cookiecutter.examples == 'full' or cookiecutter.async_example %}compute.rs{% endif %}": (
        "plain Rust work, run with the GIL released"
    ),
    "src/errors.rs": "one `Error` enum, the `exceptions` submodule, one conversion",
    "python/{{cookiecutter.module_name}}/__init__.py": (
        "re-exports `_core`, registers its submodules, `__version__`"
    ),
    "python/{{cookiecutter.module_name}}/_core.pyi": "stubs of the compiled core, from the Rust code",
    "python/{{cookiecutter.module_name}}/my_module.pyi": "stubs of `my_module`, likewise",
    "python/{{cookiecutter.module_name}}/exceptions.pyi": "stubs of `exceptions`, likewise",
    "python/{{cookiecutter.module_name}}/{% if cookiecutter.async_example %}async_example.pyi{% endif %}": (
        "stubs of `async_example`, likewise"
    ),
    "python/{{cookiecutter.module_name}}/py.typed": "tells type checkers the package is typed",
    "tests/embedded_python.rs": "`cargo test`: the module in an embedded interpreter",
    "tests/entry_points.py": "every export, found in the package, with its strategy and example",
    "tests/test_my_module.py": "pytest: my_module's functions, against Python references",
    "tests/{% if cookiecutter.examples == 'full' %}test_color.py{% endif %}": "pytest: `Color` against Python references, shared by threads",
    "tests/{% if cookiecutter.examples == 'full' %}test_counter.py{% endif %}": "pytest: `Counter` against a Python int, shared by threads",
    "tests/test_package.py": "pytest: the three ways to import a submodule, the exceptions",
    "tests/test_threads.py": "pytest: every entry point from many threads at once",
    "tests/test_properties.py": "Hypothesis: no input makes an entry point panic",
    "tests/test_setup.py": "the set-up from a fresh clone, a re-run, a missing tool (`-m setup`)",
    "tests/test_memory.py": "every entry point a thousand times, under memray in `nox -s memory`",
    "tests/conftest.py": "Hypothesis profiles; the way out when .venv or fresh stubs are missing",
    "tests/{% if cookiecutter.async_example %}test_async.py{% endif %}": "pytest: the coroutines",
    "fuzz/{% if cookiecutter.examples == 'full' %}Cargo.toml{% endif %}": "the fuzz targets, a crate of their own (`nox -s fuzz`, nightly Rust)",
    "fuzz/fuzz_targets/{% if cookiecutter.examples == 'full' %}from_hex.rs{% endif %}": "`Color.from_hex` against everything libFuzzer tries",
    "fuzz/{% if cookiecutter.examples == 'full' %}from_hex.dict{% endif %}": "the tokens libFuzzer combines: signs, characters of every width",
    "fuzz/seeds/from_hex/": "the examples it starts from, the byte boundaries among them",
    "benchmarks/test_bench.py": "Rust against Python (`nox -s bench`)",
    "docs/conf.py": "Sphinx; the API pages come from the stubs, nothing compiles",
    "docs/index.rst": "the site's home page",
    "docs/quickstart.rst": "examples that run as tests",
}


# What the set-up adds to a project, which git ignores: the end of the Layout tree.
SET_UP = {
    ".venv/": "the tools of the test, lint and tools groups, and the module, built",
    ".cargo/config.toml": "points every cargo command at .venv's Python",
    "target/": "cargo's and maturin's builds, each kind in a folder of its own",
}


def undescribed() -> list[str]:
    """The template's files and folders that FILES has no line for (bytecode aside: a Python
    that imported the template's scripts may have left some, which no generate should trip on)."""
    paths = [
        path.relative_to(PROJECT).as_posix()
        for path in PROJECT.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]
    return sorted(path for path in paths if entry(path) not in FILES)


def entry(path: str) -> str:
    """A file's key in FILES: its own, or the folder's where FILES names a folder."""
    return next((key for key in FILES if key.endswith("/") and path.startswith(key)), path)


def files(environment: Environment, cookiecutter: dict) -> dict[str, str]:
    """The project's files for these answers, by rendered path, with their lines, in order.

    A file FILES has no line for is left out here and fails the template's tests
    (`undescribed`), never a user's generate.
    """

    def written(path: str) -> bool:  # a name that renders empty is not written
        return all(environment.from_string(path).render(cookiecutter=cookiecutter).split("/"))

    template = [path.relative_to(PROJECT).as_posix() for path in PROJECT.rglob("*")]
    rendered = {}
    for key, line in FILES.items():
        if key.endswith("/"):  # a folder is there when a file of it is
            there = any(written(path) for path in template if path.startswith(key))
        else:
            there = written(key)
        if there:
            rendered[environment.from_string(key).render(cookiecutter=cookiecutter)] = line
    return rendered


@pass_environment
def layout(environment: Environment, cookiecutter: dict) -> str:
    """The Layout tree of the generated README: top-level files, then each folder's."""
    found = files(environment, cookiecutter)
    width = max(len(path.partition("/")[2] or path) for path in found) + 3
    top = [path for path in found if "/" not in path]
    folders = dict.fromkeys(path.partition("/")[0] for path in found if "/" in path)
    lines = [f"{path.ljust(width)} {found[path]}" for path in top]
    for folder in folders:
        lines.append(f"{folder}/")
        inside = [path for path in found if path.startswith(f"{folder}/")]
        lines += [f"  {path.partition('/')[2].ljust(width - 2)} {found[path]}" for path in inside]
    lines += ["", "# Made by scripts/bootstrap.py, ignored by git:"]
    lines += [f"{path.ljust(width)} {line}" for path, line in SET_UP.items()]
    return "\n".join(lines)
