"""The generated project's nox sessions, and its CI jobs' `run:` steps as written, run here.

GitHub's runners are not available here, and the tools that run workflows locally (act) need
a Docker engine, which this machine lacks. So the Linux jobs' shell steps run in the project
as written, with setup-python stood in for by a venv of each CPython found on this machine.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from kit import (
    GIT_IDENTITY,
    NEW_SHELL,
    PREREQUISITES,
    PYTHONS,
    TEMPLATE,
    documented_names,
    documented_signatures,
    generate,
    minor,
    readme_commands,
    run,
    shell_blocks,
    stub_names,
    stub_parameters,
)

WORKFLOW = ".github/workflows/CI.yml"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A default project after its first build, committed as a user would: into the repository
    the first build made, through the git hook it installed, from a shell with nothing
    activated (the tools are in .venv alone)."""
    project = generate(tmp_path_factory.mktemp("tasks"))
    assert (project / ".git" / "hooks" / "pre-commit").is_file()
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"} | GIT_IDENTITY
    for command in (["add", "-A"], ["commit", "-q", "-m", "generated"]):
        run(["git", *command], project, env=env)
    return project


def run_job(
    project: Path,
    job: str,
    interpreter: str,
    tmp_path: Path,
    rewrite: dict[str, str] | None = None,
    **matrix: str,
) -> str:
    """Runs a job's `run:` steps in order with bash, as a Linux runner would; returns the output.

    `interpreter` stands in for setup-python: a venv of it comes first on PATH. `rewrite`
    replaces a command that cannot run here as written.
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
        for written, here in (rewrite or {}).items():
            script = script.replace(written, here)
        result = run(["bash", "-e", "-o", "pipefail", "-c", script], project, env=env)
        output += result.stdout + result.stderr
    return output


# The oldest and the newest CPython found here; the generated CI runs every one.
EDGES = sorted({min(PYTHONS, key=minor), max(PYTHONS, key=minor)}, key=minor)


@pytest.mark.parametrize("version", EDGES)
def test_ci_test_job(project: Path, version: str, tmp_path: Path) -> None:
    """pytest, `cargo test` and stubtest through `nox -s tests`, on the oldest and the newest
    CPython found here (the generated CI runs them all)."""
    output = run_job(project, "test", PYTHONS[version], tmp_path, python=version)
    assert f"Session tests-{version} was successful" in output
    assert re.search(r"test result: ok\. \d+ passed", output), "cargo test did not run"


NOX_LIST = """
import runpy, sys
started = []
sys.addaudithook(lambda event, args: started.append(args) if event == "subprocess.Popen" else None)
sys.argv = ["nox", "--list"]
try:
    runpy.run_module("nox", run_name="__main__")
except SystemExit:
    pass
print("started:", started)
"""


def test_nox_list_starts_no_process(project: Path) -> None:
    """The noxfile does no work at import: listing the sessions runs nothing."""
    listed = run([sys.executable, "-c", NOX_LIST], project)
    assert "tests-3.11" in listed.stdout
    assert listed.stdout.rstrip().endswith("started: []"), listed.stdout


def test_ci_lint_job_and_committed_stubs(project: Path, tmp_path: Path) -> None:
    """Every pre-commit hook passes, each a pinned package of the lint group installed from
    PyPI (this machine reaches no forge); then the stubs regenerate without a diff."""
    output = run_job(project, "lint", sys.executable, tmp_path)
    assert "Session lint was successful" in output and "Session develop was successful" in output
    declared = yaml.safe_load((project / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert {repo["repo"] for repo in declared["repos"]} == {"local"}, "nothing is cloned"
    hooks = sum(len(repo["hooks"]) for repo in declared["repos"])
    assert len(re.findall(r"\.Passed$", output, re.MULTILINE)) == hooks, output
    again = run([sys.executable, "-m", "nox", "-s", "lint"], project)
    assert "Reusing existing virtual environment" in again.stderr, "the lint venv is kept"


def test_ci_docs_job(project: Path, tmp_path: Path) -> None:
    """Sphinx with warnings as errors; every public name of the stubs has its place in the API,
    and every callable its real signature: each parameter of the stub, annotated, in order,
    constructors included."""
    run_job(project, "docs", sys.executable, tmp_path)
    html = project / "docs" / "_build" / "html"
    assert stub_names(project) <= documented_names(html)
    shown = documented_signatures(html)
    for name, expected in stub_parameters(project).items():
        parameters = shown[name]
        assert [p.split(":")[0].split("=")[0].strip() for p in parameters] == expected, name
        assert all(":" in p for p in parameters if p != "*"), (name, parameters)
    api = (html / "api" / "rust_module" / "index.html").read_text(encoding="utf-8")
    assert "Creates a colour from three channels in 0..=255." in api, "the constructor's docstring"
    assert re.search(r"Copyright &#169; \d{4}, Your Name", api), "the footer names the author"


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


def test_readme_develop_commands_work_from_a_new_shell(project: Path) -> None:
    """The Develop section as a user types it: activate, install the group, loop, test."""
    commands = readme_commands((project / "README.md").read_text(encoding="utf-8"), "Develop")
    assert commands[:3] == [
        "python3 scripts/bootstrap.py",
        "python3 scripts/bootstrap.py --check",
        ". .venv/bin/activate",
    ]
    assert "cargo test" in commands
    result = run(["bash", "-e", "-c", "\n".join(commands)], project, env=NEW_SHELL)
    assert "Session develop was successful" in result.stderr
    assert re.search(r"test result: ok\. \d+ passed", result.stdout)


def run_next_steps(hook_output: str, cwd: Path) -> None:
    """Runs what the hook printed after the first build, as printed, in a new shell."""
    steps = hook_output.split("Next steps:\n", 1)[1].strip().splitlines()
    commands = [line.split("  #")[0].strip() for line in steps]
    result = run(["bash", "-e", "-c", "\n".join(commands)], cwd, env=NEW_SHELL)
    assert re.search(r"\d+ passed", result.stdout), "pytest did not run"
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
    assert f"Setting up newer with Python {newest} ({python})" in result.stdout
    run_next_steps(result.stdout, tmp_path)


def test_every_program_the_readme_calls_is_installed_by_the_set_up(rendered: list[Path]) -> None:
    """Each program of a shell block is a prerequisite or comes with a group the set-up installs."""
    for project in rendered:
        pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
        groups = pyproject["dependency-groups"]
        installed = {
            re.split(r"[<>=\[ ]", requirement)[0]
            for name in pyproject["tool"]["uv"]["default-groups"]
            for requirement in groups[name]
        }
        for line in shell_blocks((project / "README.md").read_text(encoding="utf-8")):
            words = line.split()
            program = words[2] if words[:2] == ["uv", "run"] else words[0]
            assert program in PREREQUISITES | installed, f"{project.name}: {line}"
