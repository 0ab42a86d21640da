"""What the template renders: the option matrix, a replay, and the README parts read off it.

The matrix (kit.MATRIX) is read from cookiecutter.json, so a new choice is covered without
editing tests; test_ecosystem.py checks the same rendered projects with the ecosystem's tools,
test_escaping.py the tricky answers.
"""

from __future__ import annotations

import ast
import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cookiecutter_pyo3.questions import PROJECT
from kit import (
    CHOICES,
    MATRIX,
    TEMPLATE,
    bake,
    project_files,
    record_replay,
    run_cli,
    stub_names,
)

pytestmark = pytest.mark.portable

LICENSE_FILES = {
    "MIT": {"LICENSE-MIT"},
    "Apache-2.0": {"LICENSE-APACHE"},
    "MIT OR Apache-2.0": {"LICENSE-MIT", "LICENSE-APACHE"},
    "BSD-3-Clause": {"LICENSE"},
    "Proprietary": set(),
}


def test_license_table_covers_every_choice() -> None:
    assert set(LICENSE_FILES) == set(CHOICES["license"])


@pytest.mark.parametrize(
    "index", range(len(MATRIX)), ids=["-".join(map(str, a.values())) for a in MATRIX]
)
def test_option_renders(rendered: list[Path], index: int) -> None:
    project, answers = rendered[index], MATRIX[index]
    for path in project_files(project):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\{\{|\{%|\{#", text.replace("${{", "")), f"Jinja residue in {path}"
        most_blank_lines = 2 if path.suffix in {".py", ".pyi"} else 1  # PEP 8 allows two
        assert "\n" * (most_blank_lines + 2) not in text, f"blank-line debris in {path}"
        assert not re.search(r"[ \t]+$", text, re.MULTILINE), f"trailing whitespace in {path}"
        if path.suffix in {".py", ".pyi"}:
            ast.parse(text, filename=str(path))
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    cargo = tomllib.loads((project / "Cargo.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["requires-python"] == f">={answers['python_min']}"
    assert cargo["lib"]["crate-type"] == ["cdylib", "rlib"]
    assert cargo["dependencies"]["pyo3"]["features"] == ["experimental-inspect"]
    # No Python version in Cargo.toml: the wheel builds give the stable ABI's features
    # (ci/pythons.py, from the classifiers), so that dropping a Python is no edit here.
    assert "features" not in cargo
    supported = CHOICES["python_min"][CHOICES["python_min"].index(answers["python_min"]) :]
    classifiers = pyproject["project"]["classifiers"]
    assert [
        c.rsplit(" ", 1)[1] for c in classifiers if re.fullmatch(r".*:: 3\.\d+", c)
    ] == supported
    assert "Programming Language :: Python :: Free Threading :: 3 - Stable" in classifiers
    async_files = {"src/async_example.rs", "tests/test_async.py"}
    names = {path.relative_to(project).as_posix() for path in project_files(project)}
    assert (async_files <= names) == answers["async_example"]
    assert async_files & names in (set(), async_files)
    assert ("pyo3-async-runtimes" in cargo["dependencies"]) == answers["async_example"]
    licenses = {path.name for path in project.glob("LICENSE*")}
    assert licenses == LICENSE_FILES[str(answers["license"])]
    if answers["license"] == "Proprietary":
        assert "license" not in pyproject["project"]
        assert "Private :: Do Not Upload" in pyproject["project"]["classifiers"]
    else:
        assert pyproject["project"]["license"] == cargo["package"]["license"] == answers["license"]


def test_default_tree(tmp_path: Path) -> None:
    project = bake(tmp_path)
    assert project.name == "rust-module"
    names = {path.relative_to(project).as_posix() for path in project_files(project)}
    assert {
        "Cargo.toml",
        "build.rs",
        "pyproject.toml",
        "README.md",
        "src/lib.rs",
        "src/my_module.rs",
        "src/errors.rs",
        "tests/embedded_python.rs",
        "python/rust_module/__init__.py",
        "python/rust_module/_core.pyi",
        "python/rust_module/my_module.pyi",
        "python/rust_module/py.typed",
    } <= names
    assert "unsafe" not in "".join(
        line.split("//")[0]
        for path in project.glob("src/*.rs")
        for line in path.read_text().splitlines()
    )


def test_answers_are_recorded_for_update_tools(tmp_path: Path) -> None:
    project = bake(tmp_path, project_name="Answers Kept", license="Apache-2.0")
    answers = json.loads((project / ".cookiecutter.json").read_text(encoding="utf-8"))
    assert answers["project_name"] == "Answers Kept"
    assert answers["license"] == "Apache-2.0"


def test_a_local_template_is_recorded_by_its_absolute_path(tmp_path: Path) -> None:
    """`cookiecutter .` in a clone: `_template` is the clone's path, usable from the project."""
    out = tmp_path / "out"
    command = (
        f"{shlex.quote(sys.executable)} -m cookiecutter --no-input -o {out} . run_first_build=no"
    )
    subprocess.run(["bash", "-c", command], cwd=TEMPLATE, check=True, capture_output=True)
    answers = json.loads((out / "rust-module" / ".cookiecutter.json").read_text("utf-8"))
    assert answers["_template"] == str(TEMPLATE)


def layout(readme: str) -> set[str]:
    """The paths the README's Layout block names: `dir/` lines open a directory for the
    indented lines below them; an indented `dir/` stands for every file in it."""
    block = readme.split("## Layout", 1)[1].split("```", 2)[1].split("\n# ", 1)[0]
    paths, directory = set(), ""
    for line in block.splitlines():
        name = line.split()[0] if line.strip() else ""
        if not name:
            continue
        if line.startswith("  "):
            paths.add(directory + name)
        elif name.endswith("/"):
            directory = name
        else:
            paths.add(name)
    return paths


@pytest.mark.parametrize(
    "index", range(len(MATRIX)), ids=["-".join(map(str, a.values())) for a in MATRIX]
)
def test_readme_layout_names_every_file(rendered: list[Path], index: int) -> None:
    project = rendered[index]
    named = layout((project / "README.md").read_text(encoding="utf-8"))
    files = {
        next((d for d in named if d.endswith("/") and path.startswith(d)), path)
        for path in (p.relative_to(project).as_posix() for p in project_files(project))
    }
    assert named == files


def test_the_readme_says_which_pattern_each_example_teaches(tmp_path: Path) -> None:
    """Every function and class of the package is in the README's list of examples."""
    project = bake(tmp_path, async_example="yes")
    readme = (project / "README.md").read_text(encoding="utf-8")
    examples = readme.split("Each example is there for one pattern", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^- (.+?): ", examples, flags=re.MULTILINE))
    named = {name for line in listed for name in re.findall(r"`([\w.]+)", line)}
    package = next((project / "python").iterdir()).name
    exported = {name.removeprefix(f"{package}.") for name in stub_names(project)}
    submodules = {name for name in exported if name.count(".") == 1 and name[0].islower()}
    required = {name for name in exported if "." not in name} | {"exceptions"}
    required |= {name for name in submodules if not name.startswith("exceptions.")}
    assert required <= named, required - named


def test_replay_reproduces_the_project(tmp_path: Path) -> None:
    first, replay = record_replay(
        tmp_path,
        'project_name=Replayed "Quoted" Name',
        "license=BSD-3-Clause",
        "abi3=yes",
        "python_min=3.12",
    )
    second = tmp_path / "second"
    second.mkdir()
    result = run_cli(cwd=second, replay=replay)
    assert result.returncode == 0, result.stderr

    def contents(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in project_files(root)}

    assert contents(first) == contents(second / first.name)


def test_readme_is_rendered_from_the_template() -> None:
    """README's file tree, prompt and tool tables, copier.yml's questions: `nox -s cog -- -r`
    renews them."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cogapp",
            "-I",
            str(TEMPLATE),
            "-I",
            str(PROJECT / "ci"),
            "--check",
            "README.md",
            "copier.yml",
        ],
        cwd=TEMPLATE,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_comparison_table_matches_what_the_other_tools_write(tmp_path: Path) -> None:
    """README's cells about `maturin new --mixed` and `uv init` are read off their output here."""
    readme = TEMPLATE.joinpath("README.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]]
        for line in readme.splitlines()
        if line.startswith("| ") and line.count("|") == 5
    }
    uv = shutil.which("uv")
    assert uv, "uv is in requirements-test.txt"
    commands = {
        "maturin": [sys.executable, "-m", "maturin", "new", "--mixed", "-b", "pyo3", "new"],
        "uv": [uv, "init", "--lib", "--build-backend", "maturin", "--no-workspace", "new"],
    }
    written = {}
    for tool, command in commands.items():
        (tmp_path / tool).mkdir()
        subprocess.run(command, cwd=tmp_path / tool, capture_output=True, check=True)
        root = tmp_path / tool / "new"
        written[tool] = {path.relative_to(root).as_posix() for path in root.rglob("*")}
    (maturin_tests, uv_tests) = rows["pytest suite"][1:]
    python_tests = {path for path in written["maturin"] if path.endswith(".py") and "test" in path}
    assert (
        python_tests == {"python/tests/test_all.py"}
        and "`python/tests/test_all.py`" in maturin_tests
    )
    assert not any("test" in path for path in written["uv"]) and uv_tests == "no"
    assert not any(
        path.endswith(".rs") and "test" in path for tool in written for path in written[tool]
    )
    assert rows["`cargo test` with embedded Python"][1:] == ["no (no Rust tests)", "no"]
    assert "src/new/_core.pyi" in written["uv"], "the uv cell names its hand-written _core.pyi"


@pytest.mark.parametrize(
    ("url", "ci", "urls"),
    [
        (
            "https://gitlab.com/group/sub/tool",
            "gitlab",
            {
                "Homepage": "https://gitlab.com/group/sub/tool",
                "Documentation": "https://group.gitlab.io/sub/tool/",
                "Source": "https://gitlab.com/group/sub/tool",
                "Issues": "https://gitlab.com/group/sub/tool/-/issues",
                "Changelog": "https://gitlab.com/group/sub/tool/-/releases",
            },
        ),
        (
            "https://gitlab.example.org/team/tool",
            "gitlab",
            {
                "Homepage": "https://gitlab.example.org/team/tool",
                "Source": "https://gitlab.example.org/team/tool",
                "Issues": "https://gitlab.example.org/team/tool/-/issues",
                "Changelog": "https://gitlab.example.org/team/tool/-/releases",
            },
        ),
        (
            "https://codeberg.org/team/tool",
            "none",
            {
                "Homepage": "https://codeberg.org/team/tool",
                "Source": "https://codeberg.org/team/tool",
            },
        ),
        ("", "none", None),
    ],
)
def test_the_host_shapes_the_urls_and_the_ci(
    tmp_path: Path, url: str, ci: str, urls: dict[str, str] | None
) -> None:
    """`ci=auto` reads the host from the address: project URLs in its layout, its CI files."""
    project = bake(tmp_path, repository_url=url)
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    cargo = tomllib.loads((project / "Cargo.toml").read_text(encoding="utf-8"))
    assert pyproject["project"].get("urls") == urls
    assert cargo["package"].get("repository") == (url or None)
    assert (project / ".gitlab-ci.yml").exists() == (ci == "gitlab")
    assert not (project / ".github").exists(), "no GitHub files, not even an empty folder"
