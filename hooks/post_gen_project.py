"""Build the new project once, so that `import <module>` works straight away.

Why a hook: a template that only writes files leaves the user to find the venv, maturin and
test commands on their own. Whatever happens here the hook exits 0, because cookiecutter
deletes the whole project when a hook fails, and a missing compiler is no reason to lose it:
every failure is reported with the exact commands that finish the job by hand.
"""

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

CONTEXT = json.loads({{ cookiecutter | tojson | py_str }})
PROJECT = Path.cwd()
MODULE = CONTEXT["module_name"]
VENV = PROJECT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
SMOKE = f"import {MODULE}; print({MODULE}.my_module.greet())"
PYTHON_MIN = tuple(int(part) for part in CONTEXT["python_min"].split("."))
NEWEST_MINOR = 14
UV_MANAGED = CONTEXT["project_manager"] == "uv"
# pip before 25.1 cannot install dependency groups, so the hook reads the group itself.
TEST_GROUP = tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))["dependency-groups"]["test"]


def shell(command: list[str]) -> str:
    """A command as the user would type it in the project directory."""

    def shown(part: str) -> str:
        path = Path(part)
        if path.is_absolute() and path.is_relative_to(PROJECT):
            return str(path.relative_to(PROJECT))
        if path.is_absolute() and shutil.which(path.name) == part:
            return path.name
        return part

    return shlex.join(shown(part) for part in command)


def python_candidates() -> list[list[str]]:
    """Commands that may start a CPython new enough for the project, the likeliest first.

    cookiecutter is often installed once, with an older Python than a new project asks for;
    the first build should then use a newer one that is already on the machine.
    """
    wanted = [f"3.{minor}" for minor in range(PYTHON_MIN[1], NEWEST_MINOR + 1)][::-1]
    candidates = [[sys.executable]]
    candidates += [[found] for v in wanted if (found := shutil.which(f"python{v}"))]
    if launcher := shutil.which("py"):  # Windows
        candidates += [[launcher, f"-{v}"] for v in wanted]
    pyenv_root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    for version in sorted(Path(pyenv_root, "versions").glob("3.*"), reverse=True):
        candidates += [[str(version / "bin" / "python3")], [str(version / "python.exe")]]
    if uv := shutil.which("uv"):
        found = subprocess.run(
            [uv, "python", "find", "--no-project", f">={CONTEXT['python_min']}"],
            capture_output=True,
            text=True,
            check=False,
        )
        candidates += [[found.stdout.strip()]] if found.returncode == 0 else []
    return candidates


def find_python() -> str | None:
    """The first candidate that runs and is CPython >= python_min, as its own full path."""
    probe = (
        "import sys; print(sys.executable if sys.implementation.name == 'cpython' "
        f"and sys.version_info >= {PYTHON_MIN} else '')"
    )
    for command in python_candidates():
        if not Path(command[0]).is_file():
            continue
        try:
            found = subprocess.run(
                [*command, "-c", probe], capture_output=True, text=True, timeout=30, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.strip()
    return None


def plan(python: str) -> list[tuple[str, list[list[str]]]]:
    """The steps of the first build: a title and the commands it runs at once, in the project."""
    uv, maturin = shutil.which("uv"), shutil.which("maturin")
    if UV_MANAGED:
        # One command: .venv, uv.lock, the test and lint groups, and the editable build.
        sync = [uv or "uv", "sync", "--python", python]
        return [
            ("Creating .venv, uv.lock and the build (uv sync)", [sync]),
            (f"Importing {MODULE}", [[str(PYTHON), "-c", SMOKE]]),
        ]
    if uv:
        venv = [uv, "venv", "--quiet", "--python", python, str(VENV)]
        steps = [("Creating .venv (uv)", [venv])]
        install = [uv, "pip", "install", "--quiet", "--python", str(PYTHON)]
    else:
        steps = [("Creating .venv", [[python, "-m", "venv", str(VENV)]])]
        install = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if not maturin:
        steps.append(("Installing maturin into .venv", [[*install, "maturin>=1.10,<2"]]))
        maturin = str(BIN / "maturin")
    develop = [maturin, "develop"] + (["--uv"] if uv else [])
    # The test tools install into .venv while cargo compiles into the target directory: they
    # touch different files, so they run at once; the editable install of the result comes after.
    steps += [
        (
            "Compiling the extension while installing pytest and nox",
            [[*develop, "--skip-install"], [*install, *TEST_GROUP]],
        ),
        ("Installing the extension into .venv (maturin develop)", [develop]),
        (f"Importing {MODULE}", [[str(PYTHON), "-c", SMOKE]]),
    ]
    return steps


def run_steps(steps: list[tuple[str, list[list[str]]]]) -> int | None:
    """Runs the steps in order with progress and timings; returns the index of a failed step."""
    env = {**os.environ, "VIRTUAL_ENV": str(VENV)}
    env.pop("CONDA_PREFIX", None)  # maturin refuses to choose between a venv and conda
    for index, (title, commands) in enumerate(steps):
        print(f"[{index + 1}/{len(steps)}] {title} ...", flush=True)
        started = time.monotonic()
        running, failed = [], False
        for command in commands:
            try:
                running.append(subprocess.Popen(command, cwd=PROJECT, env=env))
            except OSError as error:
                print(f"      could not start {command[0]}: {error}", flush=True)
                failed = True
        exit_codes = [process.wait() for process in running]  # every one, even after a failure
        if failed or any(exit_codes):
            return index
        print(f"      done in {time.monotonic() - started:.1f}s", flush=True)
    return None


def report_failure(steps: list[tuple[str, list[list[str]]]], failed: int) -> None:
    """Says which step failed and prints the commands that finish the build by hand."""
    title = steps[failed][0]
    print(f"\nThe first build stopped at: {title}.", file=sys.stderr)
    print(f"Your project is complete and kept in {PROJECT}.", file=sys.stderr)
    print("Fix the problem shown above, then run:\n", file=sys.stderr)
    print_commands(steps[failed:])


def print_commands(steps: list[tuple[str, list[list[str]]]]) -> None:
    """The steps as commands to type in the project directory, for finishing by hand."""
    print(f"  cd {shlex.quote(str(PROJECT))}", file=sys.stderr)
    for _, commands in steps:
        for command in commands:
            print(f"  {shell(command)}", file=sys.stderr)


def missing_tools() -> dict[str, str]:
    """Tools the build needs but PATH lacks, each with how to install it."""
    rust = "Install Rust from https://rustup.rs (or your package manager)"
    needed = {"cargo": rust, "rustc": rust}
    if UV_MANAGED:
        needed["uv"] = "Install uv with `pip install uv` or from https://docs.astral.sh/uv/"
    return {tool: hint for tool, hint in needed.items() if shutil.which(tool) is None}


def print_next_steps() -> None:
    """What to type next, once the project builds."""
    tests = "uv run pytest" if UV_MANAGED else shell([str(PYTHON), "-m", "pytest"])
    print(
        "\nNext steps:\n"
        f"  cd {shlex.quote(str(PROJECT))}\n"
        f"  {tests}        # Python tests\n"
        "  cargo test                         # Rust tests, with an embedded interpreter\n"
        f"  {shell([str(PYTHON), '-c', SMOKE])}"
    )


def main() -> int:
    if not CONTEXT["run_first_build"]:
        print(f"\nCreated {PROJECT}. Build it with `maturin develop` (see README.md).")
        return 0
    python = find_python()
    if python is None:
        print(
            f"\nSkipping the first build: no CPython {CONTEXT['python_min']} or later found (this "
            f"one is {sys.version_info.major}.{sys.version_info.minor}; looked on PATH, in pyenv "
            "and with uv). Install one, for example with `uv python install "
            f"{CONTEXT['python_min']}`, then run:\n",
            file=sys.stderr,
        )
        print_commands(plan(f"python{CONTEXT['python_min']}"))
        return 0
    steps = plan(python)
    missing = missing_tools()
    if missing:
        hints = "; ".join(dict.fromkeys(missing.values()))
        print(
            f"\nSkipping the first build: {' and '.join(missing)} not found on PATH.\n"
            f"{hints}. Then open a new shell and run:\n",
            file=sys.stderr,
        )
        print_commands(steps)
        return 0
    print(f"\nFirst build of {PROJECT.name} with {python}: {len(steps)} steps.", flush=True)
    failed = run_steps(steps)
    if failed is not None:
        report_failure(steps, failed)
        return 0
    print_next_steps()
    return 0


if __name__ == "__main__":
    sys.exit(main())
