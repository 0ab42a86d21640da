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
import textwrap
import time
from pathlib import Path

import pexpect
import pytest
import yaml

from cookiecutter_pyo3 import versions
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
# Every finished version of the template, from this clone's history (versions.py).
RELEASED = versions.released()


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


def changelog_steps(since: str, maker: str) -> list[str]:
    """The shell blocks CHANGELOG.md gives existing projects of `maker` for every version
    after `since` (the ```sh blocks under "Existing projects"), oldest version first."""
    text = (TEMPLATE / "CHANGELOG.md").read_text("utf-8")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    steps = []
    for section in reversed(sections):
        version = section.split()[0]
        if VERSION_KEY(version) <= VERSION_KEY(since) or "**Existing projects.**" not in section:
            continue
        existing = section.split("**Existing projects.**", 1)[1]
        for block in existing.split("```")[1::2]:
            script = textwrap.dedent(block.removeprefix("sh\n"))
            if maker in script:
                steps.append(script)
    return steps


def VERSION_KEY(version: str) -> list[int]:
    return [int(part) for part in version.split(".")]


def answers_of(project: Path) -> dict[str, object]:
    if (project / ".cruft.json").exists():
        found = json.loads((project / ".cruft.json").read_text("utf-8"))["context"]["cookiecutter"]
    else:
        found = yaml.safe_load((project / ".copier-answers.yml").read_text("utf-8"))
    return {key: value for key, value in found.items() if not key.startswith("_")}


def set_build_answer(project: Path, build: bool) -> None:
    """The build answer a team that kept the default has in its answers file."""
    cruft_json, answers_json = project / ".cruft.json", project / ".cookiecutter.json"
    if cruft_json.exists():
        recorded = json.loads(cruft_json.read_text("utf-8"))
        recorded["context"]["cookiecutter"]["run_first_build"] = build
        cruft_json.write_text(json.dumps(recorded, indent=2) + "\n", "utf-8")
        if answers_json.exists():  # the same answer, as cookiecutter wrote it
            text = answers_json.read_text("utf-8")
            old, new = (f'"run_first_build": {json.dumps(b)}' for b in (not build, build))
            answers_json.write_text(text.replace(old, new), "utf-8")
    else:
        answers = project / ".copier-answers.yml"
        text = answers.read_text("utf-8")
        answers.write_text(
            text.replace(
                f"run_first_build: {str(not build).lower()}",
                f"run_first_build: {str(build).lower()}",
            ),
            "utf-8",
        )


@pytest.mark.skipif(len(RELEASED) < 2, reason="a shallow clone: the versions' commits are not here")
@pytest.mark.parametrize("maker", ["cruft", "copier"])
@pytest.mark.parametrize("version", list(RELEASED))
def test_an_update_from_every_released_version_loses_nothing(
    template_repo: Path, version: str, maker: str, tmp_path: Path
) -> None:
    """Each released version's project, its build answer at yes (the default), a team's edits
    committed, updated to the newest with the CHANGELOG's steps and `nox -s update`'s command:
    exit 0, no build, and only the team's files and the answers file differ from a fresh
    generate with the same answers."""
    commit = versions.released(template_repo)[version]
    has_copier = (
        subprocess.run(
            ["git", "cat-file", "-e", f"{commit}:copier.yml"], cwd=template_repo, check=False
        ).returncode
        == 0
    )
    if maker == "copier" and not has_copier:
        pytest.skip(f"copier projects start with 2026.12.4, after {version}")
    team = tmp_path / "team"
    team.mkdir()
    if maker == "cruft":
        project = cruft_create(template_repo, team, TEAM, commit)
    else:
        project = team / "project"
        copy = ["copy", "--trust", "--defaults", "--vcs-ref", commit, *data(TEAM)]
        copier(*copy, f"file://{template_repo}", str(project), cwd=tmp_path)
    set_build_answer(project, True)
    commit_all(project, "generated")
    edits = team_edits(project)

    started = time.monotonic()
    steps = changelog_steps(version, maker)
    if not any(f"\n{maker} update" in f"\n{step}" for step in steps):
        steps += (  # what `nox -s update` runs
            ["cruft update --skip-apply-ask"] if maker == "cruft"
            else ["copier update --trust --skip-answered --defaults"]
        )  # fmt: skip
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    for step in steps:
        done = subprocess.run(
            ["bash", "-e", "-c", step], cwd=project, capture_output=True, text=True, check=False,
            env={**os.environ, **GIT_IDENTITY, "PATH": path},
        )  # fmt: skip
        assert done.returncode == 0, (step, done.stdout[-3000:], done.stderr[-3000:])
        assert "Setting up" not in done.stdout + done.stderr, "an update never builds"
    seconds = time.monotonic() - started
    found = conflicts(project)
    print(f"{maker} update from {version} ({commit[:7]}): {seconds:.1f} s, conflicts {found}")

    kept = answers_of(project)
    fresh = bake(tmp_path / "fresh", **{**kept, "run_first_build": False})
    answers_files = {".cruft.json", ".copier-answers.yml", ".cookiecutter.json"}
    assert differing(project, fresh) - answers_files == set(edits), found
    assert found == []
    for name, text in edits.items():
        assert text in (project / name).read_text("utf-8")
    assert (project / ".git").is_dir() and not (project / ".venv").exists()


def test_every_version_says_what_existing_projects_do() -> None:
    """Each CHANGELOG version has its "Existing projects" part (or, before the rule, one per
    entry), and the newest is the version cookiecutter.json gives the answers files."""
    text = (TEMPLATE / "CHANGELOG.md").read_text("utf-8")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    assert sections
    for section in sections:
        assert "Existing projects" in section, section.split("\n", 1)[0]
    newest = sections[0].split()[0]
    config = json.loads((TEMPLATE / "cookiecutter.json").read_text("utf-8"))
    assert config["_template_version"] == newest == versions.in_progress()


def test_the_answers_file_names_the_template_version(tmp_path: Path) -> None:
    project = bake(tmp_path)
    recorded = json.loads((project / ".cookiecutter.json").read_text("utf-8"))
    assert recorded["_template_version"] == versions.in_progress()


@pytest.mark.skipif(len(RELEASED) < 2, reason="a shallow clone: the versions' commits are not here")
def test_a_version_is_pinned_from_a_clone_without_tags(template_repo: Path, tmp_path: Path) -> None:
    """The versions come from history alone; `--tag` tags them, refuses to move one, and cruft
    and copier pin a version by its name."""
    clone = tmp_path / "clone"
    run(["git", "clone", "-q", "--no-tags", str(template_repo), str(clone)], tmp_path)
    assert git(clone, "tag") == ""
    command = [sys.executable, "-m", "cookiecutter_pyo3.versions"]
    table = run(command, clone).stdout
    released = versions.released(clone)
    assert set(released) == set(RELEASED)
    for version, commit in released.items():
        assert f"{version}  {commit[:12]}" in table, table
    assert f"{versions.in_progress()}  main (in progress)" in table
    tagged = run([*command, "--tag"], clone).stdout
    assert tagged.startswith("Tagged ") and set(git(clone, "tag").split()) == set(RELEASED)
    assert run([*command, "--tag"], clone).stdout == "Every finished version has its tag.\n"

    version = list(RELEASED)[-2]  # an older one, with copier.yml
    (tmp_path / "cruft").mkdir()
    project = cruft_create(clone, tmp_path / "cruft", TEAM, version)
    assert json.loads((project / ".cruft.json").read_text("utf-8"))["commit"] == released[version]
    copied = tmp_path / "copier"
    copier("copy", "--trust", "--defaults", "--vcs-ref", version, *data(TEAM), str(clone),
           str(copied), cwd=tmp_path)  # fmt: skip
    assert yaml.safe_load((copied / ".copier-answers.yml").read_text("utf-8"))["_commit"] == version

    git(clone, "tag", "-f", version, "HEAD")
    moved = subprocess.run(
        [*command, "--tag"], cwd=clone, capture_output=True, text=True, check=False
    )
    assert moved.returncode == 1
    (line,) = moved.stderr.splitlines()
    assert line.startswith(f"error: tag {version} names "), line


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
    empty = [
        d
        for d in copied.rglob("*")
        if d.is_dir() and ".git" not in d.parts and not any(d.iterdir())
    ]
    assert empty == []
    recorded = yaml.safe_load((copied / ".copier-answers.yml").read_text("utf-8"))
    assert {key: recorded[key] for key in answers} == answers


def test_copier_refuses_bad_answers_with_the_rules_of_cookiecutter(
    template_repo: Path, tmp_path: Path
) -> None:
    """The same rules, the same lines: one per refused answer, no traceback, nothing written."""
    bad = ["--data=module_name=class", "--data=project_slug=con", "--data=version=1.0.0rc01"]
    refused = copier(
        "copy", "--trust", "--defaults", *bad, f"file://{template_repo}",
        str(tmp_path / "copied"), cwd=tmp_path, check=False,
    )  # fmt: skip
    assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
    errors = [line for line in refused.stderr.splitlines() if line.startswith("error: ")]
    assert [line.split()[1] for line in errors] == ["project_slug", "module_name", "version"]
    assert "module_name 'class' is a Python keyword; choose another name" in errors[1]
    assert not (tmp_path / "copied").exists()


def test_copier_names_the_files_an_update_left_in_conflict(
    own_template: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    copy = ["copy", "--trust", "--defaults", "--data=run_first_build=false"]
    copier(*copy, f"file://{own_template}", str(project), cwd=tmp_path)
    commit_all(project, "generated")
    readme = project / "README.md"
    readme.write_text(readme.read_text("utf-8").replace("## Use\n", "## Use\n\nOurs.\n"), "utf-8")
    commit_all(project, "the team's line")
    theirs = ("{{cookiecutter.project_slug}}/README.md", "## Use\n", "## Use\n\nTheirs.\n")
    changed(own_template, tmp_path, [theirs], "template v2")
    updated = copier("update", "--trust", "--defaults", cwd=project)
    assert "Conflicts to resolve (1): README.md; then `git add` them." in updated.stderr
    assert conflicts(project) == ["README.md"]


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


def made_by(maker: str, repo: Path, out: Path, **answers: object) -> Path:
    """A team's project, made with `maker` from `repo`'s main, committed."""
    out.mkdir()
    if maker == "cruft":
        project = cruft_create(repo, out, {**TEAM, **answers}, "main")
    else:
        project = out / "project"
        copy = ["copy", "--trust", "--defaults", *data({**TEAM, **answers})]
        copier(*copy, f"file://{repo}", str(project), cwd=out)
    commit_all(project, "generated")
    return project


NEWS = ("{{cookiecutter.project_slug}}/README.md", "## Use\n", "## Use\n\nNews.\n")


@pytest.mark.parametrize("maker", ["cruft", "copier"])
def test_the_readmes_update_command_works_as_printed(
    maker: str, own_template: Path, tmp_path: Path
) -> None:
    """The generated README's Updating section, run as printed in the project its tool made
    (nox, as the set-up installs it), brings a template change in; nothing builds."""
    project = made_by(maker, own_template, tmp_path / "team")
    changed(own_template, tmp_path, [NEWS], "template v2")
    readme = (project / "README.md").read_text("utf-8")
    commands = readme_commands(readme, "Updating from the template")
    assert commands == ["nox -s update"], commands
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    done = subprocess.run(
        commands[0], shell=True, cwd=project, capture_output=True, text=True, check=False,
        env={**os.environ, "PATH": path},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Setting up" not in done.stdout + done.stderr
    assert "## Use\n\nNews.\n" in (project / "README.md").read_text("utf-8")
    if maker == "cruft":
        cruft("check", cwd=project)


def update_job(project: Path) -> str:
    """The shell script of the project's scheduled update job, on either host."""
    workflow = project / ".github" / "workflows" / "update.yml"
    if workflow.exists():
        steps = yaml.safe_load(workflow.read_text("utf-8"))["jobs"]["update"]["steps"]
        return steps[-1]["run"]
    jobs = yaml.safe_load((project / ".gitlab-ci.yml").read_text("utf-8"))
    return "\n".join(jobs["update"]["script"])


@pytest.mark.parametrize("host", ["github", "gitlab"])
def test_the_scheduled_update_job_proposes_the_update(
    host: str, own_template: Path, tmp_path: Path
) -> None:
    """The update job's script, run offline against the template's local repository: it
    pushes a branch with the update to the project's remote (a local bare repository) and asks
    for a pull request (GitHub's `gh`, a stub here) or a merge request (GitLab's push options);
    a second run, with nothing new, pushes nothing."""
    url = f"https://{host}.com/team/project"
    project = made_by("cruft", own_template, tmp_path / "team", repository_url=url)
    remote = tmp_path / "remote.git"
    run(["git", "clone", "-q", "--bare", str(project), str(remote)], tmp_path)
    git(remote, "config", "receive.advertisePushOptions", "true")
    git(project, "remote", "add", "origin", str(remote))
    changed(own_template, tmp_path, [NEWS], "template v2")
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    (stubs / "gh").write_text(
        f'#!/bin/sh\necho "$*" >> {tmp_path}/gh.log\n[ "$1 $2" != "pr view" ]\n', "utf-8"
    )
    (stubs / "gh").chmod(0o755)
    token = "https://gitlab-ci-token:secret@gitlab.example/team/project.git"
    env = {
        **os.environ, **GIT_IDENTITY,
        "PATH": os.pathsep.join([str(stubs), str(Path(sys.executable).parent), os.environ["PATH"]]),
        "GH_TOKEN": "secret", "CI_JOB_TOKEN": "secret", "CI_SERVER_HOST": "gitlab.example",
        "CI_PROJECT_PATH": "team/project", "CI_DEFAULT_BRANCH": "main",
        # The job's https address of the project is the local remote here.
        "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": f"url.{remote}.insteadOf",
        "GIT_CONFIG_VALUE_0": token,
    }  # fmt: skip
    script = update_job(project)
    branch = git(project, "branch", "--show-current").strip()
    for attempt in ("the template moved", "nothing new"):
        done = subprocess.run(
            ["bash", "-e", "-c", script], cwd=project, env=env, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        assert done.returncode == 0, (attempt, done.stdout[-3000:], done.stderr[-3000:])
        pushed = git(remote, "show", "template-update:README.md")
        assert "## Use\n\nNews.\n" in pushed
        git(project, "switch", "-q", branch)
        git(project, "merge", "-q", "template-update")  # the team takes it
    assert "The template has not moved." in done.stdout
    if host == "github":
        assert "pr create --head template-update" in (tmp_path / "gh.log").read_text("utf-8")


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
    """In a clone of the template: copier's block and cruft's each make a built project (the
    task, the hook), a git repository of its own."""
    clone = tmp_path / "clone"
    run(["git", "clone", "-q", str(template_repo), str(clone)], tmp_path)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "COOKIECUTTER_PYO3_CACHE": "off",
    }
    blocks = template_readme_blocks("Keeping a project up to date")
    (copier_block,) = (block for block in blocks if any("copier copy" in b for b in block))
    (cruft_block,) = (block for block in blocks if any("cruft create" in b for b in block))
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
    made = tmp_path / "rust-module"  # cruft create: a creation, with the same first build
    assert (made / ".cruft.json").is_file() and (made / ".git").is_dir()
    greet[0] = str(made / ".venv" / "bin" / "python")
    assert run(greet, made).stdout.strip() == "Hello from Rust!"


def test_a_project_from_a_local_clone_is_linked_as_the_readme_says(
    template_repo: Path, tmp_path: Path
) -> None:
    """`cookiecutter <clone>` records the clone's absolute path as `_template`; `cruft link`
    with it and the answers file gives a project that `cruft check` finds current."""
    clone = tmp_path / "clone"
    run(["git", "clone", "-q", str(template_repo), str(clone)], tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    made = [sys.executable, "-m", "cookiecutter", "--no-input", "../clone", "run_first_build=no"]
    run(made, out, env={**os.environ, "PWD": str(out)})  # as a shell sets it
    project = out / "rust-module"
    commit_all(project, "generated")
    recorded = json.loads((project / ".cookiecutter.json").read_text("utf-8"))
    assert recorded["_template"] == str(clone.resolve())
    link = 'cruft link "$TEMPLATE" --no-input --extra-context "$(cat .cookiecutter.json)"'
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, "PATH": path, "TEMPLATE": recorded["_template"]}
    linked = subprocess.run(
        ["bash", "-c", link], cwd=project, env=env, capture_output=True, text=True, check=False
    )
    assert linked.returncode == 0, linked.stdout + linked.stderr
    cruft("check", cwd=project)
