"""The generated project passes the tools its ecosystem checks projects with.

GitHub Actions workflow and Dependabot config: check-jsonschema's vendored schemas and zizmor
(offline audits). pyproject.toml: validate-pyproject. All of them on every combination of the
options that reach those files. The whole repository: Scientific Python's repo-review.
pre-commit: the project's own config, run on a fresh generate.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import NO_VENV_ENV, TEMPLATE, bake, run

WORKFLOW = ".github/workflows/CI.yml"
DEPENDABOT = ".github/dependabot.yml"


def tool(name: str, *args: str) -> list[str]:
    """A command-line tool installed beside this interpreter (requirements-test.txt)."""
    return [str(Path(sys.executable).with_name(name)), *args]


def test_workflows_match_github_schemas(rendered: list[Path], tmp_path: Path) -> None:
    """`check-jsonschema` (workflow, Dependabot): every option combination the hooks accept."""
    schema = ["--builtin-schema", "vendor.github-workflows"]
    run(tool("check-jsonschema", *schema, *(str(p / WORKFLOW) for p in rendered)), tmp_path)
    schema = ["--builtin-schema", "vendor.dependabot"]
    run(tool("check-jsonschema", *schema, *(str(p / DEPENDABOT) for p in rendered)), tmp_path)


def test_template_workflow_is_valid(tmp_path: Path) -> None:
    """`check-jsonschema`, `zizmor --offline`: the template repository's own workflow."""
    workflow = TEMPLATE / ".github" / "workflows" / "template.yml"
    schema = ["--builtin-schema", "vendor.github-workflows"]
    run(tool("check-jsonschema", *schema, str(workflow)), tmp_path)
    result = run(tool("zizmor", "--offline", str(workflow.parent.parent)), tmp_path)
    assert "No findings to report" in result.stdout


def test_workflows_pass_zizmor(rendered: list[Path], tmp_path: Path) -> None:
    """`zizmor --offline`: the workflows of every option combination, with no findings."""
    result = run(tool("zizmor", "--offline", *(str(p / ".github") for p in rendered)), tmp_path)
    assert "No findings to report" in result.stdout


def test_workflow_shape(rendered: list[Path]) -> None:
    """Every supported Python, three systems and 3.14t; pinned actions, least privilege."""
    for project in rendered:
        answers = json.loads((project / ".cookiecutter.json").read_text(encoding="utf-8"))
        workflow = yaml.safe_load((project / WORKFLOW).read_text(encoding="utf-8"))
        jobs = workflow["jobs"]
        tests = jobs["test"]["strategy"]["matrix"]["include"]
        linux = [entry["python"] for entry in tests if entry["os"] == "ubuntu-latest"]
        assert linux[0] == answers["python_min"] and linux[-2:] == ["3.14", "3.14t"]
        assert {entry["os"] for entry in tests} == {
            "ubuntu-latest",
            "macos-latest",
            "windows-latest",
        }
        assert workflow["permissions"] == {}
        for name, job in jobs.items():
            assert "permissions" in job, name
            for step in job.get("steps", []):
                if "uses" in step:
                    assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step
        platforms = {
            (e["platform"], e["target"]) for e in jobs["wheels"]["strategy"]["matrix"]["include"]
        }
        assert {("musllinux", "aarch64"), ("macos", "x86_64"), ("windows", "x64")} <= platforms
        builds = [
            step["with"]["args"]
            for step in jobs["wheels"]["steps"]
            if "maturin" in step.get("uses", "")
        ]
        # abi3 wheels cannot serve free-threaded Pythons: 3.14t always gets a wheel of its own.
        assert builds[-1].endswith("python3.14t") and len(builds) == (2 if answers["abi3"] else 1)
        if answers["license"] == "Proprietary":
            assert "release" not in jobs
        else:
            assert jobs["release"]["if"] == "startsWith(github.ref, 'refs/tags/')"
            assert jobs["release"]["permissions"] == {"id-token": "write"}


def test_pyprojects_are_valid(rendered: list[Path], tmp_path: Path) -> None:
    """`validate-pyproject`: `pyproject.toml` of every option combination."""
    run(tool("validate-pyproject", *(str(p / "pyproject.toml") for p in rendered)), tmp_path)


# repo-review checks this template does not pass, each for a reason given in README.md.
EXPECTED_REPO_REVIEW_FAILURES = {"PP006"}


def test_repo_review(tmp_path: Path) -> None:
    """`repo-review` (sp-repo-review): a fresh generate fails exactly the checks listed below."""
    project = bake(tmp_path)
    result = subprocess.run(
        tool("repo-review", "--format", "json", "."),
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    failed = {name for name, check in report["checks"].items() if check["result"] is False}
    assert failed == EXPECTED_REPO_REVIEW_FAILURES, json.dumps(
        {name: report["checks"][name] for name in failed}, indent=1
    )


# What the hook repositories in .pre-commit-config.yaml run, as PyPI packages of the same
# versions: pre-commit clones hook repositories from GitHub, which some machines (CI sandboxes,
# this template's own CI) cannot reach. Each definition is the one in the repo's manifest.
# pygrep-hooks are regular expressions run by pre-commit itself: nothing to install.
PYGREP_HOOKS = {
    "rst-backticks": {"entry": "^(?!    ).*(^| )`[^`]+`([^_]|$)", "types": ["rst"]},
    "rst-directive-colons": {"entry": "^\\s*\\.\\. [a-z]+(| | :):$", "types": ["rst"]},
    "rst-inline-touching-normal": {"entry": "\\w``\\w", "types": ["rst"]},
}
PYPI_HOOKS: dict[str, tuple[str, dict[str, dict[str, object]]]] = {
    "https://github.com/pre-commit/pre-commit-hooks": (
        "pre-commit-hooks",
        {
            "check-added-large-files": {"entry": "check-added-large-files"},
            "check-case-conflict": {"entry": "check-case-conflict"},
            "check-merge-conflict": {"entry": "check-merge-conflict", "types": ["text"]},
            "check-toml": {"entry": "check-toml", "types": ["toml"]},
            "check-yaml": {"entry": "check-yaml", "types": ["yaml"]},
            "end-of-file-fixer": {"entry": "end-of-file-fixer", "types": ["text"]},
            "mixed-line-ending": {"entry": "mixed-line-ending", "types": ["text"]},
            "trailing-whitespace": {"entry": "trailing-whitespace-fixer", "types": ["text"]},
        },
    ),
    "https://github.com/hukkin/mdformat": (
        "mdformat",
        {"mdformat": {"entry": "mdformat", "types": ["markdown"]}},
    ),
    "https://github.com/astral-sh/ruff-pre-commit": (
        "ruff",
        {
            "ruff-check": {"entry": "ruff check --force-exclude", "types_or": ["python", "pyi"]},
            "ruff-format": {"entry": "ruff format --force-exclude", "types_or": ["python", "pyi"]},
        },
    ),
    "https://github.com/pre-commit/mirrors-mypy": (
        "mypy",
        {"mypy": {"entry": "mypy", "types_or": ["python", "pyi"], "require_serial": True}},
    ),
    "https://github.com/zizmorcore/zizmor-pre-commit": (
        "zizmor",
        {"zizmor": {"entry": "zizmor", "files": r"^\.github/", "types": ["yaml"]}},
    ),
    "https://github.com/codespell-project/codespell": (
        "codespell",
        {"codespell": {"entry": "codespell", "types": ["text"]}},
    ),
}


def github_reachable() -> bool:
    probe = ["git", "ls-remote", "https://github.com/pre-commit/pre-commit-hooks", "HEAD"]
    try:
        return subprocess.run(probe, capture_output=True, timeout=15, check=False).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def from_pypi(config: dict) -> dict:
    """The same hooks at the same versions, installed from PyPI instead of cloned."""
    repos = []
    for repo in config["repos"]:
        if repo["repo"] == "local":
            repos.append(repo)
            continue
        if repo["repo"] == "https://github.com/pre-commit/pygrep-hooks":
            hooks = [
                {"name": hook["id"], "language": "pygrep", **PYGREP_HOOKS[hook["id"]], **hook}
                for hook in repo["hooks"]
            ]
            repos.append({"repo": "local", "hooks": hooks})
            continue
        package, entries = PYPI_HOOKS[repo["repo"]]
        version = repo["rev"].removeprefix("v")
        hooks = [
            {
                "name": hook["id"],
                "language": "python",
                **entries[hook["id"]],
                **hook,
                "additional_dependencies": [
                    f"{package}=={version}",
                    *hook.get("additional_dependencies", []),
                ],
            }
            for hook in repo["hooks"]
        ]
        repos.append({"repo": "local", "hooks": hooks})
    return {**config, "repos": repos}


def test_pre_commit_passes_on_a_fresh_generate(tmp_path: Path) -> None:
    """`pre-commit run --all-files`: a fresh generate, every hook passing."""
    project = bake(tmp_path / "out", async_example=True)
    config = project / ".pre-commit-config.yaml"
    declared = yaml.safe_load(config.read_text(encoding="utf-8"))
    pygrep = {"https://github.com/pre-commit/pygrep-hooks"}
    assert {repo["repo"] for repo in declared["repos"]} - {"local"} == set(PYPI_HOOKS) | pygrep
    if github_reachable():
        used = config
    else:
        used = tmp_path / "pre-commit-from-pypi.yaml"
        used.write_text(yaml.safe_dump(from_pypi(declared)), encoding="utf-8")
    for command in (["init", "-q"], ["add", "-A"]):
        run(["git", *command], project)
    env = {**NO_VENV_ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache")}
    result = subprocess.run(
        tool("pre-commit", "run", "--all-files", "--config", str(used)),
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = sum(len(repo["hooks"]) for repo in declared["repos"])
    assert len(re.findall(r"\.Passed$", result.stdout, re.MULTILINE)) == hooks, result.stdout


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Template Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Template Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}


def commit_all(repo: Path, message: str) -> None:
    env = {**os.environ, **GIT_ENV}
    if not (repo / ".git").exists():
        run(["git", "init", "-q", "-b", "main"], repo, env=env)
    run(["git", "add", "-A"], repo, env=env)
    run(["git", "commit", "-q", "-m", message], repo, env=env)


def test_cruft_create_check_update(tmp_path: Path) -> None:
    """`cruft create`, `check`, `update`: a template change arrives and a user's edit stays."""
    template = tmp_path / "template"
    ignore = shutil.ignore_patterns(".git", ".venv", ".ci-target", "*cache*", "__pycache__")
    shutil.copytree(TEMPLATE, template, ignore=ignore)
    commit_all(template, "template v1")
    extra = json.dumps({"project_name": "Kept Up", "run_first_build": False})
    run(tool("cruft", "create", str(template), "--no-input", "--extra-context", extra), tmp_path)
    project = tmp_path / "kept-up"
    assert (
        json.loads((project / ".cruft.json").read_text())["context"]["cookiecutter"]["module_name"]
        == "kept_up"
    )
    lib = project / "src" / "lib.rs"
    lib.write_text(lib.read_text() + "\n// The user's own line.\n")
    commit_all(project, "generated")
    run(tool("cruft", "check"), project)

    readme = template / "{{cookiecutter.project_slug}}" / "README.md"
    readme.write_text(readme.read_text() + "\nA later template improvement.\n")
    commit_all(template, "template v2")
    stale = subprocess.run(tool("cruft", "check"), cwd=project, capture_output=True, check=False)
    assert stale.returncode == 1

    run(tool("cruft", "update", "--skip-apply-ask"), project)
    assert (project / "README.md").read_text().endswith("A later template improvement.\n")
    assert "// The user's own line." in lib.read_text()
    run(tool("cruft", "check"), project)
