"""The generated project's set-up, scripts/bootstrap.py, and the first build that runs it.

The set-up is the project's: plain steps, one after another, each quick when it has nothing
to do, which a teammate's clone runs as the first build did. These tests run it as a program
(`--check` says which steps have work), through cookiecutter's first build, and from a clone;
the first build's overlap of the compile and the installs (cookiecutter_pyo3.first_build) is
the template's, and never reaches the project.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bootstrap import find_python
from kit import (
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

# What the set-up may hold, and what it must not: the project's own, read in one sitting.
SET_UP_LINES = 300
SCHEDULING = ["threading", "ThreadPool", "sched_setscheduler", "setpriority", "os.nice", "warm"]


def check(project: Path, *options: str, env: dict[str, str] | None = None) -> str:
    """What `bootstrap.py --check` says of a project."""
    command = [sys.executable, "scripts/bootstrap.py", "--check", *options]
    done = subprocess.run(
        command, cwd=project, capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode in {0, 1}, done.stderr
    return done.stdout + done.stderr


def test_the_set_up_is_plain_and_small() -> None:
    """scripts/ holds the set-up alone, at most 300 lines, with no threads, process
    priorities or warm-ups: what serves only the first build is the template's."""
    scripts = TEMPLATE / "{{cookiecutter.project_slug}}" / "scripts"
    assert [path.name for path in scripts.iterdir()] == ["bootstrap.py"]
    text = (scripts / "bootstrap.py").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= SET_UP_LINES
    assert not [word for word in SCHEDULING if word in text]


def test_check_says_which_python_and_what_is_left(tmp_path: Path) -> None:
    """On a fresh project every step has work; `--python` chooses the Python, and says so."""
    project = bake(tmp_path)
    said = check(project)
    assert f"Python 3.{sys.version_info.minor} ({sys.executable})" in said
    assert "the first CPython >= 3.11 found; --python PATH chooses another" in said
    assert "to do: venv, tools, build, stubs, hook" in said
    assert said.rstrip().endswith(f"cd {project}\n  python3 scripts/bootstrap.py")
    assert not (project / ".venv").exists(), "--check changes nothing"
    other = PYTHONS[max(PYTHONS, key=minor)]
    assert f"({other})" in check(project, "--python", other)


def test_a_newer_python_is_found_in_pyenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    newer = [version for version in PYTHONS if minor(version) > sys.version_info.minor]
    if not newer:
        pytest.skip("this machine has no CPython newer than the one running the tests")
    version = newer[0]
    python = tmp_path / "pyenv" / "versions" / f"{version}.0" / "bin" / "python3"
    python.parent.mkdir(parents=True)
    python.symlink_to(PYTHONS[version])
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    monkeypatch.setenv("PATH", os.defpath)  # no python3.X, no py, no uv
    found = find_python((3, minor(version)))
    assert found is not None and Path(found[1]).resolve() == Path(PYTHONS[version]).resolve()


def test_no_python_is_found_when_none_is_new_enough(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "none"))
    monkeypatch.setenv("PATH", os.defpath)
    assert find_python((3, 99)) is None


def test_every_python_of_this_machine_is_found() -> None:
    """Each CPython pyenv built here that the template supports is found, so that a test
    meant for it fails rather than skips when the search goes wrong."""
    versions = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    built = {
        ".".join(path.name.split(".")[:2])
        for path in versions.glob("3.*")
        if (path / "bin" / "python3").is_file() and minor(path.name) >= 11
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
    had = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert f".venv has Python {had}, and the project needs {newer}: remove .venv" in result.stderr
    assert (venv / "pyvenv.cfg").read_text(encoding="utf-8") == before
    assert (project / "Cargo.toml").is_file()


def test_a_venv_of_a_newer_python_is_built_into_not_rewritten(tmp_path: Path) -> None:
    """Generating over a project whose .venv has a Python new enough: it is used as it is."""
    newer = max(PYTHONS, key=minor)
    if minor(newer) == sys.version_info.minor:
        pytest.skip("no CPython here is newer than the one running cookiecutter")
    project = tmp_path / "rust-module"
    project.mkdir()
    subprocess.run([PYTHONS[newer], "-m", "venv", str(project / ".venv")], check=True)
    before = (project / ".venv" / "pyvenv.cfg").read_text(encoding="utf-8")
    result = run_cli("--overwrite-if-exists", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"with the .venv that is here (Python {newer})" in result.stdout
    assert (project / ".venv" / "pyvenv.cfg").read_text(encoding="utf-8") == before
    greet = [str(project / ".venv" / "bin" / "python"), "-c", "import rust_module"]
    run(greet, project)


def test_missing_toolchain_keeps_the_project(tmp_path: Path) -> None:
    """With no cargo on PATH the hook explains, prints the retry commands and exits 0."""
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    result = run_cli(cwd=out, env={**os.environ, "PATH": str(empty_bin)})
    assert result.returncode == 0, result.stderr
    assert "cargo and rustc not found: install Rust from https://rustup.rs" in result.stderr
    assert result.stderr.rstrip().endswith("python3 scripts/bootstrap.py")
    project = out / "rust-module"
    assert (project / "Cargo.toml").is_file()
    assert not (project / ".venv").exists()


@pytest.mark.skipif(os.name == "nt", reason="the printed commands are for a POSIX shell")
def test_the_commands_printed_without_a_toolchain_finish_the_build(tmp_path: Path) -> None:
    """Once Rust is there, the printed commands run as printed, in a new shell, and build it;
    run again, the set-up has no steps to redo but the build's."""
    (tmp_path / "bin").mkdir()
    result = run_cli(cwd=tmp_path, env={**os.environ, "PATH": str(tmp_path / "bin")})
    commands = printed_commands(result.stderr, "Then run:\n")
    assert commands[0].startswith("cd ") and commands[-1].endswith("scripts/bootstrap.py")
    shell = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYO3_PYTHON"}}
    done = subprocess.run(
        " && ".join(commands), shell=True, env=shell, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Next steps:" in done.stdout
    project = tmp_path / "rust-module"
    assert "to do: build, stubs" in check(project), "venv, tools and hook are done"
    again = subprocess.run(
        " && ".join(commands), shell=True, env=shell, capture_output=True, text=True, check=False
    )
    assert again.returncode == 0, again.stderr
    assert "Next steps:" not in again.stdout, "said once, at the first set-up"


def test_no_python_new_enough_skips_the_build(tmp_path: Path) -> None:
    """With no CPython >= python_min where the hook looks, it says so and prints the commands."""
    newer = f"{sys.version_info.major}.{sys.version_info.minor + 1}"
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
    assert result.stderr.rstrip().endswith("python3 scripts/bootstrap.py")
    assert (out / "rust-module" / "Cargo.toml").is_file()


def test_uv_project_without_uv_keeps_the_project(tmp_path: Path) -> None:
    """project_manager=uv on a machine without uv: the hook says how to get it, keeps all."""
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PATH": path_without(tmp_path / "path", "uv", "uvx")}
    result = run_cli("project_manager=uv", cwd=out, env=env)
    assert result.returncode == 0, result.stderr
    assert "uv not found" in result.stderr and "https://docs.astral.sh/uv" in result.stderr
    assert result.stderr.rstrip().endswith("python3 scripts/bootstrap.py")
    assert (out / "rust-module" / "src" / "lib.rs").is_file()
    assert not (out / "rust-module" / ".venv").exists()


def test_a_path_the_locale_cannot_encode_gets_a_note(tmp_path: Path) -> None:
    """LC_ALL=C and a path with an é: CPython 3.11 would not find the module; the hook says why."""
    out = tmp_path / "café"
    out.mkdir()
    env = {**os.environ, "LC_ALL": "C", "PATH": path_without(tmp_path / "path", "cargo", "rustc")}
    result = run_cli(cwd=out, env=env)
    assert result.returncode == 0, result.stderr
    assert "Note: this project's path is not ASCII" in result.stdout
    assert "export LC_ALL=C.UTF-8" in result.stdout


def test_without_uv_the_first_build_fetches_one_and_keeps_none(tmp_path: Path) -> None:
    """No uv on PATH: the first build installs the tools with a uv fetched for it (the set-up
    alone would use pip), and nothing of that uv stays; .venv has pip for later builds."""
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PATH": path_without(tmp_path / "path", "uv", "uvx")}
    result = run_cli(cwd=out, env=env)
    assert result.returncode == 0, result.stderr
    venv = out / "rust-module" / ".venv"
    assert "Installed rust-module" in result.stdout + result.stderr
    assert (venv / "bin" / "pip").exists() and not (venv / "bin" / "uv").exists()
    assert not list(Path(os.environ.get("TMPDIR", "/tmp")).glob("first-build-*"))
    assert "ensurepip" not in result.stdout + result.stderr, "uv installed the tools"


# The tests run on the python3 of .ci/run: these projects need a newer one than that.
# The oldest of them is a teammate's case; the others take the same path.
NEWER_THAN_PYTHON3 = [v for v in PYTHONS if minor(v) > sys.version_info.minor][:1]


@pytest.mark.parametrize("python_min", NEWER_THAN_PYTHON3)
def test_a_clone_is_set_up_by_one_command(python_min: str, tmp_path: Path) -> None:
    """A teammate's clone, in a shell whose python3 is older than the project: before the
    set-up cargo works; the README's commands, run as written, find a Python new enough,
    set up .venv with every program the README calls, and pass."""
    python3 = run(["python3", "-c", "import sys; print(sys.version_info[1])"], tmp_path).stdout
    assert int(python3) < minor(python_min), "python3 is new enough already"
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
    version = [
        str(clone / ".venv" / "bin" / "python"),
        "-c",
        "import sys; print(sys.version_info[1])",
    ]
    assert int(run(version, clone).stdout) >= minor(python_min)
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
    listed = run(["git", "ls-files", "-mo", "--exclude-standard", "-z"], TEMPLATE).stdout
    for name in listed.split("\0"):
        if name and (TEMPLATE / name).is_file():  # the working tree, where it is ahead
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            (clone / name).write_bytes((TEMPLATE / name).read_bytes())
    run(["git", "add", "-A"], clone)
    commit = ["git", "commit", "-q", "--allow-empty", "-m", "the working tree"]
    run(commit, clone, env={**os.environ, **GIT_IDENTITY})
    readme = (TEMPLATE / "README.md").read_text(encoding="utf-8")
    step = readme.split("# 1. ", 1)[1].splitlines()[1]
    env = {**NEW_SHELL, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    run(["bash", "-c", step], clone, env=env)
    assert run(["git", "status", "--porcelain"], clone).stdout == "", "the clone is left as it was"
    project = tmp_path / "rust-module"
    greet = "import rust_module; print(rust_module.my_module.greet())"
    python = str(project / ".venv" / "bin" / "python")
    assert run([python, "-c", greet], project).stdout.strip() == "Hello from Rust!"
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
    assert "to do: venv, tools, build, stubs\n" in result.stderr, "no hook step: no repository"
