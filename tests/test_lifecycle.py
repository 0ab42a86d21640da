"""A team's project over months: created with cruft or copier, edited, updated to newer versions.

The tools run for real on a git repository of this template: its real history for the updates
from older versions, throwaway commits for template changes made on purpose. No update may
build: the first build belongs to the creation.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest
import yaml

from kit import (
    DECLARED_ORDER,
    GIT_IDENTITY,
    TEMPLATE,
    answer,
    bake,
    project_files,
    readme_commands,
    run,
    tool,
)

# The answers the team gave; every version of the template takes them (older ones ignore the
# questions they did not have yet).
TEAM = {"project_name": "Team Project", "license": "Apache-2.0", "run_first_build": False}
# Two versions that landed: the last before cruft updates worked whatever the filters did,
# and the last of the round before this template's versions.
OLDER = ["f55322e", "e79c12b"]


def git(repo: Path, *args: str) -> str:
    return run(["git", *args], repo, env={**os.environ, **GIT_IDENTITY}).stdout


def commit_all(repo: Path, message: str) -> None:
    if not (repo / ".git").exists():
        git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)


@pytest.fixture(scope="module")
def template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This template as a team reaches it: a bare repository (as on a forge) with its
    history, and the working tree as its newest commit on main."""
    work = tmp_path_factory.mktemp("template") / "work"
    run(["git", "clone", "-q", "--no-hardlinks", str(TEMPLATE), str(work)], TEMPLATE)
    git(work, "checkout", "-q", "-B", "main")
    listed = git(TEMPLATE, "ls-files", "-co", "--exclude-standard", "-z").split("\0")
    git(work, "rm", "-q", "-r", ".")
    for name in filter(None, listed):
        if (TEMPLATE / name).is_file():
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(TEMPLATE / name, work / name)
    commit_all(work, "the working tree")
    # copier copies the newest tag, not HEAD: the working tree is the newest version here.
    for tag in git(work, "tag").split():
        git(work, "tag", "-d", tag)
    bare = work.parent / "cookiecutter-pyo3.git"
    run(["git", "clone", "-q", "--bare", str(work), str(bare)], work.parent)
    return bare


def changed(repo: Path, tmp_path: Path, edits: list[tuple[str, str, str]], message: str) -> None:
    """Commits `edits` (file, old text, new text) to the template's main, as a maintainer would."""
    work = tmp_path / f"work-{len(list(tmp_path.glob('work-*')))}"
    run(["git", "clone", "-q", str(repo), str(work)], tmp_path)
    for name, old, new in edits:
        path = work / name
        text = path.read_text("utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), "utf-8")
    commit_all(work, message)
    git(work, "push", "-q", "origin", "HEAD:main")


@pytest.fixture
def own_template(template_repo: Path, tmp_path: Path) -> Path:
    """A bare copy of the template repository that a test may commit to."""
    repo = tmp_path / "own.git"
    run(["git", "clone", "-q", "--bare", str(template_repo), str(repo)], tmp_path)
    return repo


def team_edits(project: Path) -> dict[str, str]:
    """What a team changes in its project, where the template's versions do not: a line at the
    end of lib.rs, a rule at the top of .gitignore, a file of its own. (An edit where the
    template changes too is a conflict, which the tools show with markers in the file.)"""
    edits = {
        "src/lib.rs": "\n// The team's own line.\n",
        ".gitignore": "# The team's own rule\n/scratch/\n",
        "notes/TEAM.md": "# Notes of the team\n",
    }
    for name, text in edits.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        before = path.read_text("utf-8") if path.exists() else ""
        path.write_text(text + before if name == ".gitignore" else before + text, "utf-8")
    commit_all(project, "the team's edits")
    return edits


def contents(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in project_files(root)}


def differing(left: Path, right: Path) -> set[str]:
    """The files that are in one tree only, or differ."""
    a, b = contents(left), contents(right)
    return {name for name in a.keys() | b.keys() if a.get(name) != b.get(name)}


def conflicts(project: Path) -> list[str]:
    """Rejected hunks and conflict markers an update left."""
    found = [path.name for path in project.rglob("*.rej")]
    for path in project_files(project):
        if re.search(rb"^(<<<<<<<|>>>>>>>) ", path.read_bytes(), re.MULTILINE):
            found.append(path.name)
    return found


def cruft(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run(tool("cruft", *args), cwd)


def cruft_create(repo: Path, out: Path, answers: dict[str, object], checkout: str) -> Path:
    extra = json.dumps(answers)
    cruft(
        "create",
        f"file://{repo}",
        "--checkout",
        checkout,
        "--no-input",
        "--extra-context",
        extra,
        cwd=out,
    )
    (project,) = (path for path in out.iterdir() if path.is_dir())
    return project


def test_cruft_create_refuses_a_bad_answer_in_one_line(template_repo: Path, tmp_path: Path) -> None:
    """The rule's line alone, no traceback around it, and no project."""
    extra = json.dumps({"version": "x", "run_first_build": False})
    command = ["create", f"file://{template_repo}", "--no-input", "--extra-context", extra]
    refused = subprocess.run(
        tool("cruft", *command), cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert refused.returncode == 1
    (line,) = refused.stderr.splitlines()
    assert line.startswith("error: version 'x' must be MAJOR[.MINOR[.PATCH]]"), refused.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("older", OLDER)
def test_cruft_updates_from_a_real_older_version(
    template_repo: Path, older: str, tmp_path: Path
) -> None:
    """`cruft update`: from two real older commits of this repository, after a team's edits.

    No conflict, the team's edits kept, and every other file as a fresh generate has it.
    """
    known = ["git", "cat-file", "-e", f"{older}^{{commit}}"]
    if subprocess.run(known, cwd=template_repo, check=False).returncode:
        pytest.skip(f"{older} is not in this clone's history (a shallow clone)")
    (tmp_path / "team").mkdir()
    project = cruft_create(template_repo, tmp_path / "team", TEAM, older)
    commit_all(project, "generated")
    edits = team_edits(project)

    started = time.monotonic()
    update = cruft("update", "--skip-apply-ask", cwd=project)
    seconds = time.monotonic() - started
    print(f"cruft update from {older}: {seconds:.1f} s")
    assert "Setting up" not in update.stdout + update.stderr, "an update never builds"
    assert conflicts(project) == []

    # A fresh generate with the answers the project has now, new questions' defaults included.
    answers = json.loads((project / ".cruft.json").read_text("utf-8"))["context"]["cookiecutter"]
    kept = {key: value for key, value in answers.items() if not key.startswith("_")}
    (tmp_path / "fresh").mkdir()
    fresh = cruft_create(template_repo, tmp_path / "fresh", kept, "main")
    assert differing(project, fresh) == set(edits) | {".cruft.json"}
    for name, text in edits.items():
        assert text in (project / name).read_text("utf-8")


FILTER_CHANGE = [
    # A filter whose output changes, by a file of the same size: a cached .pyc would pass.
    (
        "cookiecutter_pyo3/filters/escaping.py",
        '    return " ".join(str(value).split())',
        '    return "_".join(str(value).split())',
    ),
    # A filter that did not exist, used by a file.
    (
        "cookiecutter_pyo3/filters/__init__.py",
        "FILTERS = {",
        'def shout(value: object) -> str:\n    return f"{value}!".upper()\n\n\nFILTERS = {"shout": shout} | {',
    ),
    (
        "{{cookiecutter.project_slug}}/README.md",
        "Rust behind a typed Python package",
        "{{ cookiecutter.project_name | shout }} Rust behind a typed Python package",
    ),
]


def test_a_render_uses_the_filters_of_its_own_version(own_template: Path, tmp_path: Path) -> None:
    """cruft renders the project's version and the newest in one process, from one folder:
    a filter added and a filter changed in between reach the project after `cruft update`."""
    repo = own_template
    (tmp_path / "team").mkdir()
    env_free = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    extra = json.dumps({"project_name": "Two Words", "run_first_build": False})
    create = ["create", f"file://{repo}", "--no-input", "--extra-context", extra]
    run(tool("cruft", *create), tmp_path / "team", env=env_free)
    project = tmp_path / "team" / "two-words"
    commit_all(project, "generated")

    changed(repo, tmp_path, FILTER_CHANGE, "a filter added, one changed")
    run(tool("cruft", "update", "--skip-apply-ask"), project, env=env_free)

    readme = (project / "README.md").read_text("utf-8")
    assert "TWO WORDS! Rust behind a typed Python package" in readme, "the new filter"
    pyproject = (project / "pyproject.toml").read_text("utf-8")
    assert 'description = "A_Python_extension_module' in pyproject, "the changed filter"


def copier(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    command = tool("copier", *args)
    if check:
        return run(command, cwd)
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def data(answers: dict[str, object]) -> list[str]:
    """copier's `--data` options for answers (its booleans are true and false)."""
    return [
        f"--data={key}={json.dumps(v) if isinstance(v, bool) else v}" for key, v in answers.items()
    ]


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {
            "project_name": "Copier's Crate",
            "repository_url": "https://gitlab.com/team/crate",
            "license": "BSD-3-Clause",
            "python_min": "3.12",
            "abi3": True,
            "async_example": True,
            "project_manager": "uv",
        },
        {"repository_url": "", "license": "Proprietary", "module_name": "match"},
    ],
    ids=["defaults", "gitlab-abi3-async-uv", "no-url-proprietary-keyword"],
)
def test_copier_gives_the_files_cookiecutter_gives(
    template_repo: Path, answers: dict[str, object], tmp_path: Path
) -> None:
    """`copier copy`: the files cookiecutter gives for the same answers, but the answers file."""
    answers = {**answers, "run_first_build": False}
    copied = tmp_path / "copied"
    copier(
        "copy",
        "--trust",
        "--defaults",
        *data(answers),
        f"file://{template_repo}",
        str(copied),
        cwd=tmp_path,
    )
    baked = bake(tmp_path / "baked", **answers)
    assert differing(copied, baked) == {".copier-answers.yml", ".cookiecutter.json"}
    recorded = yaml.safe_load((copied / ".copier-answers.yml").read_text("utf-8"))
    assert {key: recorded[key] for key in answers} == answers


def test_copier_refuses_a_bad_answer_with_the_rule_of_cookiecutter(
    template_repo: Path, tmp_path: Path
) -> None:
    """The same rule, the same line: copier prefixes it with the question and writes nothing."""
    refused = copier(
        "copy", "--trust", "--defaults", "--data=module_name=class", f"file://{template_repo}",
        str(tmp_path / "copied"), cwd=tmp_path, check=False,
    )  # fmt: skip
    assert refused.returncode != 0
    line = refused.stderr.strip().splitlines()[-1]
    assert line.endswith("module_name 'class' is a Python keyword; choose another name"), line
    assert not (tmp_path / "copied").exists()


def test_copier_update_merges_a_template_change_and_never_builds(
    own_template: Path, tmp_path: Path
) -> None:
    """`copier update`: a template change merged into an edited project, with no build.

    The team's edits are kept; the first build is copier's task at creation only.
    """
    repo = own_template
    project = tmp_path / "project"
    copier(
        "copy",
        "--trust",
        "--defaults",
        "--data=run_first_build=false",
        f"file://{repo}",
        str(project),
        cwd=tmp_path,
    )
    commit_all(project, "generated")
    edits = team_edits(project)

    improvement = (
        "{{cookiecutter.project_slug}}/README.md",
        "## Use\n",
        "## Use\n\nA later template improvement.\n",
    )
    changed(repo, tmp_path, [improvement], "template v2")
    updated = copier("update", "--trust", "--defaults", cwd=project)
    assert "Setting up" not in updated.stdout + updated.stderr and "Created" not in updated.stderr
    assert "## Use\n\nA later template improvement.\n" in (project / "README.md").read_text("utf-8")
    for name, text in edits.items():
        assert text in (project / name).read_text("utf-8")
    assert conflicts(project) == []


def test_copier_yml_asks_the_questions_of_cookiecutter_json() -> None:
    """copier's questions are cookiecutter.json's, in its order (cog renders them; whether
    copier.yml is current is tests/test_rendering.py's)."""
    questions = yaml.safe_load((TEMPLATE / "copier.yml").read_text("utf-8"))
    assert [key for key in questions if not key.startswith("_")] == DECLARED_ORDER


def test_cruft_check_tells_a_project_is_behind(own_template: Path, tmp_path: Path) -> None:
    """`cruft create`, `check`, `update`: current, behind after a template commit, current."""
    (tmp_path / "team").mkdir()
    project = cruft_create(own_template, tmp_path / "team", TEAM, "main")
    commit_all(project, "generated")
    cruft("check", cwd=project)
    improvement = ("{{cookiecutter.project_slug}}/README.md", "## Use\n", "## Use\n\nMore.\n")
    changed(own_template, tmp_path, [improvement], "template v2")
    behind = subprocess.run(tool("cruft", "check"), cwd=project, capture_output=True, check=False)
    assert behind.returncode == 1
    cruft("update", "--skip-apply-ask", cwd=project)
    cruft("check", cwd=project)


@pytest.mark.parametrize("maker", ["cruft", "copier"])
def test_the_readmes_update_commands_work_as_printed(
    maker: str, own_template: Path, tmp_path: Path
) -> None:
    """The generated README's Updating section, run as printed in the project its tool made,
    brings a template change in; nothing builds."""
    (tmp_path / "team").mkdir()
    if maker == "cruft":
        project = cruft_create(own_template, tmp_path / "team", TEAM, "main")
    else:
        project = tmp_path / "team" / "project"
        answers = data({key: value for key, value in TEAM.items()})
        copier(
            "copy",
            "--trust",
            "--defaults",
            *answers,
            f"file://{own_template}",
            str(project),
            cwd=tmp_path,
        )
    commit_all(project, "generated")
    improvement = ("{{cookiecutter.project_slug}}/README.md", "## Use\n", "## Use\n\nNews.\n")
    changed(own_template, tmp_path, [improvement], "template v2")

    readme = (project / "README.md").read_text("utf-8")
    commands = [
        command
        for command in readme_commands(readme, "Updating from the template")
        if command.split()[0] == maker
    ]
    assert commands, readme
    for command in commands:
        done = subprocess.run(
            command, shell=True, cwd=project, capture_output=True, text=True, check=False,
            env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"},
        )  # fmt: skip
        assert "Setting up" not in done.stdout + done.stderr
    assert "## Use\n\nNews.\n" in (project / "README.md").read_text("utf-8")
    if maker == "cruft":
        cruft("check", cwd=project)


def template_readme_blocks(section: str) -> list[list[str]]:
    """The command lines of each ```sh block of a section of this template's README."""
    text = (TEMPLATE / "README.md").read_text("utf-8").split(f"## {section}\n", 1)[1]
    text = text.split("\n## ", 1)[0]
    blocks = [
        block.split("\n", 1)[1] for block in text.split("```")[1::2] if block.startswith("sh")
    ]
    return [
        [line for line in block.splitlines() if line and not line.startswith("#")]
        for block in blocks
    ]


def test_the_template_readmes_copier_and_cruft_commands_work_as_printed(
    template_repo: Path, tmp_path: Path
) -> None:
    """In a clone of the template: copier's block makes a built project (its task is the first
    build), cruft's block a project with .cruft.json and no build."""
    clone = tmp_path / "clone"
    run(["git", "clone", "-q", str(template_repo), str(clone)], tmp_path)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "COOKIECUTTER_PYO3_CACHE": "off",
    }
    copier_block, cruft_block = template_readme_blocks("Keeping a project up to date")
    for line in copier_block + cruft_block:
        # Both tools ask their questions at a terminal: the defaults, as a person presses Enter.
        child = pexpect.spawn("bash", ["-c", line], cwd=clone, env=env, timeout=600)
        if line.startswith("copier copy"):
            while child.expect([r"\?", pexpect.EOF]) == 0:
                child.sendline("")
        elif line.startswith("cruft create"):
            answer(child)
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0, (line, child.before)
    built = tmp_path / "my-project"
    assert (built / ".copier-answers.yml").is_file()
    greet = [
        str(built / ".venv" / "bin" / "python"),
        "-c",
        "import rust_module; print(rust_module.my_module.greet())",
    ]
    assert run(greet, built).stdout.strip() == "Hello from Rust!"
    made = tmp_path / "rust-module"
    assert (made / ".cruft.json").is_file() and not (made / ".venv").exists()
