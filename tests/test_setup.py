"""The generated project's set-up, scripts/bootstrap.py: its plans, its search for a CPython,
its steps, and what it says when it cannot finish.

The plans and the search are tested as functions (bootstrap's modules are on pytest's path);
the rest through cookiecutter's first build, which runs the same script, and a teammate's clone.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

import interpreters
import plans
import running
from bootstrap import again, pip_installs_elsewhere
from cookiecutter_pyo3.filters import pythons
from kit import (
    CHOICES,
    GIT_IDENTITY,
    NEW_SHELL,
    PREREQUISITES,
    PYTHONS,
    TEMPLATE,
    bake,
    minor,
    path_without,
    printed_commands,
    readme_commands,
    run,
    run_cli,
    shell_blocks,
)


def project(root: Path, *, uv_managed: bool = False) -> plans.Project:
    tools = ["nox", "pytest"]
    return plans.Project(root, "pkg", (3, 11), uv_managed, tools, "maturin>=1.13,<2", "editable")


def test_the_set_up_reads_the_project_from_pyproject(tmp_path: Path) -> None:
    """What a clone's set-up knows comes from the files it clones, not from the answers."""
    root = bake(tmp_path, python_min="3.12", module_name="text_tools", project_manager="uv")
    loaded = plans.Project.load(root)
    assert (loaded.module, loaded.python_min, loaded.uv_managed) == ("text_tools", (3, 12), True)
    assert "pre-commit>=4.4" in loaded.requirements and "pytest>=8" in loaded.requirements
    assert not plans.Project.load(bake(tmp_path / "pip")).uv_managed


def test_without_uv_cargo_compiles_while_pip_bootstraps(tmp_path: Path) -> None:
    steps = plans.plan(project(tmp_path), "/usr/bin/python3", None, "/bin/maturin", tmp_path)
    assert [len(step.chains) for step in steps] == [1, 1, 1, 1]
    create, (compile_,), develop, smoke = (step.chains for step in steps)
    (tools,) = steps[1].background
    assert create == [
        [["/usr/bin/python3", "-m", "venv", "--without-pip", str(tmp_path / ".venv")]]
    ]
    assert compile_[0][:4] == ["/bin/maturin", "build", "--profile", "editable"]
    assert compile_[0][-2:] == ["--out", str(tmp_path)], "the throwaway wheel stays out of target/"
    # pip byte-compiles what it installs: nothing is left for a warm-up to compile.
    assert [command[2] for command in tools] == ["ensurepip", "pip"]
    assert develop == [[["/bin/maturin", "develop"]]]
    assert smoke[0][0][-1] == "import pkg; print(pkg.my_module.greet())"


def test_without_uv_pip_fetches_uv_for_the_installs(tmp_path: Path) -> None:
    """Into the set-up's scratch folder, never onto PATH; .venv gets pip as with pip alone."""
    steps = plans.plan(project(tmp_path), "/py", None, "/bin/maturin", tmp_path, python_pip=True)
    (tools,) = steps[1].background
    venv_python = str(tmp_path / ".venv" / "bin" / "python")
    assert tools == [
        ["/py", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
         "--target", str(tmp_path / "uv"), "uv"],
        [str(tmp_path / "uv" / "bin" / "uv"), "pip", "install", "--quiet",
         "--python", venv_python, "nox", "pytest", "pip"],
        # uv compiles nothing: the first pytest's plugins, and the pip `maturin develop` calls.
        [venv_python, "-c", plans.START_PYTEST],
        [venv_python, "-c", plans.COMPILE_PIP],
    ]  # fmt: skip


def test_what_the_first_pytest_needs_is_made_beside_the_compile(tmp_path: Path) -> None:
    """After the installs, in the background: the first pytest finds its plugins byte-compiled
    and .hypothesis/ filled."""
    with_hypothesis = dataclasses.replace(
        project(tmp_path), requirements=["hypothesis>=6.130", "pytest"]
    )
    for uv, python_pip in (("/bin/uv", False), (None, True), (None, False)):
        steps = plans.plan(
            with_hypothesis, "/py", uv, "/bin/maturin", tmp_path, python_pip=python_pip
        )
        (tools,) = steps[1].background
        warmed = [command[-1] for command in tools if command[1] == "-c"]
        compiled_by_pip = uv is None and not python_pip
        assert (plans.START_PYTEST in warmed) is not compiled_by_pip
        assert (plans.COMPILE_PIP in warmed) is (uv is None and python_pip), "only pip installs it"
        assert tools[-1][0] == str(tmp_path / ".venv" / "bin" / "python")
        assert "given(st.text())" in tools[-1][-1]
    bare = plans.plan(project(tmp_path), "/py", "/bin/uv", "/bin/maturin", tmp_path)
    (chain,) = bare[1].background
    assert not any("given(" in command[-1] for command in chain), "no Hypothesis, nothing to build"


def test_only_a_python_with_pip_installs_into_the_venv(tmp_path: Path) -> None:
    assert pip_installs_elsewhere(sys.executable)
    venv.create(tmp_path / "bare", with_pip=False)
    bare = tmp_path / "bare" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    assert not pip_installs_elsewhere(str(bare))
    assert not pip_installs_elsewhere(str(tmp_path / "missing"))


def test_a_python_without_pip_still_gets_pip_and_the_tools_into_the_venv(tmp_path: Path) -> None:
    """The ensurepip chain, run for real: the default bake covers the other one."""
    venv.create(tmp_path / "base", with_pip=False)
    base = str(tmp_path / "base" / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))
    pkg = project(tmp_path / "pkg")
    pkg.root.mkdir()
    steps = plans.plan(pkg, base, None, "/bin/maturin", tmp_path, python_pip=False)
    (tools,) = steps[1].background
    assert (
        running.run_steps([steps[0], plans.Step("tools", [tools])], pkg.root, {**os.environ})
        is None
    )
    check = "import pip, pytest, nox"
    assert subprocess.run([str(pkg.python), "-c", check], check=False).returncode == 0


def test_with_uv_maturin_compiles_and_installs_in_one_step(tmp_path: Path) -> None:
    steps = plans.plan(project(tmp_path), "/usr/bin/python3", "/bin/uv", "/bin/maturin", tmp_path)
    create, develop, smoke = steps
    venv = ["/bin/uv", "venv", "--quiet", "--python", "/usr/bin/python3", str(tmp_path / ".venv")]
    assert create.chains == [[venv]]
    assert smoke.title == "Importing pkg"
    assert develop.chains == [[["/bin/maturin", "develop", "--uv"]]]
    (tools,) = develop.background
    assert tools[0][:3] == ["/bin/uv", "pip", "install"]
    assert tools[0][-1] == "pip", "users expect pip in .venv"


def test_without_maturin_it_is_installed_before_compiling(tmp_path: Path) -> None:
    steps = plans.plan(project(tmp_path), "/usr/bin/python3", "/bin/uv", None, tmp_path)
    assert [step.title for step in steps][1:3] == [
        "Installing maturin and the tools into .venv",
        "Installing the extension into .venv (maturin develop)",
    ]
    assert steps[2].chains == [[[str(tmp_path / ".venv" / "bin" / "maturin"), "develop", "--uv"]]]


def test_a_set_up_venv_is_not_made_or_filled_again(tmp_path: Path) -> None:
    """A second run (`nox -s develop`) only builds: the stamp says the tools are there."""
    pkg = dataclasses.replace(project(tmp_path), keeps_venv=True)
    pkg.venv.mkdir()
    pkg.stamp.write_text(json.dumps(pkg.requirements), encoding="utf-8")
    steps = plans.plan(pkg, "/usr/bin/python3", None, "/bin/maturin", tmp_path)
    assert [step.title for step in steps] == [
        "Installing the extension into .venv (maturin develop)",
        "Importing pkg",
    ]
    pkg.stamp.write_text(json.dumps([*pkg.requirements, "new-tool"]), encoding="utf-8")
    steps = plans.plan(pkg, "/usr/bin/python3", None, "/bin/maturin", tmp_path)
    assert steps[0].background, "a changed list is installed"


def test_a_person_is_told_one_command(tmp_path: Path) -> None:
    """Whatever stopped the set-up, the same command finishes it, from a new shell."""
    shown = again(project(tmp_path))
    assert shown.splitlines()[-1].strip().endswith("scripts/bootstrap.py")


def test_a_uv_project_is_one_sync(tmp_path: Path) -> None:
    pkg = project(tmp_path, uv_managed=True)
    steps = plans.plan(pkg, "/usr/bin/python3.13", "/bin/uv", None, tmp_path)
    assert steps[0].chains == [[["/bin/uv", "sync", "--python", "/usr/bin/python3.13"]]]
    kept = plans.plan(dataclasses.replace(pkg, keeps_venv=True), "/x", "/bin/uv", None, tmp_path)
    assert kept[0].chains == [[["/bin/uv", "sync"]]], "uv keeps the .venv it has"


def test_every_chain_runs_to_its_end_and_the_failed_step_is_named(tmp_path: Path) -> None:
    niceness = tmp_path / "niceness"
    python = sys.executable
    steps = [
        plans.Step("fine", [[[python, "-c", "pass"]]]),
        plans.Step(
            "half fails",
            [[[python, "-c", "raise SystemExit(3)"]]],
            background=(
                [[python, "-c", f"import os; open({str(niceness)!r}, 'w').write({PRIORITY})"]],
            ),
        ),
        plans.Step("never", [[[python, "-c", "raise SystemExit(4)"]]]),
    ]
    assert running.run_steps(steps, tmp_path, {**os.environ}) == 1
    nice = "19" if hasattr(os, "setpriority") else "0"
    assert niceness.read_text() == str((nice, getattr(os, "SCHED_IDLE", None)))


# What a background chain reports of its priority: its nice value, and its scheduling policy
# where Linux has SCHED_IDLE (5).
PRIORITY = "str((str(os.nice(0)), os.sched_getscheduler(0) if hasattr(os, 'SCHED_IDLE') else None))"


def test_a_newer_python_is_found_in_pyenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    newer = [version for version in PYTHONS if version > f"3.{sys.version_info.minor}"]
    if not newer:
        pytest.skip("this machine has no CPython newer than the one running the tests")
    version = newer[0]
    python = tmp_path / "pyenv" / "versions" / f"{version}.0" / "bin" / "python3"
    python.parent.mkdir(parents=True)
    python.symlink_to(PYTHONS[version])
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    monkeypatch.setenv("PATH", os.defpath)  # no python3.X, no py, no uv
    minimum = tuple(int(part) for part in version.split("."))
    found = interpreters.find_python(minimum)
    assert found is not None and Path(found).resolve() == Path(PYTHONS[version]).resolve()


def test_no_python_is_found_when_none_is_new_enough(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "none"))
    monkeypatch.setenv("PATH", os.defpath)
    assert interpreters.find_python((3, 99)) is None


def test_the_set_up_looks_where_the_docs_say() -> None:
    """The prose of both READMEs is rendered from SEARCH_ORDER; the code must follow it."""
    assert tuple(name for name, _ in interpreters.SOURCES) == pythons.SEARCH_ORDER
    assert interpreters.searched() == pythons.searched()


def test_every_python_of_this_machine_is_found() -> None:
    """Each CPython pyenv built here that the template supports is found, so that a test
    meant for it fails rather than skips when the search goes wrong."""
    versions = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    oldest = pythons.version(CHOICES["python_min"][0])
    built = {
        "{}.{}".format(*pythons.version(path.name)[:2])
        for path in versions.glob("3.*")
        if (path / "bin" / "python3").is_file() and pythons.version(path.name)[:2] >= oldest
    }
    assert built and built <= set(PYTHONS), (built, PYTHONS)


def test_overwrite_leaves_a_venv_of_too_old_a_python_alone(tmp_path: Path) -> None:
    """The .venv of another project's Python is neither rewritten nor installed into."""
    project = tmp_path / "rust-module"
    project.mkdir()
    venv = project / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    before = (venv / "pyvenv.cfg").read_text(encoding="utf-8")
    newer = f"3.{sys.version_info.minor + 1}"
    result = run_cli("--overwrite-if-exists", f"python_min={newer}", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    minor = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert f"Left .venv as it was: it has Python {minor}, and the project needs {newer}" in (
        result.stderr
    )
    assert (venv / "pyvenv.cfg").read_text(encoding="utf-8") == before
    assert (project / "Cargo.toml").is_file()


def test_a_venv_of_a_newer_python_is_built_into_not_rewritten(tmp_path: Path) -> None:
    """Generating over a project whose .venv has a Python new enough: it is used as it is."""
    newer = max(PYTHONS, key=lambda version: int(version.split(".")[1]))
    if newer == f"3.{sys.version_info.minor}":
        pytest.skip("no CPython here is newer than the one running cookiecutter")
    project = tmp_path / "rust-module"
    project.mkdir()
    subprocess.run([PYTHONS[newer], "-m", "venv", str(project / ".venv")], check=True)
    before = (project / ".venv" / "pyvenv.cfg").read_text(encoding="utf-8")
    result = run_cli("--overwrite-if-exists", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"Building into the .venv that was here (Python {newer})" in result.stdout
    assert "Creating .venv" not in result.stdout and "Hello from Rust!" in result.stdout
    assert (project / ".venv" / "pyvenv.cfg").read_text(encoding="utf-8") == before


def test_missing_toolchain_keeps_the_project(tmp_path: Path) -> None:
    """With no cargo on PATH the hook explains, prints the retry commands and exits 0."""
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PATH": str(empty_bin)}
    result = run_cli(cwd=out, env=env)
    assert result.returncode == 0, result.stderr
    assert "cargo and rustc not found on PATH" in result.stderr
    assert "https://rustup.rs" in result.stderr
    assert "scripts/bootstrap.py" in result.stderr
    project = out / "rust-module"
    assert (project / "Cargo.toml").is_file()
    assert not (project / ".venv").exists()


@pytest.mark.skipif(os.name == "nt", reason="the printed commands are for a POSIX shell")
def test_the_commands_printed_without_a_toolchain_finish_the_build(tmp_path: Path) -> None:
    """Once Rust is there, the printed commands run as printed, in a new shell, and build it."""
    (tmp_path / "bin").mkdir()
    result = run_cli(cwd=tmp_path, env={**os.environ, "PATH": str(tmp_path / "bin")})
    commands = printed_commands(result.stderr, "in a new shell, run:\n")
    assert commands[0].startswith("cd ") and commands[-1].endswith("scripts/bootstrap.py")
    shell = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYO3_PYTHON"}}
    done = subprocess.run(
        " && ".join(commands), shell=True, env=shell, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Hello from Rust!" in done.stdout


def test_no_python_new_enough_skips_the_build(tmp_path: Path) -> None:
    """With no CPython >= python_min where the hook looks, it says so and prints the commands."""
    newer = f"{sys.version_info.major}.{sys.version_info.minor + 1}"
    if newer not in CHOICES["python_min"]:
        pytest.skip(f"python_min {newer} is not offered")
    env = {
        **os.environ,
        "PATH": path_without(tmp_path / "shims", "uv", f"python{newer}"),
        "PYENV_ROOT": str(tmp_path / "no-pyenv"),
    }
    out = tmp_path / "out"
    out.mkdir()
    result = run_cli(f"python_min={newer}", cwd=out, env=env)
    assert result.returncode == 0, result.stderr
    assert f"No CPython {newer} or later found" in result.stderr
    assert "scripts/bootstrap.py" in result.stderr.splitlines()[-1]
    assert "uv python install" not in result.stderr, "uv is not there to run it"
    assert (out / "rust-module" / "Cargo.toml").is_file()


def test_uv_project_without_uv_keeps_the_project(tmp_path: Path) -> None:
    """project_manager=uv on a machine without uv: the hook says how to get it, keeps all."""
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PATH": path_without(tmp_path / "path", "uv", "uvx")}
    result = run_cli("project_manager=uv", cwd=out, env=env)
    assert result.returncode == 0, result.stderr
    assert "uv not found on PATH" in result.stderr
    assert "pip install uv" in result.stderr
    assert "scripts/bootstrap.py" in result.stderr
    assert (out / "rust-module" / "src" / "lib.rs").is_file()
    assert not (out / "rust-module" / ".venv").exists()


def test_a_path_the_locale_cannot_encode_gets_a_note(tmp_path: Path) -> None:
    """LC_ALL=C and a path with an é: CPython 3.11 would not find the module; the hook says why."""
    out = tmp_path / "café"
    out.mkdir()
    env = {**os.environ, "LC_ALL": "C", "PATH": path_without(tmp_path / "path", "cargo", "rustc")}
    result = run_cli(cwd=out, env=env)
    assert result.returncode == 0, result.stderr
    assert "Note: this project's path is not ASCII" in result.stderr
    assert "export LC_ALL=C.UTF-8" in result.stderr


# The tests run on the python3 of .ci/run: these projects need a newer one than that.
# The oldest of them is a teammate's case; the others take the same path.
NEWER_THAN_PYTHON3 = [v for v in PYTHONS if minor(v) > sys.version_info.minor][:1]


@pytest.mark.parametrize("python_min", NEWER_THAN_PYTHON3)
def test_a_clone_is_set_up_by_one_command(python_min: str, tmp_path: Path) -> None:
    """A teammate's clone, in a shell whose python3 is older than the project: before the
    set-up cargo works; the README's commands, run as written, find a Python new enough,
    set up .venv with every program the README calls, and pass."""
    python3 = run(["python3", "-c", "import sys; print(sys.version_info[1])"], tmp_path).stdout
    assert int(python3) < int(python_min.split(".")[1]), "python3 is new enough already"
    origin = bake(tmp_path / "origin", python_min=python_min, project_name="Text Tools")
    run(["cargo", "generate-lockfile"], origin)  # as the first build would have, for the commit
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "generated"]):
        run(["git", *command], origin, env={**os.environ, **GIT_IDENTITY})
    clone = tmp_path / "clone"
    run(["git", "clone", "-q", str(origin), str(clone)], tmp_path)
    before = run(["cargo", "test"], clone, env=NEW_SHELL)
    assert re.search(r"test result: ok\. \d+ passed", before.stdout), "cargo before the set-up"

    readme = (clone / "README.md").read_text(encoding="utf-8")
    commands = readme_commands(readme, "Develop")
    result = run(["bash", "-e", "-c", "\n".join(commands)], clone, env=NEW_SHELL)
    minor = [
        str(clone / ".venv" / "bin" / "python"),
        "-c",
        "import sys; print(sys.version_info[1])",
    ]
    assert int(run(minor, clone).stdout) >= int(python_min.split(".")[1])
    assert "Session develop was successful" in result.stderr
    assert re.search(r"test result: ok\. \d+ passed", result.stdout), "cargo test did not run"
    venv = {path.name for path in (clone / ".venv" / "bin").iterdir()}
    called = {line.split()[0] for line in shell_blocks(readme)}
    assert called - PREREQUISITES <= venv, called - PREREQUISITES - venv
    assert {"pre-commit", "maturin"} <= venv, "the README's prose calls them too"
    assert run(["git", "status", "--porcelain"], clone).stdout == "", "the set-up left a diff"


def test_the_template_readmes_set_up_leaves_the_clone_clean(tmp_path: Path) -> None:
    """Step 1 of the template's README, as printed, in a fresh clone: the project lands beside
    the clone, built, a git repository of its own with pre-commit's hook, and the clone's
    `git status` stays empty."""
    clone = tmp_path / "cookiecutter-pyo3"
    run(["git", "clone", "-q", str(TEMPLATE), str(clone)], tmp_path)
    for name in run(["git", "ls-files", "-mo", "--exclude-standard", "-z"], TEMPLATE).stdout.split(
        "\0"
    ):
        if name and (TEMPLATE / name).is_file():  # the working tree, where it is ahead
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            (clone / name).write_bytes((TEMPLATE / name).read_bytes())
    run(["git", "add", "-A"], clone)
    run(
        ["git", "commit", "-q", "--allow-empty", "-m", "the working tree"],
        clone,
        env={**os.environ, **GIT_IDENTITY},
    )
    readme = (TEMPLATE / "README.md").read_text(encoding="utf-8")
    step = readme.split("# 1. ", 1)[1].splitlines()[1]
    env = {**NEW_SHELL, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    run(["bash", "-c", step], clone, env=env)
    assert run(["git", "status", "--porcelain"], clone).stdout == "", "the clone is left as it was"
    project = tmp_path / "rust-module"
    greet = "import rust_module; print(rust_module.my_module.greet())"
    assert (
        run([str(project / ".venv" / "bin" / "python"), "-c", greet], project).stdout.strip()
        == "Hello from Rust!"
    )
    top = run(["git", "rev-parse", "--show-toplevel"], project).stdout.strip()
    assert Path(top).resolve() == project.resolve()
    assert (project / ".git" / "hooks" / "pre-commit").is_file()


def test_inside_a_work_tree_the_project_is_left_to_that_repository(tmp_path: Path) -> None:
    """A monorepo: the project is no repository of its own, the hook says so, and the set-up
    installs no hook into the outer repository."""
    outer = tmp_path / "monorepo"
    outer.mkdir()
    run(["git", "init", "-q"], outer)
    result = run_cli("run_first_build=no", cwd=outer)
    assert result.returncode == 0, result.stderr
    project = outer / "rust-module"
    assert not (project / ".git").exists()
    assert f"is inside the git work tree of {outer}" in result.stderr
    assert plans.git_hook(plans.Project.load(project)) == []
