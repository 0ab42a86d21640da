"""The hooks: the guard of the first build, generating over a project, and the head start.

The hook scripts are a few lines that call the `cookiecutter_pyo3` package; these tests run them as
cookiecutter does (rendered, as loose files) and call the package's functions. The head start
(first_build.head_start, first_build.worker) runs at a real terminal: each of those tests gives
cookiecutter a cache directory of its own (XDG_CACHE_HOME) and so finds the worker, its cargo
and their files by it; whatever way the generate ends, none may be left.
"""

from __future__ import annotations

import ast
import filecmp
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pexpect
import pytest

from kit import (
    DECLARED_ORDER,
    TEMPLATE,
    VALID_ANSWERS,
    answer,
    path_without,
    printed_commands,
    processes_with,
    run_cli,
)


def guarded(tmp_path: Path, body: str) -> list[str]:
    """A command that runs the post-generation hook's guard around `body`, as its `main`."""
    script = tmp_path / "guarded.py"
    script.write_text(
        "import pathlib, sys, time\n"
        f"sys.path.insert(0, {str(TEMPLATE)!r})\n"
        "from cookiecutter_pyo3 import first_build\n"
        "def main(project, template, *, build_now):\n"
        + "".join(f"    {line}\n" for line in body.splitlines())
        + "first_build.main = main\n"
        "sys.exit(first_build.guarded(pathlib.Path.cwd(), None, build_now=True))\n",
        encoding="utf-8",
    )
    return [sys.executable, str(script)]


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("raise RuntimeError('boom')", "stopped on an unexpected RuntimeError: boom"),
        ("raise KeyboardInterrupt", "Stopped. Nothing is lost."),
        ("first_build.tell('Created /tmp/caf\\u00e9')", "Created /tmp/caf\\xe9"),
    ],
)
def test_the_hook_exits_0_whatever_happens(tmp_path: Path, body: str, said: str) -> None:
    """An exception, Ctrl-C, a character stderr cannot encode: one line, exit 0."""
    result = subprocess.run(
        guarded(tmp_path, body),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert said in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_a_signal_stops_the_hook_with_exit_0(tmp_path: Path) -> None:
    command = guarded(tmp_path, "print('started', flush=True)\ntime.sleep(60)")
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as hook:
        assert hook.stdout is not None and hook.stdout.readline() == "started\n"
        hook.send_signal(signal.SIGTERM)
        _, err = hook.communicate(timeout=60)
    assert hook.returncode == 0 and "Stopped." in err and "Traceback" not in err, err


def test_a_closed_pipe_does_not_fail_the_hook(tmp_path: Path) -> None:
    """`cookiecutter ... | head -1`: the reader goes away, the hook carries on to exit 0."""
    reader, writer = os.pipe()
    os.close(reader)
    body = "for n in range(10000):\n    first_build.tell(f'line {n}')"
    with os.fdopen(writer, "w") as closed:
        result = subprocess.run(
            guarded(tmp_path, body), stdout=closed, stderr=subprocess.PIPE, text=True, check=False
        )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr and "Exception ignored" not in result.stderr


def test_a_rendered_hook_holds_the_template_path_and_no_answer() -> None:
    """cookiecutter writes each rendered hook into TMPDIR: it holds the template's path, which
    reaches the hook as the same string whatever its characters, and none of the answers."""
    path = '/tmp/a """ b \\ c\n\'d\' \\'
    context = {**VALID_ANSWERS, "author_email": "someone@example.org", "_repo_dir": path}
    source = (TEMPLATE / "hooks" / "post_gen_project.py").read_text(encoding="utf-8")
    rendered = jinja2.Environment().from_string(source).render(cookiecutter=context)
    assert "someone@example.org" not in rendered and "rust_module" not in rendered
    (given,) = (
        node.value.args[0]  # GIVEN = json.loads(r"""...""")
        for node in ast.walk(ast.parse(rendered))
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "GIVEN"
    )
    assert json.loads(ast.literal_eval(given))["template"] == path


def test_overwrite_names_the_files_it_replaced(tmp_path: Path) -> None:
    first = run_cli("run_first_build=no", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    readme = tmp_path / "rust-module" / "README.md"
    readme.write_text("my notes", encoding="utf-8")
    again = run_cli("--overwrite-if-exists", "run_first_build=no", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "Replaced 1 files that were here: README.md" in again.stderr


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


def tree(root: Path) -> dict[str, bytes | str]:
    """Each entry below `root`: a file's contents, a link's target, a folder's "/"."""
    return {
        path.relative_to(root).as_posix(): (
            str(path.readlink())
            if path.is_symlink()
            else "/"
            if path.is_dir()
            else path.read_bytes()
        )
        for path in root.rglob("*")
    }


def test_overwrite_never_writes_through_a_link_or_skips_a_file(tmp_path: Path) -> None:
    """A licence shared by a link, docs in a linked folder, a folder where a file goes: each is
    named, and nothing is written, here or where the links point."""
    out, shared = tmp_path / "out", tmp_path / "shared"
    out.mkdir()
    first = run_cli("run_first_build=no", cwd=out)
    assert first.returncode == 0, first.stderr
    project = out / "rust-module"
    shared.mkdir()
    (shared / "LICENSE").write_text("the monorepo's licence", encoding="utf-8")
    (project / "LICENSE-MIT").unlink()
    (project / "LICENSE-MIT").symlink_to(shared / "LICENSE")
    (project / "docs").rename(shared / "docs")
    (project / "docs").symlink_to(shared / "docs")
    (project / "build.rs").unlink()
    (project / "build.rs").mkdir()
    before = tree(tmp_path)
    again = run_cli("--overwrite-if-exists", "run_first_build=no", "description=new", cwd=out)
    assert again.returncode == 1
    lines = again.stderr.splitlines()
    named = ["error: LICENSE-MIT", "error: build.rs", "error: docs"]
    assert [line.split(" is a ")[0] for line in lines] == named, lines
    assert f"(to {shared / 'LICENSE'}): the template's file would be written through it" in lines[0]
    assert "is a folder where the template writes a file" in lines[1]
    assert f"(to {shared / 'docs'}): the template's files would be written through it" in lines[2]
    assert all(line.endswith(f"(in {project})") for line in lines)
    assert tree(tmp_path) == before


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of 700 KiB: room for a project (about 400 KiB) and a filler to take the rest."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=700k", "tmpfs", str(disk)]
    if subprocess.run(mount, capture_output=True, check=False).returncode != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def fill(disk: Path, *, leave_kib: int) -> None:
    free = os.statvfs(disk)
    with (disk / "filler").open("wb") as filler:
        filler.write(b"\0" * max(0, free.f_bavail * free.f_frsize - leave_kib * 1024))


def test_a_full_disk_is_one_line_and_no_half_project(small_disk: Path) -> None:
    fill(small_disk, leave_kib=100)
    result = run_cli("run_first_build=no", cwd=small_disk)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: No space left on device; {small_disk / 'rust-module'} is removed"
    ]
    assert sorted(path.name for path in small_disk.iterdir()) == ["filler"]


def test_a_full_disk_under_overwrite_gives_back_the_files_it_replaced(small_disk: Path) -> None:
    first = run_cli("run_first_build=no", cwd=small_disk)
    assert first.returncode == 0, first.stderr
    project = small_disk / "rust-module"
    (project / "README.md").write_text("my notes", encoding="utf-8")
    (project / "NOTES.md").write_text("mine", encoding="utf-8")
    (project / "Cargo.toml").unlink()  # a file the run adds again
    before = tree(project)
    fill(small_disk, leave_kib=40)
    long = f"description={'x' * 30_000}"  # more than the room left
    again = run_cli("--overwrite-if-exists", "run_first_build=no", long, cwd=small_disk)
    assert again.returncode == 1
    assert again.stderr.splitlines() == [
        f"error: No space left on device; {project} holds what it held before the run"
    ]
    assert tree(project) == before


def test_existing_directory_is_refused_without_overwrite(tmp_path: Path) -> None:
    (tmp_path / "rust-module").mkdir()
    (tmp_path / "rust-module" / "NOTES.md").write_text("mine")
    result = run_cli("run_first_build=no", cwd=tmp_path)
    assert result.returncode != 0
    assert (tmp_path / "rust-module" / "NOTES.md").read_text() == "mine"


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
            if line.startswith("[2/"):  # installing the tools, the compile beside them
                break
        time.sleep(1)
        os.killpg(generate.pid, signal.SIGINT)
        out, err = generate.communicate(timeout=300)
    assert generate.returncode == 0, out + err  # as the template's README says
    assert "Aborted!" not in err
    # The set-up says it, or the hook when the stop came between the set-up's steps.
    assert "Stopped. Nothing is lost" in err, out + err
    hook = err.split("Stopped.", 1)[1]
    assert "Traceback" not in hook, err
    project = tmp_path / "rust-module"
    assert (project / "Cargo.toml").is_file()
    commands = printed_commands(hook, ", run:\n")
    done = run_in_a_new_shell(
        [*commands, ".venv/bin/python -m pytest -q -p no:cacheprovider"], tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Next steps:" in done.stdout and " passed" in done.stdout


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds processes through /proc")
@pytest.mark.parametrize("stop", ["SIGTERM to cookiecutter", "a closed terminal"])
def test_a_stop_during_the_first_build_stops_everything_it_started(
    stop: str, tmp_path: Path
) -> None:
    """cookiecutter killed alone (the hook sees it go), or SIGHUP to the terminal's process
    group: the set-up stops its pip, maturin and cargo and says how to finish; the project is
    kept."""
    marker = f"COOKIECUTTER_PYO3_TEST={tmp_path}"
    env = {**os.environ, marker.split("=")[0]: str(tmp_path)}
    command = [sys.executable, "-m", "cookiecutter", "--no-input", str(TEMPLATE)]
    with subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
    ) as generate:  # fmt: skip
        assert generate.stdout is not None
        for line in generate.stdout:
            if line.startswith("[2/"):
                break
        time.sleep(1)
        if stop == "a closed terminal":
            os.killpg(generate.pid, signal.SIGHUP)
        else:
            generate.send_signal(signal.SIGTERM)
        generate.wait(timeout=60)
        deadline = time.monotonic() + 30
        while (left := processes_with(marker)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not left, left
        rest = generate.stderr.read() if generate.stderr else ""
    assert "Stopped. Nothing is lost" in rest, rest
    assert rest.rstrip().endswith("python3 scripts/bootstrap.py"), rest
    assert (tmp_path / "rust-module" / "Cargo.toml").is_file()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds processes through /proc")
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_stopped_set_up_leaves_nothing_running(stop: signal.Signals, tmp_path: Path) -> None:
    """The signal to scripts/bootstrap.py alone (not its process group): it stops what it
    started before it says so, and exits 130; nothing installs on after it."""
    created = run_cli("run_first_build=no", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    project = tmp_path / "rust-module"
    marker = f"COOKIECUTTER_PYO3_TEST={tmp_path}"
    env = {**os.environ, marker.split("=")[0]: str(tmp_path)}
    env.pop("VIRTUAL_ENV", None)
    with subprocess.Popen(
        [sys.executable, "scripts/bootstrap.py"], cwd=project, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    ) as setup:  # fmt: skip
        assert setup.stdout is not None
        for line in setup.stdout:
            if line.startswith("[1/"):
                break
        time.sleep(2)  # pip and cargo under way
        setup.send_signal(stop)
        _, err = setup.communicate(timeout=60)
    assert setup.returncode == 130, err
    assert not processes_with(marker), processes_with(marker)
    assert "Nothing is lost; to finish, run:" in err, err


def test_a_program_that_calls_cookiecutter_keeps_its_ctrl_c_and_its_project(tmp_path: Path) -> None:
    """The guard's Ctrl-C note and its undo act during the generate alone: afterwards Ctrl-C
    interrupts the program, and an OSError of the program's own removes nothing."""
    program = f"""
import os, signal, time
from cookiecutter.main import cookiecutter
cookiecutter({str(TEMPLATE)!r}, no_input=True, extra_context={{"run_first_build": False}})
try:
    signal.raise_signal(signal.SIGINT)
    time.sleep(1)
except KeyboardInterrupt:
    print("interrupted")
open("/nonexistent/file")
"""
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.stdout == "interrupted\n", done.stdout + done.stderr
    assert "FileNotFoundError" in done.stderr  # Python's own traceback
    assert (tmp_path / "rust-module" / "Cargo.toml").is_file()


# Each question's number at cookiecutter's prompt ([3/15]), from cookiecutter.json's order.
PROMPT = {name: number for number, name in enumerate(DECLARED_ORDER, start=1)}
# What is not the template's output: the first build's, and Python's.
BUILT = {
    *{"target", ".venv", "Cargo.lock", ".cargo", "__pycache__", ".pytest_cache", ".hypothesis"},
    *{".benchmarks", ".git"},  # pytest-benchmark's folder; the first build's git hook
}


def environment(sandbox: Path, **changes: str) -> dict[str, str]:
    """A cache directory and a TMPDIR of the test's own, inside `sandbox`."""
    (sandbox / "tmp").mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in {"COOKIECUTTER_PYO3_CACHE"}}
    cache, tmp = str(sandbox / "cache"), str(sandbox / "tmp")
    return {**env, "XDG_CACHE_HOME": cache, "TMPDIR": tmp, **changes}


SPAWNED: list[pexpect.spawn] = []


@pytest.fixture(autouse=True)
def no_cookiecutter_outlives_its_test() -> Iterator[None]:
    """A failed test stops its cookiecutters too, and so their workers."""
    yield
    while SPAWNED:
        SPAWNED.pop().terminate(force=True)


def spawn(out: Path, env: dict[str, str], *args: str) -> pexpect.spawn:
    command = ["-m", "cookiecutter", str(TEMPLATE), *args]
    child = pexpect.spawn(sys.executable, command, cwd=out, env=env, encoding="utf-8", timeout=300)
    SPAWNED.append(child)
    return child


# A user's own entries where the hooks work: a folder named like a run whose process is gone,
# and a file, in the cache and in TMPDIR. Every generate must leave them be.
FOREIGN = {"run-999999": "a folder", "notes.txt": "a file"}


def plant_foreign_entries(sandbox: Path) -> None:
    for folder in (sandbox / "cache" / "cookiecutter-pyo3", sandbox / "tmp"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "run-999999").mkdir()
        (folder / "run-999999" / "data").write_text("mine", encoding="utf-8")
        (folder / "notes.txt").write_text("mine", encoding="utf-8")


def runs(sandbox: Path) -> list[Path]:
    found = (sandbox / "cache" / "cookiecutter-pyo3").glob("run-*")
    return [run for run in found if run.name not in FOREIGN]


def wait_for(condition, seconds: float = 120) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def log_of(run: Path) -> str:
    try:
        return (run / "worker.log").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def compiling(sandbox: Path) -> bool:
    """The worker's cargo has started on the crates."""
    return any((run / "target").is_dir() for run in runs(sandbox))


def leftovers(sandbox: Path) -> list[str]:
    """The processes that carry the sandbox's cache in their environment, its run directories,
    and whatever is in its TMPDIR: the template's copy, the rendered hooks and their answers."""
    found = processes_with(f"XDG_CACHE_HOME={sandbox / 'cache'}")
    temporary = [str(p) for p in (sandbox / "tmp").iterdir() if p.name not in FOREIGN]
    return found + [str(run) for run in runs(sandbox)] + temporary


def nothing_left(sandbox: Path) -> None:
    """Nothing of the run is left, and the user's own entries (if planted) are all there."""
    try:
        wait_for(lambda: not leftovers(sandbox), seconds=20)
    except AssertionError:
        pytest.fail(f"left behind: {leftovers(sandbox)}")
    for folder in (sandbox / "cache" / "cookiecutter-pyo3", sandbox / "tmp"):
        if (folder / "notes.txt").exists():
            assert (folder / "run-999999" / "data").read_text(encoding="utf-8") == "mine"


def test_answers_at_a_prompt_give_the_same_project_and_a_green_first_build(
    tmp_path: Path,
) -> None:
    """The defaults typed at the prompts, after the worker finished: its crates are taken, the
    first build compiles none that needs no interpreter (syn, PyO3's macros with the features
    the project gives them), pytest passes, and the files are those of `--no-input`."""
    typed, plain = tmp_path / "typed", tmp_path / "plain"
    typed.mkdir(), plain.mkdir()
    env = environment(tmp_path)
    env.pop("CARGO_TARGET_DIR", None)  # the project's own target directory takes the crates
    child = spawn(typed, env)
    answer(child, until=PROMPT["run_first_build"])
    wait_for(lambda: any("built" in log_of(run) for run in runs(tmp_path)))
    child.sendline("")
    child.expect(pexpect.EOF)
    output = child.before
    child.close()
    assert child.exitstatus == 0, output
    assert re.search(r"Compiled while you answered: \d+ crates \(.*syn", output), output
    assert "Updating crates.io index" not in output, "the worker's Cargo.lock is taken"
    free = "syn|pyo3-macros-backend|pyo3-macros|pyo3-build-config|thiserror-impl"
    assert not re.search(rf"Compiling\S* ({free}) ", output), output
    assert "Next steps:" in output
    project = typed / "rust-module"
    pytest_run = pexpect.run(
        f"{project}/.venv/bin/python -m pytest -q -p no:cacheprovider",
        cwd=project, env=env, withexitstatus=True, encoding="utf-8", timeout=300,
    )  # fmt: skip
    assert pytest_run[1] == 0 and " passed" in pytest_run[0], pytest_run[0]
    nothing_left(tmp_path)

    command = [sys.executable, "-m", "cookiecutter", "--no-input", str(TEMPLATE)]
    quiet = environment(tmp_path, COOKIECUTTER_PYO3_CACHE="off")
    pexpect.run(" ".join([*command, "run_first_build=no"]), cwd=plain, env=quiet)
    assert differences(project, plain / "rust-module") == [], differences(
        project, plain / "rust-module"
    )
    answers = [
        json.loads((root / ".cookiecutter.json").read_text(encoding="utf-8"))
        for root in (project, plain / "rust-module")
    ]
    # The same answers, but for where the template and the output were, and the first build.
    kept = [{k: v for k, v in a.items() if k[0] != "_" and k != "run_first_build"} for a in answers]
    assert kept[0] == kept[1]


def differences(left: Path, right: Path) -> list[str]:
    """Files in one tree and not the other, or different, but for the first build's."""
    differ = filecmp.dircmp(left, right, ignore=[*BUILT, ".cookiecutter.json"])
    found = [*differ.left_only, *differ.right_only, *differ.diff_files, *differ.funny_files]
    found = [name for name in found if not name.endswith(".so")]  # the built extension
    for name in differ.common_dirs:
        found += differences(left / name, right / name)
    return found


def test_nothing_compiles_without_cargo(tmp_path: Path) -> None:
    env = environment(tmp_path, PATH=path_without(tmp_path / "path", "cargo", "rustc"))
    (tmp_path / "out").mkdir()
    child = spawn(tmp_path / "out", env, "--no-input", "run_first_build=no")
    child.expect(pexpect.EOF)
    child.close()
    assert "in the background" not in child.before
    assert not (tmp_path / "cache" / "cookiecutter-pyo3").exists()
    nothing_left(tmp_path)


STOPS = ["ctrl-c at a prompt", "run_first_build=no", "a bad answer", "--no-input", "two at once"]


@pytest.mark.parametrize("stop", STOPS)
def test_every_way_to_stop_leaves_nothing_running_and_nothing_behind(
    stop: str, tmp_path: Path
) -> None:
    env = environment(tmp_path)
    plant_foreign_entries(tmp_path)
    if stop == "--no-input":  # the first build on, in the suite's shared target directory
        (tmp_path / "out").mkdir()
        child = spawn(tmp_path / "out", env, "--no-input")
        child.expect(pexpect.EOF)
        child.close()
        assert "Next steps:" in child.before
        nothing_left(tmp_path)
        return
    places = [tmp_path / name for name in ("a", "b")[: 1 + (stop == "two at once")]]
    for place in places:
        place.mkdir()
    children = [spawn(place, env) for place in places]
    wait_for(lambda: compiling(tmp_path) and len(runs(tmp_path)) == len(children))
    for index, child in enumerate(children):
        if stop == "ctrl-c at a prompt":
            answer(child, until=PROMPT["module_name"])
            child.sendintr()
        elif stop == "a bad answer":
            answer(child, {PROMPT["module_name"]: "class"})
        else:
            answer(
                child, {PROMPT["project_name"]: f"Project {index}", PROMPT["run_first_build"]: "n"}
            )
        child.expect(pexpect.EOF)
        child.close()
    if stop == "two at once":
        assert len({child.pid for child in children}) == 2
    nothing_left(tmp_path)
