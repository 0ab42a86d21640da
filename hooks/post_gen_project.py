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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

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


Command = list[str]


class Step(NamedTuple):
    """One line of progress: chains of commands that run at the same time, each in order."""

    title: str
    chains: list[list[Command]]


def shell(command: Command) -> str:
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


def plan(python: str) -> list[Step]:
    """The steps of the first build, in the project directory.

    cargo compiles from the first second: .venv starts without pip, which is bootstrapped and
    given the test tools while the extension compiles (they touch different files). Only the
    editable install of the result waits for both.
    """
    uv, maturin = shutil.which("uv"), shutil.which("maturin")
    smoke = Step(f"Importing {MODULE}", [[[str(PYTHON), "-c", SMOKE]]])
    if UV_MANAGED:
        # One command: .venv, uv.lock, the test and lint groups, and the editable build.
        sync = [uv or "uv", "sync", "--python", python]
        return [Step("Creating .venv, uv.lock and the build (uv sync)", [[sync]]), smoke]
    if uv:
        seeded = [uv, "venv", "--seed", "--quiet", "--python", python, str(VENV)]
        venv = Step("Creating .venv with pip (uv)", [[seeded]])
        tools = [[uv, "pip", "install", "--quiet", "--python", str(PYTHON), *TEST_GROUP]]
    else:
        venv = Step("Creating .venv", [[[python, "-m", "venv", "--without-pip", str(VENV)]]])
        pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        tools = [[str(PYTHON), "-m", "ensurepip", "--default-pip"], [*pip, *TEST_GROUP]]
    maturin = maturin or str(BIN / "maturin")
    develop = [maturin, "develop"] + (["--uv"] if uv else [])
    # What `maturin develop` compiles (its profile, this interpreter), without needing pip yet.
    compile_ = [maturin, "build", "--profile", "editable", "--interpreter", str(PYTHON)]
    if maturin:
        title = "Compiling the extension while installing pip, pytest and nox"
        building = [Step(title, [[compile_], tools])]
    else:
        tools[-1] = [*tools[-1], "maturin>=1.13,<2"]
        building = [
            Step("Installing maturin, pytest and nox into .venv", [tools]),
            Step("Compiling the extension", [[compile_]]),
        ]
    return [
        venv,
        *building,
        Step("Installing the extension into .venv (maturin develop)", [[develop]]),
        smoke,
    ]


def run_chain(chain: list[Command], env: dict[str, str]) -> bool:
    """Runs commands one after another; False as soon as one fails or cannot start."""
    for command in chain:
        try:
            if subprocess.run(command, cwd=PROJECT, env=env, check=False).returncode:
                return False
        except OSError as error:
            print(f"      could not start {command[0]}: {error}", flush=True)
            return False
    return True


def run_steps(steps: list[Step]) -> int | None:
    """Runs the steps in order with progress and timings; returns the index of a failed step."""
    env = {**os.environ, "VIRTUAL_ENV": str(VENV)}
    env.pop("CONDA_PREFIX", None)  # maturin refuses to choose between a venv and conda
    for index, step in enumerate(steps):
        print(f"[{index + 1}/{len(steps)}] {step.title} ...", flush=True)
        started = time.monotonic()
        with ThreadPoolExecutor(len(step.chains)) as pool:
            # Every chain runs to its end, even after another failed.
            succeeded = list(pool.map(lambda chain: run_chain(chain, env), step.chains))
        if not all(succeeded):
            return index
        print(f"      done in {time.monotonic() - started:.1f}s", flush=True)
    return None


def report_failure(steps: list[Step], failed: int) -> None:
    """Says which step failed and prints the commands that finish the build by hand."""
    print(f"\nThe first build stopped at: {steps[failed].title}.", file=sys.stderr)
    print(f"Your project is complete and kept in {PROJECT}.", file=sys.stderr)
    print("Fix the problem shown above, then run:\n", file=sys.stderr)
    print_commands(steps[failed:])


def print_commands(steps: list[Step]) -> None:
    """The steps as commands to type in the project directory, for finishing by hand."""
    print(f"  cd {shlex.quote(str(PROJECT))}", file=sys.stderr)
    for step in steps:
        for chain in step.chains:
            for command in chain:
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
