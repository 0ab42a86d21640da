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
from pathlib import Path

CONTEXT = json.loads({{ cookiecutter | tojson | py_str }})
PROJECT = Path.cwd()
MODULE = CONTEXT["module_name"]
VENV = PROJECT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
SMOKE = f"import {MODULE}; print({MODULE}.my_module.greet())"
UV_MANAGED = CONTEXT["project_manager"] == "uv"


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


def plan() -> list[tuple[str, list[list[str]]]]:
    """The steps of the first build: a title and the commands it runs at once, in the project."""
    uv, maturin = shutil.which("uv"), shutil.which("maturin")
    if UV_MANAGED:
        # One command: .venv, uv.lock, the test and lint groups, and the editable build.
        sync = [uv or "uv", "sync", "--python", sys.executable]
        return [
            ("Creating .venv, uv.lock and the build (uv sync)", [sync]),
            (f"Importing {MODULE}", [[str(PYTHON), "-c", SMOKE]]),
        ]
    if uv:
        venv = [uv, "venv", "--quiet", "--python", sys.executable, str(VENV)]
        steps = [("Creating .venv (uv)", [venv])]
        install = [uv, "pip", "install", "--quiet", "--python", str(PYTHON)]
    else:
        steps = [("Creating .venv", [[sys.executable, "-m", "venv", str(VENV)]])]
        install = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if not maturin:
        steps.append(("Installing maturin into .venv", [[*install, "maturin>=1.10,<2"]]))
        maturin = str(BIN / "maturin")
    develop = [maturin, "develop"] + (["--uv"] if uv else [])
    # pytest installs into .venv while cargo compiles into the target directory: they touch
    # different files, so they run at once; the editable install of the result comes after.
    steps += [
        (
            "Compiling the extension while installing pytest",
            [[*develop, "--skip-install"], [*install, "pytest>=8"]],
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
    python_min = tuple(int(part) for part in CONTEXT["python_min"].split("."))
    if sys.version_info[:2] < python_min:
        print(
            f"\nSkipping the first build: this Python is {sys.version_info.major}."
            f"{sys.version_info.minor}, the project needs {CONTEXT['python_min']} or later.\n"
            f"Your project is in {PROJECT}; build it with a newer Python, see README.md.",
            file=sys.stderr,
        )
        return 0
    steps = plan()
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
    print(f"\nFirst build of {PROJECT.name}: {len(steps)} steps.", flush=True)
    failed = run_steps(steps)
    if failed is not None:
        report_failure(steps, failed)
        return 0
    print_next_steps()
    return 0


if __name__ == "__main__":
    sys.exit(main())
