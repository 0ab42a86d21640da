"""Build the new project once, so that `import <module>` works straight away.

Why a hook: a template that only writes files leaves the user to find a Python, the venv,
maturin and the test commands on their own. Whatever happens here the hook exits 0, because
cookiecutter deletes the whole project when a hook fails, and a missing compiler is no reason
to lose it: every failure is reported with the exact commands that finish the job by hand.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

# cookiecutter fills this in as JSON; a raw string keeps the file Python before rendering too.
ANSWERS = r"""{{ cookiecutter | tojson }}"""
# The template's choice lists: the newest python_min offered bounds the search for a Python.
DECLARED = r"""{{ template_choices() | tojson }}"""

Command = list[str]


class Step(NamedTuple):
    """One line of progress: chains of commands that run at the same time, each in order."""

    title: str
    chains: list[list[Command]]
    # Chains run at the lowest CPU priority beside the others: on a machine with few cores
    # pip's installs then fill the compiler's idle time instead of slowing it down.
    background: tuple[list[Command], ...] = ()


@dataclass(frozen=True)
class Project:
    """The generated project, as the first build sees it."""

    root: Path
    module: str
    python_min: tuple[int, ...]
    uv_managed: bool
    test_group: list[str]
    maturin: str  # the project's build requirement, when maturin must be installed
    editable_profile: str  # the cargo profile of `maturin develop`

    @classmethod
    def load(cls, answers: dict, root: Path) -> Project:
        # pip before 25.1 cannot install dependency groups, so the hook reads the group itself.
        pyproject = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))
        return cls(
            root=root,
            module=answers["module_name"],
            python_min=tuple(int(part) for part in answers["python_min"].split(".")),
            uv_managed=answers["project_manager"] == "uv",
            test_group=pyproject["dependency-groups"]["test"],
            maturin=pyproject["build-system"]["requires"][0],
            editable_profile=pyproject["tool"]["maturin"]["editable-profile"],
        )

    @property
    def venv(self) -> Path:
        return self.root / ".venv"

    @property
    def bin(self) -> Path:
        return self.venv / ("Scripts" if os.name == "nt" else "bin")

    @property
    def python(self) -> Path:
        return self.bin / ("python.exe" if os.name == "nt" else "python")

    @property
    def smoke(self) -> Command:
        code = f"import {self.module}; print({self.module}.my_module.greet())"
        return [str(self.python), "-c", code]


def shell(command: Command, root: Path) -> str:
    """A command as the user would type it in the project directory."""

    def shown(part: str) -> str:
        path = Path(part)
        if path.is_absolute() and path.is_relative_to(root):
            return str(path.relative_to(root))
        if path.is_absolute() and shutil.which(path.name) == part:
            return path.name
        return part

    return shlex.join(shown(part) for part in command)


def python_candidates(python_min: tuple[int, ...], newest: tuple[int, ...]) -> list[Command]:
    """Commands that may start a CPython new enough for the project, the likeliest first.

    cookiecutter is often installed once, with an older Python than a new project asks for;
    the first build should then use a newer one that is already on the machine.
    """
    wanted = [f"3.{minor}" for minor in range(python_min[1], newest[1] + 1)][::-1]
    candidates = [[sys.executable]]
    candidates += [[found] for v in wanted if (found := shutil.which(f"python{v}"))]
    if launcher := shutil.which("py"):  # Windows
        candidates += [[launcher, f"-{v}"] for v in wanted]
    pyenv_root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    for version in sorted(Path(pyenv_root, "versions").glob("3.*"), reverse=True):
        candidates += [[str(version / "bin" / "python3")], [str(version / "python.exe")]]
    if uv := shutil.which("uv"):
        request = ".".join(map(str, python_min))
        found = subprocess.run(
            [uv, "python", "find", "--no-project", f">={request}"],
            capture_output=True,
            text=True,
            check=False,
        )
        candidates += [[found.stdout.strip()]] if found.returncode == 0 else []
    return candidates


def probe(command: Command, code: str) -> str:
    """What a Python prints for `code`, or "" when it cannot be run."""
    try:
        found = subprocess.run(
            [*command, "-c", code], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return found.stdout.strip() if found.returncode == 0 else ""


def find_python(python_min: tuple[int, ...], newest: tuple[int, ...]) -> str | None:
    """The first candidate that runs and is CPython >= python_min, as its own full path."""
    code = (
        "import sys; print(sys.executable if sys.implementation.name == 'cpython' "
        f"and sys.version_info >= {python_min} else '')"
    )
    for command in python_candidates(python_min, newest):
        if Path(command[0]).is_file() and (found := probe(command, code)):
            return found
    return None


def pip_installs_elsewhere(python: str) -> bool:
    """Whether `python -m pip --python OTHER` works: pip 22.3 brought `--python`."""
    version = probe([python], "import importlib.metadata as m; print(m.version('pip'))")
    return tuple(int(part) for part in version.split(".")[:2] if part.isdigit()) >= (22, 3)


def plan(
    project: Project, python: str, uv: str | None, maturin: str | None, *, python_pip: bool = False
) -> list[Step]:
    """The steps of the first build, given the Python to use and where uv and maturin are.

    cargo compiles from the first second, and the test tools install in the background
    meanwhile (they touch different files). With uv, `maturin develop --uv` compiles and installs
    in one go. Without it, .venv starts without pip, which is installed in the background while
    the extension compiles; only the editable install of the result waits for both.
    `python_pip`: `python` has a pip that can install into another interpreter (`--python`).
    """
    smoke = Step(f"Importing {project.module}", [[project.smoke]])
    if project.uv_managed:
        # One command: .venv, uv.lock, the test and lint groups, and the editable build.
        sync = [uv or "uv", "sync", "--python", python]
        return [Step("Creating .venv, uv.lock and the build (uv sync)", [[sync]]), smoke]
    venv_python = str(project.python)
    if uv:
        seeded = [uv, "venv", "--seed", "--quiet", "--python", python, str(project.venv)]
        venv = Step("Creating .venv with pip (uv)", [[seeded]])
        tools = [[uv, "pip", "install", "--quiet", "--python", venv_python, *project.test_group]]
    else:
        venv = Step(
            "Creating .venv", [[[python, "-m", "venv", "--without-pip", str(project.venv)]]]
        )
        pip_args = ["install", "--quiet", "--disable-pip-version-check", *project.test_group]
        if python_pip:
            # ensurepip runs pip from a zip (3 s of CPU) before a second pip starts; one run of
            # the interpreter's own pip leaves the compile more of the machine, and gives .venv
            # the current pip, which knows `pip install --group`.
            tools = [[python, "-m", "pip", "--python", venv_python, *pip_args, "pip"]]
        else:
            ensurepip = [venv_python, "-m", "ensurepip", "--default-pip"]
            tools = [ensurepip, [venv_python, "-m", "pip", *pip_args]]
    maturin_path = maturin or str(project.bin / "maturin")
    develop = [maturin_path, "develop", *(["--uv"] if uv else [])]
    install = Step("Installing the extension into .venv (maturin develop)", [[develop]])
    if not maturin:
        tools[-1] = [*tools[-1], project.maturin]
        return [
            venv,
            Step("Installing maturin, pytest and nox into .venv", [tools]),
            install,
            smoke,
        ]
    if uv:
        # uv locks .venv (`.venv/.lock`), so its two installs take turns.
        title = "Compiling the extension into .venv while installing pytest and nox"
        return [venv, Step(title, [[develop]], background=(tools,)), smoke]
    # What `maturin develop` compiles (its profile, this interpreter), without needing pip yet.
    # develop skips auditwheel too; on a 10 MB debug build the check takes half a second.
    compile_ = [maturin_path, "build", "--profile", project.editable_profile]
    compile_ += ["--interpreter", venv_python, "--auditwheel", "skip"]
    title = "Compiling the extension while installing pip, pytest and nox"
    return [venv, Step(title, [[compile_]], background=(tools,)), install, smoke]


def run_chain(chain: list[Command], root: Path, env: dict[str, str], *, nice: bool) -> bool:
    """Runs commands one after another; False as soon as one fails or cannot start."""
    for command in chain:
        try:
            with subprocess.Popen(command, cwd=root, env=env) as process:
                if nice and hasattr(os, "setpriority"):  # POSIX; its children inherit it
                    os.setpriority(os.PRIO_PROCESS, process.pid, 19)
                if process.wait():
                    return False
        except OSError as error:
            print(f"      could not start {command[0]}: {error}", flush=True)
            return False
    return True


def run_steps(steps: list[Step], project: Project) -> int | None:
    """Runs the steps in order with progress and timings; returns the index of a failed step."""
    env = {**os.environ, "VIRTUAL_ENV": str(project.venv)}
    env.pop("CONDA_PREFIX", None)  # maturin refuses to choose between a venv and conda
    for index, step in enumerate(steps):
        print(f"[{index + 1}/{len(steps)}] {step.title} ...", flush=True)
        started = time.monotonic()
        chains = [(chain, False) for chain in step.chains]
        chains += [(chain, True) for chain in step.background]
        with ThreadPoolExecutor(len(chains)) as pool:
            # Every chain runs to its end, even after another failed.
            runs = [pool.submit(run_chain, c, project.root, env, nice=n) for c, n in chains]
            succeeded = [run.result() for run in runs]
        if not all(succeeded):
            return index
        print(f"      done in {time.monotonic() - started:.1f}s", flush=True)
    return None


def print_commands(steps: list[Step], root: Path) -> None:
    """The steps as commands to type in the project directory, for finishing by hand."""
    print(f"  cd {shlex.quote(str(root))}", file=sys.stderr)
    for step in steps:
        for chain in [*step.chains, *step.background]:
            for command in chain:
                print(f"  {shell(command, root)}", file=sys.stderr)


def missing_tools(uv_managed: bool) -> dict[str, str]:
    """Tools the build needs but PATH lacks, each with how to install it."""
    rust = "Install Rust from https://rustup.rs (or your package manager)"
    needed = {"cargo": rust, "rustc": rust}
    if uv_managed:
        needed["uv"] = "Install uv with `pip install uv` or from https://docs.astral.sh/uv/"
    return {tool: hint for tool, hint in needed.items() if shutil.which(tool) is None}


def next_steps(project: Project) -> str:
    """What to type next, once the project builds."""
    pytest = [str(project.python), "-m", "pytest"]
    lines = [
        (f"cd {shlex.quote(str(project.root))}", ""),
        ("uv run pytest" if project.uv_managed else shell(pytest, project.root), "Python tests"),
        ("cargo test", "Rust tests, with an embedded interpreter"),
        (shell(project.smoke, project.root), ""),
    ]
    width = max(len(command) for command, note in lines if note)
    return "\n".join(
        f"  {command.ljust(width)}  # {note}" if note else f"  {command}" for command, note in lines
    )


def main() -> int:
    answers = json.loads(ANSWERS)
    project = Project.load(answers, Path.cwd())
    if not answers["run_first_build"]:
        print(f"\nCreated {project.root}. Build it with `maturin develop` (see README.md).")
        return 0
    offered = [tuple(map(int, v.split("."))) for v in json.loads(DECLARED)["python_min"]]
    python = find_python(project.python_min, max(offered))
    if python is None:
        wanted = answers["python_min"]
        print(
            f"\nSkipping the first build: no CPython {wanted} or later found (this one is "
            f"{sys.version_info.major}.{sys.version_info.minor}; looked on PATH, in pyenv and "
            f"with uv). Install one, for example with `uv python install {wanted}`, then run:\n",
            file=sys.stderr,
        )
        print_commands(plan(project, f"python{wanted}", None, "maturin"), project.root)
        return 0
    uv = shutil.which("uv")
    python_pip = uv is None and pip_installs_elsewhere(python)
    steps = plan(project, python, uv, shutil.which("maturin"), python_pip=python_pip)
    missing = missing_tools(project.uv_managed)
    if missing:
        hints = "; ".join(dict.fromkeys(missing.values()))
        print(
            f"\nSkipping the first build: {' and '.join(missing)} not found on PATH.\n"
            f"{hints}. Then open a new shell and run:\n",
            file=sys.stderr,
        )
        print_commands(steps, project.root)
        return 0
    print(f"\nFirst build of {project.root.name} with {python}: {len(steps)} steps.", flush=True)
    failed = run_steps(steps, project)
    if failed is not None:
        print(f"\nThe first build stopped at: {steps[failed].title}.", file=sys.stderr)
        print(f"Your project is complete and kept in {project.root}.", file=sys.stderr)
        print("Fix the problem shown above, then run:\n", file=sys.stderr)
        print_commands(steps[failed:], project.root)
        return 0
    print(f"\nNext steps:\n{next_steps(project)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
