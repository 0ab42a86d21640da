"""Sets this project up: .venv on a CPython new enough for it, the tools, the build, the stubs.

    python3 scripts/bootstrap.py

Run it on a fresh clone, and again whenever you like: a step with nothing to do is quick.
`nox -s develop` runs it after a Rust edit, and the template's first build is this same file.
It finds a CPython the way `nox -s tests` does (interpreters.py), chooses a plan for this
machine (plans.py) and runs it (running.py); it needs nothing but the standard library, and
ends with what to run when something is missing. A uv project's set-up is `uv sync`; this
runs it, then writes the stubs.
"""

from __future__ import annotations

import argparse
import json
import locale
import os
import shlex
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from interpreters import Command, find_python, install_hint, probe, searched, version_tuple
from plans import Project, hook_finds_the_tools, place_stubs, plan, stubs_step
from running import Interrupted, hardened, run_steps, say, tell

ROOT = Path(__file__).resolve().parents[1]
# What a person types to run this; the template's hooks print the same.
COMMAND = f"{'py' if os.name == 'nt' else 'python3'} {Path('scripts', 'bootstrap.py')}"
# Without it, cargo builds against the first python on PATH (see `cargo_config`).
CARGO_CONFIG = """\
# Written by scripts/bootstrap.py, which made .venv: every cargo command (test, clippy, bench, and
# rust-analyzer's checks) builds against .venv's Python from any shell, with nothing activated.
# When PYO3_PYTHON is unset PyO3 takes VIRTUAL_ENV's python; `force` makes an activated venv of
# another project lose. Set PYO3_PYTHON to choose another Python. Not committed: a clone without
# .venv builds against the python on PATH until its own set-up writes this file.
[env]
VIRTUAL_ENV = { value = ".venv", relative = true, force = true }
"""


def shell(command: Command, root: Path) -> str:
    """A command as a person types it in the project directory, from a new shell."""

    def shown(part: str) -> str:
        path = Path(part)
        if path.is_absolute() and path.is_relative_to(root):
            return str(path.relative_to(root))
        if path.is_absolute() and shutil.which(path.name) == part:
            return path.name
        return part

    return shlex.join(shown(part) for part in command)


def again(project: Project, command: str = COMMAND) -> str:
    """The commands that finish or repeat the set-up, from a new shell, one per line."""
    return f"  cd {shlex.quote(str(project.root))}\n  {command}"


def forget_the_old_build(project: Project) -> bool:
    """Removes the extension module an earlier build left in the package, so that nothing
    (pytest) runs the old code after this build failed. Whether there was one."""
    package = project.root / "python" / project.module
    old = [path for path in package.glob("_core.*") if path.suffix != ".pyi"]
    for path in old:
        path.unlink()
    return bool(old)


def missing_tools(uv_managed: bool) -> dict[str, str]:
    """Tools the build needs but PATH lacks, each with how to install it."""
    rust = "Install Rust from https://rustup.rs (or your package manager)"
    needed = {"cargo": rust, "rustc": rust}
    if uv_managed:
        needed["uv"] = "Install uv with `pip install uv` or from https://docs.astral.sh/uv/"
    return {tool: hint for tool, hint in needed.items() if shutil.which(tool) is None}


def venv_python_version(project: Project) -> tuple[int, ...] | None:
    """The CPython version of an existing .venv, or None when it has none that runs."""
    code = "import sys; print(*sys.version_info[:2]) if sys.implementation.name == 'cpython' else 0"
    found = probe([str(project.python)], code)
    return tuple(int(part) for part in found.split()) if len(found.split()) == 2 else None


def adopt_venv(project: Project) -> tuple[Project, str | None]:
    """A .venv that is here is built into if its Python is new enough, else left as it is."""
    if not project.venv.exists():
        return project, None
    found = venv_python_version(project)
    wanted = ".".join(map(str, project.python_min))
    if found is None or found < project.python_min:
        have = "no Python that runs" if found is None else f"Python {'.'.join(map(str, found))}"
        return project, (
            f"Left .venv as it was: it has {have}, and the project needs {wanted} or later."
            " Remove .venv, then run:"
        )
    say(f"Building into the .venv that was here (Python {'.'.join(map(str, found))}).")
    return replace(project, keeps_venv=True), None


def tools_problem(project: Project, python: str | None) -> str | None:
    """Why the set-up cannot start on this machine, or None."""
    if python is None:
        wanted = ".".join(map(str, project.python_min))
        return (
            f"No CPython {wanted} or later found (looked at {searched()})."
            f" Install one, {install_hint(wanted)}, then run:"
        )
    if missing := missing_tools(project.uv_managed):
        hints = "; ".join(dict.fromkeys(missing.values()))
        return f"{' and '.join(missing)} not found on PATH. {hints}. Then, in a new shell, run:"
    return None


def note_locale(project: Project) -> None:
    """CPython before 3.13 reads the editable install's .pth file in the locale's encoding."""
    encoding = locale.getencoding()
    if not str(project.root).isascii() and encoding.lower().replace("-", "") != "utf8":
        tell(
            f"Note: this project's path is not ASCII and the locale's encoding is {encoding}, so"
            " Python may not find the module: use a UTF-8 locale (export LC_ALL=C.UTF-8)."
        )


def cargo_config(project: Project) -> None:
    """Points cargo at .venv's Python, unless a .cargo/config.toml is there already."""
    config = project.root / ".cargo" / "config.toml"
    if not config.exists():
        config.parent.mkdir(exist_ok=True)
        config.write_text(CARGO_CONFIG, encoding="utf-8")


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


def pip_installs_elsewhere(python: str) -> bool:
    """Whether `python -m pip --python OTHER` works: pip 22.3 brought `--python`."""
    version = probe([python], "import importlib.metadata as m; print(m.version('pip'))")
    return version_tuple(".".join(version.split(".")[:2])) >= (22, 3)


def set_up(project: Project, command: str = COMMAND) -> int:
    """Builds the project into .venv and writes its stubs; or says why not and what to run.

    `command`: what the person ran, which every message that asks to run it again names.
    """
    project, problem = adopt_venv(project)
    python = str(project.python) if project.keeps_venv else find_python(project.python_min)
    note_locale(project)
    if problem := problem or tools_problem(project, python):
        tell(problem, again(project, command))
        return 1
    assert python is not None  # for the type checker: tools_problem said why otherwise
    uv = shutil.which("uv")
    python_pip = uv is None and pip_installs_elsewhere(python)
    env = {**os.environ, "VIRTUAL_ENV": str(project.venv)}
    env.pop("CONDA_PREFIX", None)  # maturin refuses to choose between a venv and conda
    with tempfile.TemporaryDirectory(prefix="bootstrap-") as scratch:
        maturin = shutil.which("maturin")
        steps = plan(project, python, uv, maturin, Path(scratch), python_pip=python_pip)
        steps.append(stubs_step(project, Path(scratch, "stubs")))
        say(f"Setting up {project.root.name} with {python}: {len(steps)} steps.")
        try:
            failed = run_steps(steps, project.root, env)
        except Interrupted as stop:
            tell(f"\nStopped during: {stop}. Nothing is lost; to finish, run:")
            tell(again(project, command))
            return 130
        if failed is not None:
            tell(f"\nStopped at: {steps[failed].title}. Fix the problem shown above, then run:")
            tell(again(project, command))
            if forget_the_old_build(project):
                tell("The module the previous build left is removed: nothing runs the old code.")
            return 1
        place_stubs(project, Path(scratch, "stubs"))
    hook_finds_the_tools(project)
    project.stamp.write_text(json.dumps(project.requirements), encoding="utf-8")
    cargo_config(project)
    if not project.keeps_venv:  # the first set-up of this .venv: what comes next
        say(f"\nNext steps:\n{next_steps(project)}")
    return 0


def main() -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 (a clone's python3 may be older than the project)
        # tomllib came with 3.11: the set-up carries on under a Python new enough to read TOML.
        if newer := find_python((3, 11)):
            os.execv(newer, [newer, *sys.argv])
        tell(f"{COMMAND} needs Python 3.11 or later to run; install one, then run it.")
        return 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--command", default=COMMAND, help="what to tell a person to run again (nox -s develop)"
    )
    command = parser.parse_args().command
    hardened()
    project = Project.load(ROOT)
    try:
        return set_up(project, command)
    except (KeyboardInterrupt, Interrupted):
        tell("\nStopped. Nothing is lost; to finish, run:", again(project, command))
        return 130


if __name__ == "__main__":
    sys.exit(main())
