"""The template's own invariants: what a maintainer's slip would break, caught here and never in
a user's generate.

Every file of the project has a line in the file table; CI selects tests by marker, never by
file name; the template's workflow tests every Python the template offers; and every path and
every name the code, the messages and the docs mention exists.
"""

from __future__ import annotations

import ast
import re
import shlex
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from cookiecutter_pyo3.filters import files
from cookiecutter_pyo3.questions import CONFIG, DECLARED, PROJECT
from kit import TEMPLATE

pytestmark = pytest.mark.portable

# Where the template's files mention paths and names that are not its own, and why.
ELSEWHERE = {
    "src/geometry.rs": "the README's recipe: the file a user writes",
    "tests/test_geometry.py": "the recipe's test, which a template test writes",
    "python/tests/test_all.py": "what `maturin new --mixed` writes",
    "tests/test_core.py": "the test the benchmark gives `uv init`'s project",
    "renderer/_context.py": "mdformat's source, which the Markdown escaping follows",
    "notes/TEAM.md": "a team's own file, which the update tests add",
    "target/sbom/rust-module.cyclonedx.json": "what ci/sbom.py writes",
}
# Names in backticks that belong to the tools and languages around the template.
UPSTREAM = {
    "PyObject_GetTypeData": "CPython's C API",
    "from_str_radix": "Rust's standard library",
    "fetch_update": "Rust's standard library",
    "strip_prefix": "Rust's standard library",
    "text_direction_codepoint_in_comment": "a rustc lint",
    "future_into_py": "pyo3-async-runtimes",
    "additional_dependencies": "pre-commit's configuration",
    "local_extensions": "the extension's package in versions before 2026.12.4",
    "template_filters": "the extension's package from 2026.12.4 to 2026.12.7",
    "gen_rs": "the crate name the rules give the module `gen`",
    "_rs": "the suffix of such a crate name",
}
# Python packages whose source a backticked name may come from (cookiecutter's `generate_files`).
UPSTREAM_PACKAGES = ["cookiecutter", "cruft", "copier", "pre_commit", "nox"]
PATH = re.compile(
    r"(?<![\w./{}@-])((?:[A-Za-z_][\w.-]*/)+[\w.-]+\.(?:py|rs|toml|yml|yaml|json|md|txt|rst))\b"
)
NAME = re.compile(r"`(\w*_\w*)(?:\(\))?`")


def tracked() -> list[Path]:
    """The template's text files, as git has them (fuzz seeds are bytes)."""
    listed = ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"]
    names = subprocess.run(listed, cwd=TEMPLATE, capture_output=True, text=True, check=True)
    paths = [TEMPLATE / name for name in names.stdout.split("\0") if name]
    return [path for path in paths if path.is_file() and "seeds" not in path.parts]


def text_of(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return ""


def project_paths() -> set[str]:
    """Every path a generated project can have, for some answers, as the trees show it."""
    every = {"async_example": True, "license": "MIT OR Apache-2.0"}
    from helpers.baking import rendering

    found = set()
    for answers in ({}, every, {"ci": "gitlab"}):
        found |= set(files.files(*rendering(**answers)))
    return found | set(files.SET_UP)


def test_every_template_file_has_a_line_in_the_file_table() -> None:
    """A new file of the project: one line in `cookiecutter_pyo3/filters/files.py`."""
    assert files.undescribed() == [], "describe them in FILES (cookiecutter_pyo3/filters/files.py)"


def ci_commands() -> list[str]:
    """The shell lines of .ci/run and of every `run:` of the template's workflow."""
    workflow = yaml.safe_load((TEMPLATE / ".github" / "workflows" / "template.yml").read_text())
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    lines = (TEMPLATE / ".ci" / "run").read_text().splitlines()
    return [line for text in [*runs, *lines] for line in text.splitlines()]


def test_ci_runs_the_readmes_test_command() -> None:
    """.ci/run's last line is the README's step 2, and nox's `tests` session runs pytest."""
    readme = (TEMPLATE / "README.md").read_text().split("# 2. ", 1)[1].split("```", 1)[0]
    step_two = [line for line in readme.splitlines()[1:] if line.strip()]
    run = [line for line in (TEMPLATE / ".ci" / "run").read_text().splitlines() if line.strip()]
    assert step_two == run[-1:], (step_two, run[-1:])
    noxfile = (TEMPLATE / "noxfile.py").read_text()
    assert 'session.run("python", "-m", "pytest"' in noxfile.split("def tests(", 1)[1]


def test_ci_selects_tests_by_marker_never_by_file() -> None:
    """A renamed test file cannot leave a CI job running nothing: no job names one."""
    declared = tomllib.loads((TEMPLATE / "pyproject.toml").read_text())["tool"]["pytest"]
    markers = {line.split(":")[0] for line in declared["ini_options"]["markers"]}
    for line in ci_commands():
        if "pytest" not in line and "nox" not in line:
            continue
        words = shlex.split(line)
        runner = next((i for i, word in enumerate(words) if word in {"pytest", "--"}), None)
        if runner is None or not ("pytest" in words or "tests" in words):
            continue
        arguments = words[runner + 1 :]
        assert not [word for word in arguments if word.startswith("tests/")], line
        chosen = [arguments[i + 1] for i, word in enumerate(arguments[:-1]) if word == "-m"]
        assert set(chosen) <= markers, line


def test_the_template_workflow_tests_every_offered_python() -> None:
    """Offering a Python (cookiecutter.json) and testing the template on it are one change."""
    workflow = yaml.safe_load((TEMPLATE / ".github" / "workflows" / "template.yml").read_text())
    setup = [
        step["with"]["python-version"]
        for step in workflow["jobs"]["linux"]["steps"]
        if "setup-python" in step.get("uses", "")
    ]
    assert set(setup[0].split()) == set(DECLARED["python_min"])


def test_every_path_named_exists() -> None:
    """Code, messages and docs name files that are there (in the template, or in a project)."""
    project = project_paths()
    missing = {}
    for path in tracked():
        if path.name == "CHANGELOG.md":  # history names what was
            continue
        for found in PATH.finditer(text_of(path)):
            named = found[1]
            as_generated = named.replace("rust_module", "{{cookiecutter.module_name}}")
            places = [TEMPLATE / named, PROJECT / as_generated, path.parent / named]
            beside = path.parent.relative_to(TEMPLATE).as_posix().split("/", 1)[-1] + "/" + named
            if named in ELSEWHERE or {named, beside} & project or any(p.exists() for p in places):
                continue
            missing.setdefault(named, []).append(str(path.relative_to(TEMPLATE)))
    assert not missing, missing


def defined_names() -> set[str]:
    """Every name the template defines: functions, classes, constants, keys, modules, files."""
    found = {key for key in CONFIG}
    for path in tracked():
        text = text_of(path)
        found |= set(re.findall(r"\b(?:def|class|fn|struct|enum|mod|const|static)\s+(\w+)", text))
        found |= set(re.findall(r"(\w+)\s*(?::|=)", text))
        found |= set(re.findall(r'"(\w+)"\s*:', text))
        found |= {part.removesuffix(".py") for part in path.relative_to(TEMPLATE).parts}
    return found


def upstream_source() -> str:
    """The source of the Python tools the template works inside."""
    import importlib.util

    text = []
    for package in UPSTREAM_PACKAGES:
        spec = importlib.util.find_spec(package)
        assert spec and spec.submodule_search_locations, package
        for folder in spec.submodule_search_locations:
            text += [p.read_text("utf-8") for p in Path(folder).rglob("*.py")]
    return "\n".join(text)


def test_every_name_in_backticks_exists() -> None:
    """A function, module or setting named in backticks is one the template, its tools or the
    languages define: a rename cannot leave a stale name behind."""
    ours, theirs = defined_names(), None
    missing = {}
    for path in tracked():
        if path.name == "CHANGELOG.md":
            continue
        for name in set(NAME.findall(text_of(path))):
            if name in ours or name in UPSTREAM or name.startswith("__") or name.isupper():
                continue
            theirs = theirs if theirs is not None else upstream_source()
            if not re.search(rf"\b{re.escape(name)}\b", theirs):
                missing.setdefault(name, []).append(str(path.relative_to(TEMPLATE)))
    assert not missing, missing


def test_every_import_of_the_template_is_of_a_module_that_exists() -> None:
    """An import of one of the template's packages names a module that is there."""
    packages = {"cookiecutter_pyo3", "helpers", "docgen", "benchmarks"}
    for path in tracked():
        if path.suffix != ".py" or "{{" in str(path.relative_to(TEMPLATE)):
            continue
        for node in ast.walk(ast.parse(text_of(path))):
            ours = isinstance(node, ast.ImportFrom) and node.module and node.level == 0
            if ours and node.module.split(".")[0] in packages:
                module = TEMPLATE.joinpath(*node.module.split("."))
                assert module.with_suffix(".py").exists() or module.is_dir(), node.module


def test_the_maintainers_recipes_name_files_that_exist() -> None:
    """CONTRIBUTING.md's recipes: every file they send a maintainer to is there."""
    recipes = (TEMPLATE / "CONTRIBUTING.md").read_text(encoding="utf-8")
    named = re.findall(r"`([\w{}./ %'=!-]+\.(?:py|json|yml|toml|md|rs))`", recipes)
    assert named, "the recipes name the files they touch"
    for name in named:
        assert (TEMPLATE / name).exists() or (PROJECT / name).exists(), name
