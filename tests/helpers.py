"""Helpers that read what a generated project ships; conftest.py keeps the fixtures."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import yaml


def stub_names(project: Path) -> set[str]:
    """Every public name the project's .pyi stubs declare, as the docs name it.

    `_core.pyi`'s names are the package's (it re-exports them); `<sub>.pyi` is `<package>.<sub>`.
    Classes bring their public methods and properties; submodules are pages, not names.
    """
    (package,) = (path for path in (project / "python").iterdir() if path.is_dir())
    names = set()
    for stub in package.rglob("*.pyi"):
        module = package.name if stub.stem == "_core" else f"{package.name}.{stub.stem}"
        for node in ast.parse(stub.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef | ast.FunctionDef) and node.name[0] != "_":
                names.add(f"{module}.{node.name}")
            if isinstance(node, ast.ClassDef) and node.name[0] != "_":
                names |= {
                    f"{module}.{node.name}.{member.name}"
                    for member in node.body
                    if isinstance(member, ast.FunctionDef) and member.name[0] != "_"
                }
    return names


def documented_names(html: Path) -> set[str]:
    """The objects Sphinx documented in a built site: each has an anchor named after it."""
    return {
        anchor
        for page in html.rglob("*.html")
        for anchor in re.findall(r'<dt class="sig[^"]*" id="([\w.]+)"', page.read_text("utf-8"))
    }


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


def pre_commit_config(project: Path, out: Path) -> Path:
    """The project's pre-commit config, or the same hooks from PyPI where GitHub is out of reach."""
    config = project / ".pre-commit-config.yaml"
    if github_reachable():
        return config
    used = out / "pre-commit-from-pypi.yaml"
    declared = yaml.safe_load(config.read_text(encoding="utf-8"))
    used.write_text(yaml.safe_dump(from_pypi(declared)), encoding="utf-8")
    return used
