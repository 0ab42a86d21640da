"""The generated project's nox sessions, and its CI jobs' `run:` steps as written, run here.

GitHub's runners are not available here, and the tools that run workflows locally (act) need
a Docker engine, which this machine lacks. So the Linux jobs' shell steps run in the project
as written, with setup-python stood in for by a venv of each CPython found on this machine.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
import yaml

from conftest import PYTHONS, TEMPLATE, generate, run

WORKFLOW = ".github/workflows/CI.yml"
# A new shell: the template's own venv is not active in it.
NEW_SHELL = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A default project after its first build, committed to git as a user would."""
    project = generate(tmp_path_factory.mktemp("tasks"))
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Template Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Template Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
    }
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "generated"]):
        run(["git", *command], project, env=env)
    return project


def run_job(project: Path, job: str, interpreter: str, tmp_path: Path, **matrix: str) -> str:
    """Runs a job's `run:` steps in order with bash, as a Linux runner would; returns the output.

    `interpreter` stands in for setup-python: a venv of it comes first on PATH.
    """
    steps = yaml.safe_load((project / WORKFLOW).read_text(encoding="utf-8"))["jobs"][job]["steps"]
    runner = tmp_path / "setup-python"
    run([interpreter, "-m", "venv", str(runner)], tmp_path)
    env = {**NEW_SHELL, "PATH": f"{runner / 'bin'}{os.pathsep}{os.environ['PATH']}", "CI": "true"}
    output = ""
    for step in steps:
        if "run" not in step:
            continue
        script = re.sub(r"\$\{\{ matrix\.(\w+) \}\}", lambda m: matrix[m[1]], step["run"])
        assert "${{" not in script, script
        result = run(["bash", "-e", "-o", "pipefail", "-c", script], project, env=env)
        output += result.stdout + result.stderr
    return output


def test_every_python_of_this_machine_is_found() -> None:
    """.ci/run says how many the machine has: a Python that goes missing fails, not skips."""
    assert len(PYTHONS) >= int(os.environ.get("TEMPLATE_TEST_PYTHONS", "1")), PYTHONS


@pytest.mark.parametrize("version", PYTHONS)
def test_ci_test_job(project: Path, version: str, tmp_path: Path) -> None:
    """pytest, `cargo test` and stubtest through `nox -s tests`, on each CPython found here."""
    output = run_job(project, "test", PYTHONS[version], tmp_path, python=version)
    assert f"Session tests-{version} was successful" in output
    assert re.search(r"test result: ok\. \d+ passed", output), "cargo test did not run"


def test_ci_lint_job_and_committed_stubs(project: Path, tmp_path: Path) -> None:
    """rustfmt, clippy, ruff, mypy; then the stubs regenerate without a diff."""
    output = run_job(project, "lint", sys.executable, tmp_path)
    assert "Session lint was successful" in output and "Session develop was successful" in output


def test_ci_docs_job(project: Path, tmp_path: Path) -> None:
    """Sphinx with warnings as errors; the API page carries the Rust doc comments."""
    run_job(project, "docs", sys.executable, tmp_path)
    api = (project / "docs" / "_build" / "html" / "api.html").read_text(encoding="utf-8")
    assert "Returns a greeting from Rust." in api
    assert "Base class of every error this package raises." in api


def test_nox_bench(project: Path) -> None:
    """pytest-benchmark against the wheels' build; results kept, histogram drawn."""
    # Release settings without fat LTO: the point here is that the session works.
    env = {
        **NEW_SHELL,
        "CARGO_PROFILE_RELEASE_LTO": "false",
        "CARGO_PROFILE_RELEASE_CODEGEN_UNITS": "16",
    }
    bench = [sys.executable, "-m", "nox", "-s", "bench", "--", "--benchmark-min-rounds=1"]
    result = run(bench, project, env=env)
    assert "Session bench was successful" in result.stderr
    assert list((project / ".benchmarks").rglob("*.json")), "no saved run"
    assert list((project / ".benchmarks").glob("histogram*.svg")), "no histogram"


def readme_commands(readme: str, section: str) -> list[str]:
    """The shell lines of a README section's ```sh blocks, without their comments."""
    text = readme.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    blocks = [
        block.split("\n", 1)[1] for block in text.split("```")[1::2] if block.startswith("sh")
    ]
    return [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]


def test_readme_develop_commands_work_from_a_new_shell(project: Path) -> None:
    """The Develop section as a user types it: activate, install the group, loop, test."""
    commands = readme_commands((project / "README.md").read_text(encoding="utf-8"), "Develop")
    assert commands[0] == ". .venv/bin/activate" and "cargo test" in commands
    result = run(["bash", "-e", "-c", "\n".join(commands)], project, env=NEW_SHELL)
    assert "Session develop was successful" in result.stderr
    assert re.search(r"test result: ok\. \d+ passed", result.stdout)


def run_next_steps(hook_output: str, cwd: Path) -> None:
    """Runs what the hook printed after the first build, as printed, in a new shell."""
    steps = hook_output.split("Next steps:\n", 1)[1].strip().splitlines()
    commands = [line.split("  #")[0].strip() for line in steps]
    result = run(["bash", "-e", "-c", "\n".join(commands)], cwd, env=NEW_SHELL)
    assert "Hello from Rust!" in result.stdout
    assert re.search(r"test result: ok\. \d+ passed", result.stdout), "cargo test did not run"


def test_hook_next_steps_work_from_a_new_shell(project: Path, tmp_path: Path) -> None:
    """What the hook printed after the first build runs as printed, from any directory."""
    run_next_steps((project.parent / "first-build.log").read_text(encoding="utf-8"), tmp_path)


def test_cookiecutter_on_a_newer_python_then_cargo_test_with_an_older_python3(
    tmp_path: Path,
) -> None:
    """cookiecutter installed on the newest CPython here makes an abi3 project that needs it;
    then, in a new shell whose `python3` is older, the printed `cargo test` uses `.venv`'s."""
    newest = max(PYTHONS, key=lambda version: int(version.split(".")[1]))
    python3 = run(["python3", "-c", "import sys; print(sys.version_info[1])"], tmp_path).stdout
    if int(python3) >= int(newest.split(".")[1]):
        pytest.skip(f"no CPython here is newer than python3 (3.{python3.strip()})")
    runner = tmp_path / "cookiecutter-venv"
    run([PYTHONS[newest], "-m", "venv", str(runner)], tmp_path)
    requirement = next(
        line
        for line in (TEMPLATE / "requirements-test.txt").read_text(encoding="utf-8").splitlines()
        if line.startswith("cookiecutter")
    )
    python = str(runner / "bin" / "python")
    run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", requirement],
        tmp_path,
    )
    answers = [f"python_min={newest}", "abi3=yes", "project_name=Newer"]
    cookiecutter = [python, "-m", "cookiecutter", "--no-input", str(TEMPLATE), *answers]
    result = run(cookiecutter, tmp_path, env=NEW_SHELL)
    assert f"First build of newer with {python}" in result.stdout
    run_next_steps(result.stdout, tmp_path)
