"""Bad answers stop generation with one line naming the field, and leave nothing behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from helpers import PYTHONS, TEMPLATE, bake, path_without, project_files, run_cli

BAD_ANSWERS = [
    ("module_name", "class", "module_name 'class' is a Python keyword"),
    ("module_name", "async", "module_name 'async' is a Python keyword"),
    ("module_name", "json", "module_name 'json' would shadow the standard-library module"),
    ("module_name", "test", "module_name 'test' would shadow the standard-library module"),
    ("module_name", "sys", "module_name 'sys' would shadow the standard-library module"),
    ("module_name", "3d_tools", "module_name '3d_tools' must be an ASCII Python identifier"),
    ("module_name", "my-module", "module_name 'my-module' must be an ASCII Python identifier"),
    ("module_name", "모듈", "module_name '모듈' must be an ASCII Python identifier"),
    ("module_name", "_private", "module_name '_private' must not start with '_'"),
    ("project_slug", "../escape", "project_slug '../escape' must be 1-100 lower-case letters"),
    ("project_slug", "two words", "project_slug 'two words' must be"),
    ("project_slug", "a/b", "project_slug 'a/b' must be 1-100 lower-case letters"),
    ("project_slug", "..", "project_slug '..' must be 1-100 lower-case letters"),
    ("project_slug", "Upper", "project_slug 'Upper' must be"),
    ("project_slug", "-dash", "project_slug '-dash' must be"),
    ("version", "1.0-banana", "version '1.0-banana' must be MAJOR[.MINOR[.PATCH]]"),
    ("version", "one", "version 'one' must be MAJOR[.MINOR[.PATCH]]"),
    ("version", "1.0.post1", "version '1.0.post1' must be MAJOR[.MINOR[.PATCH]]"),
    ("author_email", "not-an-address", "author_email 'not-an-address' does not look like"),
    ("author_email", "a@b", "author_email 'a@b' does not look like"),
    ("project_name", "   ", "project_name is empty"),
    ("project_name", "🦀🦀", "project_slug is empty: give project_name a letter or digit"),
    # Cargo's SemVer: no leading zeros, numbers that fit in 64 bits.
    ("version", "1.0.0rc01", "version '1.0.0rc01' is '1.0.0-rc.01' in Cargo.toml, which Cargo"),
    ("version", "01.2.3", "version '01.2.3' is '01.2.3' in Cargo.toml, which Cargo refuses"),
    ("version", f"{2**64}.0.0", "in Cargo.toml, which Cargo refuses"),
    # Names the first build's own installs hold in .venv.
    ("module_name", "pip", "module_name 'pip' is the name of a package the first build installs"),
    ("module_name", "pytest", "module_name 'pytest' is the name of a package the first build"),
    ("module_name", "maturin", "module_name 'maturin' is the name of a package the first build"),
    # A very long value is quoted short.
    (
        "project_slug",
        "a" * 10_000,
        "project_slug '" + "a" * 56 + "... must be",
    ),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_ANSWERS)
def test_bad_answer_is_one_clear_line(tmp_path: Path, field: str, value: str, message: str) -> None:
    extra = [f"{field}={value}"]
    if field == "project_slug":
        extra.append("module_name=valid_name")
    result = run_cli(*extra, "run_first_build=no", cwd=tmp_path)
    assert result.returncode != 0
    output = (result.stdout + result.stderr).splitlines()
    errors = [line for line in output if "error: " in line]
    assert len(errors) == 1, output
    assert message in errors[0]
    assert len(errors[0]) < 300, "the line quotes the value whole"
    assert "Traceback (most recent call last):" not in output, output
    assert list(tmp_path.iterdir()) == [], "a failed generation left files behind"
    assert not (tmp_path.parent / "escape").exists()


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    result = run_cli("module_name=class", "version=x", "author_email=nope", cwd=tmp_path)
    errors = [line for line in result.stdout.splitlines() if line.startswith("error: ")]
    assert [line.split()[1] for line in errors] == ["module_name", "version", "author_email"]


@pytest.mark.parametrize(
    ("module_name", "crate_name"),
    [
        ("match", "match_rs"),  # Python soft keyword, Rust keyword
        ("type", "type_rs"),
        ("case", "case"),  # Python soft keyword only
        ("fn", "fn_rs"),
        ("impl", "impl_rs"),
        ("self", "self_rs"),
        ("crate", "crate_rs"),
        ("core", "core_rs"),  # Rust's own core crate
        ("pyo3", "pyo3_rs"),  # a dependency of the crate
    ],
)
def test_names_reserved_only_in_rust_are_accepted(
    tmp_path: Path, module_name: str, crate_name: str
) -> None:
    project = bake(tmp_path, module_name=module_name)
    assert (project / "python" / module_name / "__init__.py").is_file()
    assert f'name = "{crate_name}"' in (project / "Cargo.toml").read_text(encoding="utf-8")


def test_empty_email_is_allowed(tmp_path: Path) -> None:
    project = bake(tmp_path, author_email="")
    assert "email" not in (project / "pyproject.toml").read_text(encoding="utf-8")


def record_replay(tmp_path: Path, *answers: str) -> tuple[Path, Path]:
    """Generates once with cookiecutter's replay recording on; returns (project, replay file)."""
    replay_dir = tmp_path / "replay"
    config = tmp_path / "config.yaml"
    config.write_text(f"replay_dir: {json.dumps(str(replay_dir))}\n")
    out = tmp_path / "first"
    out.mkdir()
    result = run_cli("--config-file", str(config), "run_first_build=no", *answers, cwd=out)
    assert result.returncode == 0, result.stderr
    (replay,) = replay_dir.glob("*.json")
    (project,) = out.iterdir()
    return project, replay


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


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        # cookiecutter checks choices only when it prompts; the hook checks replays too.
        ("license", "WTFPL", "error: license 'WTFPL' is not one of: MIT, Apache-2.0"),
        # No prompt lets a NUL through, and no source file can hold one.
        ("description", "before\x00after", "error: description contains a NUL character"),
    ],
)
def test_a_replayed_answer_no_prompt_would_give(
    tmp_path: Path, field: str, value: str, message: str
) -> None:
    _, replay = record_replay(tmp_path)
    recorded = json.loads(replay.read_text(encoding="utf-8"))
    recorded["cookiecutter"][field] = value
    replay.write_text(json.dumps(recorded), encoding="utf-8")
    out = tmp_path / "second"
    out.mkdir()
    result = run_cli(cwd=out, replay=replay)
    assert result.returncode != 0
    assert message in result.stderr
    assert list(out.iterdir()) == []


def test_overwrite_names_the_files_it_replaced(tmp_path: Path) -> None:
    first = run_cli("run_first_build=no", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    readme = tmp_path / "rust-module" / "README.md"
    readme.write_text("my notes", encoding="utf-8")
    again = run_cli("--overwrite-if-exists", "run_first_build=no", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "Replaced 1 files that were here: README.md" in again.stderr
    assert not list(Path(tempfile.gettempdir()).glob("cookiecutter-pyo3-*.json"))


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


def test_overwrite_keeps_files_the_user_added(tmp_path: Path) -> None:
    project = tmp_path / "rust-module"
    project.mkdir()
    (project / "NOTES.md").write_text("mine")
    failed = run_cli("--overwrite-if-exists", "version=bad", cwd=tmp_path)
    assert failed.returncode != 0
    assert (project / "NOTES.md").read_text() == "mine"
    done = run_cli("--overwrite-if-exists", "run_first_build=no", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (project / "NOTES.md").read_text() == "mine"
    assert (project / "Cargo.toml").is_file()


def test_existing_directory_is_refused_without_overwrite(tmp_path: Path) -> None:
    (tmp_path / "rust-module").mkdir()
    (tmp_path / "rust-module" / "NOTES.md").write_text("mine")
    result = run_cli("run_first_build=no", cwd=tmp_path)
    assert result.returncode != 0
    assert (tmp_path / "rust-module" / "NOTES.md").read_text() == "mine"


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


def printed_commands(output: str, after: str) -> list[str]:
    """The commands the hook printed after `after`, as a person would type them."""
    lines = output.split(after, 1)[1].splitlines()
    return [line.strip() for line in lines if line.startswith("  ")]


def run_in_a_new_shell(commands: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    shell = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYO3_PYTHON"}}
    return subprocess.run(
        " && ".join(commands), shell=True, cwd=cwd, env=shell, capture_output=True, text=True,
        check=False,
    )  # fmt: skip


@pytest.mark.skipif(os.name == "nt", reason="a terminal's Ctrl-C is a POSIX process group here")
def test_ctrl_c_during_the_first_build_keeps_the_project_and_the_way_to_finish(
    tmp_path: Path,
) -> None:
    """Ctrl-C reaches cookiecutter, the hook and cargo alike: no traceback from the hook, and the
    commands it prints finish the build from a new shell, whatever state .venv was left in."""
    command = [sys.executable, "-m", "cookiecutter", "--no-input", str(TEMPLATE)]
    with subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,  # a process group of its own, as in a terminal
    ) as generate:  # fmt: skip
        assert generate.stdout is not None
        for line in generate.stdout:
            if line.startswith("[2/"):  # compiling, and installing pip meanwhile
                break
        time.sleep(1)
        os.killpg(generate.pid, signal.SIGINT)
        out, err = generate.communicate(timeout=300)
    assert "Stopped during: Compiling the extension" in err, out + err
    hook = err.split("Stopped during:", 1)[1]
    assert "Traceback" not in hook, err
    project = tmp_path / "rust-module"
    assert (project / "Cargo.toml").is_file()
    commands = printed_commands(hook, "to finish, run:\n")
    done = run_in_a_new_shell(
        [*commands, ".venv/bin/python -m pytest -q -p no:cacheprovider"], tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Hello from Rust!" in done.stdout and " passed" in done.stdout


def test_a_path_the_locale_cannot_encode_gets_a_note(tmp_path: Path) -> None:
    """LC_ALL=C and a path with an é: CPython 3.11 would not find the module; the hook says why."""
    out = tmp_path / "café"
    out.mkdir()
    env = {**os.environ, "LC_ALL": "C", "PATH": path_without(tmp_path / "path", "cargo", "rustc")}
    result = run_cli(cwd=out, env=env)
    assert result.returncode == 0, result.stderr
    assert "Note: this project's path is not ASCII" in result.stderr
    assert "export LC_ALL=C.UTF-8" in result.stderr


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


def test_no_python_new_enough_skips_the_build(tmp_path: Path) -> None:
    """With no CPython >= python_min where the hook looks, it says so and prints the commands."""
    newer = f"{sys.version_info.major}.{sys.version_info.minor + 1}"
    if newer not in TEMPLATE.joinpath("cookiecutter.json").read_text():
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


def test_template_given_as_relative_path(tmp_path: Path) -> None:
    """`cookiecutter .` from a clone: hooks run elsewhere and must not depend on the cwd."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cookiecutter",
            "--no-input",
            ".",
            "-o",
            str(tmp_path),
            "run_first_build=no",
        ],
        cwd=TEMPLATE,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "rust-module" / "Cargo.toml").is_file()


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
