"""Every accepted answer gives a project whose own linters pass as generated.

Projects at the edges of what the rules accept (the longest names, every licence and host,
both project managers, abi3, async, both sets of examples) go through what their users run:
the first commit with the git hook the set-up installs (every pre-commit hook on every file,
with the `lint` group's pinned tools), shellcheck on every shell step of their CI, GitLab's
schema; and `nox -s lint` checks a fresh project's files before its first commit.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from cookiecutter_pyo3.rules import MODULE_MAX
from kit import GIT_IDENTITY, PYTHONS, bake, minor, run, tool

# The lint tools run on the newest CPython here, as a project's .venv would (mypy parses with
# the Python it runs on); a project for a newer one has its mypy run in CI alone.
NEWEST = max(PYTHONS, key=minor)

LONG_NAME = "Text-Tools Pro: the \"fastest\" `text` tools, with O'Brien's ünïcode & <tags> " * 2
EDGES = {
    "longest-names": {
        "project_name": LONG_NAME.strip(),
        "project_slug": ("text-tools-" * 10)[:99] + "x",  # 100 characters, the most
        "module_name": "text_tools_" + "p" * (MODULE_MAX - len("text_tools_")),
        "description": LONG_NAME.strip(),
        "author_name": 'Zoë O\'Brien-Ngữ "Ferris" Ł. von der Crab-Rustacean Smith-Jones',
        "version": "10.200.3000rc4",
        "license": "Proprietary",
        "project_manager": "uv",
        "abi3": True,
        "async_example": True,
    },
    "gitlab-minimal-newest": {
        "repository_url": "https://gitlab.com/a-group/sub-group/text-tools",
        "license": "BSD-3-Clause",
        "python_min": "3.15",
        "examples": "minimal",
        "abi3": True,
    },
    "no-host": {
        "repository_url": "",
        "license": "MIT OR Apache-2.0",
        "python_min": "3.13",
        "examples": "minimal",
        "async_example": True,
    },
    "github-apache": {"license": "Apache-2.0", "project_manager": "uv"},
    "defaults": {},
}


@pytest.fixture(scope="module")
def lint_tools(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with the groups `nox -s lint` installs (test, lint, tools), at the project's pins."""
    out = tmp_path_factory.mktemp("lint-tools")
    groups = tomllib.loads((bake(out) / "pyproject.toml").read_text("utf-8"))["dependency-groups"]
    venv = out / "venv"
    run(tool("uv", "venv", "--quiet", "--python", PYTHONS[NEWEST], str(venv)), out)
    requirements = [*groups["test"], *groups["lint"], *groups["tools"]]
    run(tool("uv", "pip", "install", "--quiet", "--python", str(venv), *requirements), out)
    return venv / "bin"


def shell_steps(project: Path) -> dict[str, str]:
    """Every shell script of the project's CI by where it is, with GitHub's `${{ }}`
    expressions as a variable, as actionlint hands them to shellcheck."""
    found = {}
    for workflow in sorted((project / ".github" / "workflows").glob("*.yml")):
        for name, job in yaml.safe_load(workflow.read_text("utf-8"))["jobs"].items():
            for index, step in enumerate(job.get("steps", [])):
                if "run" in step and step.get("shell", "bash") == "bash":
                    script = re.sub(r"\$\{\{.*?\}\}", "${EXPRESSION}", step["run"])
                    found[f"{workflow.name} {name} step {index}"] = script
    gitlab = project / ".gitlab-ci.yml"
    for name, job in yaml.safe_load(gitlab.read_text("utf-8")).items() if gitlab.exists() else []:
        if isinstance(job, dict) and "script" in job and "windows" not in str(job.get("tags")):
            lines = [*job.get("before_script", []), *job["script"]]
            found[f".gitlab-ci.yml {name}"] = "\n".join(map(str, lines))
    return found


@pytest.mark.parametrize("edge", list(EDGES))
def test_the_first_commit_and_ci_scripts_pass_lint(
    edge: str, lint_tools: Path, tmp_path: Path
) -> None:
    project = bake(tmp_path, **EDGES[edge])
    env = {
        **os.environ,
        **GIT_IDENTITY,
        "PATH": f"{lint_tools}{os.pathsep}{os.environ['PATH']}",
        "PYO3_PYTHON": str(lint_tools / "python"),  # clippy, without the project's .venv
    }
    if minor(str(EDGES[edge].get("python_min", NEWEST))) > minor(NEWEST):
        env["SKIP"] = "mypy"
    run([str(lint_tools / "pre-commit"), "install"], project, env=env)
    run(["git", "add", "-A"], project, env=env)
    commit = subprocess.run(
        ["git", "commit", "-q", "-m", "Generated"], cwd=project, env=env, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    assert commit.returncode == 0, commit.stdout[-6000:] + commit.stderr[-2000:]
    skipped = re.sub(r".*(no files to check|^mypy\.+Skipped).*\n", "", commit.stdout)
    assert "Skipped" not in skipped, commit.stdout

    scripts = shell_steps(project)
    assert scripts or edge == "no-host"
    for where, script in scripts.items():
        checked = subprocess.run(
            [str(Path(sys.executable).with_name("shellcheck")), "--shell=bash", "-"],
            input=script, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert checked.returncode == 0, f"{where}:\n{checked.stdout}"
    if (project / ".gitlab-ci.yml").exists():
        schema = ["--builtin-schema", "vendor.gitlab-ci", ".gitlab-ci.yml"]
        run(tool("check-jsonschema", *schema), project)


def test_lint_checks_a_new_project_before_its_first_commit(tmp_path: Path) -> None:
    """`nox -s lint` in a project no file of which git tracks yet: every hook that has files
    of its kind runs on them, and a file that fails is reported."""
    project = bake(tmp_path)
    broken = project / "python" / "rust_module" / "broken.py"
    broken.write_text("print(undefined)\n", encoding="utf-8")  # ruff's F821, which has no fix
    nox = [sys.executable, "-m", "nox", "-s", "lint"]
    env = {**os.environ, "SKIP": "cargo-clippy"}  # clippy has tests of its own above
    failed = subprocess.run(nox, cwd=project, env=env, capture_output=True, text=True, check=False)
    output = failed.stdout + failed.stderr
    assert failed.returncode != 0 and "F821" in output, output[-4000:]
    assert "Files git does not track yet" in output
    for hook in ("ruff format", "mypy", "cargo fmt"):
        assert re.search(rf"{hook}\.+(Passed|Failed)", output), f"{hook} checked nothing"
