"""Sets this project up: .venv on a CPython new enough for it, the tools, the build, the stubs.

    python3 scripts/bootstrap.py

Run it on a fresh clone, and again whenever you like: a step with nothing to do is quick.
`nox -s develop` runs it after a Rust edit, and the template's first build is this same file.
It looks for a suitable CPython the way `nox -s tests` does (PATH, the py launcher, pyenv, uv),
needs nothing but the standard library, and ends with what to run when something is missing.
A uv project's set-up is `uv sync`; this runs it, then writes the stubs.
"""

from __future__ import annotations

import json
import locale
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple, TextIO

Command = list[str]
ROOT = Path(__file__).resolve().parents[1]
# The newest CPython minor version to look for; later ones are found when they are newer.
NEWEST_MINOR = 20
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


class Step(NamedTuple):
    """One line of progress: chains of commands that run at the same time, each in order."""

    title: str
    chains: list[list[Command]]
    # Chains run at the lowest CPU priority beside the others: on a machine with few cores
    # pip's installs then fill the compiler's idle time instead of slowing it down.
    background: tuple[list[Command], ...] = ()


@dataclass(frozen=True)
class Project:
    """This project, as pyproject.toml describes it."""

    root: Path
    module: str
    python_min: tuple[int, ...]
    uv_managed: bool
    # What .venv gets: the groups the README's commands need, and maturin.
    requirements: list[str]
    maturin: str
    editable_profile: str
    # A usable .venv is there already: it is built into, not made.
    keeps_venv: bool = False

    @classmethod
    def load(cls, root: Path) -> Project:
        import tomllib  # here, not above: `main` first finds a Python that has it

        pyproject = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))
        groups = pyproject["dependency-groups"]
        maturin = pyproject["tool"]["maturin"]
        return cls(
            root=root,
            module=maturin["module-name"].split(".")[0],
            python_min=version_tuple(pyproject["project"]["requires-python"].lstrip(">=")),
            uv_managed=pyproject["tool"]["uv"].get("managed", True),
            requirements=[*groups["test"], *groups["lint"], *groups["tools"]],
            maturin=pyproject["build-system"]["requires"][0],
            editable_profile=maturin["editable-profile"],
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
    def stamp(self) -> Path:
        """What the last set-up installed into .venv, so that an unchanged list is not redone."""
        return self.venv / "bootstrap.json"

    @property
    def installed(self) -> bool:
        try:
            return bool(json.loads(self.stamp.read_text("utf-8")) == self.requirements)
        except (OSError, ValueError):
            return False

    @property
    def smoke(self) -> Command:
        code = f"import {self.module}; print({self.module}.my_module.greet())"
        return [str(self.python), "-c", code]


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.strip().split(".") if part.isdigit())


# Finding a Python ------------------------------------------------------------------------------


def python_candidates(python_min: tuple[int, ...]) -> Iterator[Command]:
    """Commands that may start a CPython new enough for the project, the likeliest first.

    cookiecutter and nox are often installed once, with an older Python than a project asks
    for; the set-up should then use a newer one that is already on the machine.
    """
    wanted = [f"3.{minor}" for minor in range(python_min[1], NEWEST_MINOR + 1)][::-1]
    yield [sys.executable]
    yield from ([found] for v in wanted if (found := shutil.which(f"python{v}")))
    if launcher := shutil.which("py"):  # Windows
        yield from ([launcher, f"-{v}"] for v in wanted)
    pyenv_root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    for version in sorted(Path(pyenv_root, "versions").glob("3.*"), key=pyenv_order, reverse=True):
        yield from ([str(version / "bin" / "python3")], [str(version / "python.exe")])
    if uv := shutil.which("uv"):
        request = ">=" + ".".join(map(str, python_min))
        find = [uv, "python", "find", "--no-project", request]
        answer = subprocess.run(find, capture_output=True, text=True, check=False)
        if answer.returncode == 0:
            yield [answer.stdout.strip()]


def pyenv_order(path: Path) -> tuple[int, ...]:
    """pyenv's directories in version order (3.9 before 3.10), "3.14t" beside "3.14"."""
    return version_tuple(path.name.split("-")[0].rstrip("t"))


def probe(command: Command, code: str) -> str:
    """What a Python prints for `code`, or "" when it cannot be run."""
    if not Path(command[0]).is_file():
        return ""
    try:
        found = subprocess.run(
            [*command, "-c", code], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return found.stdout.strip() if found.returncode == 0 else ""


def pythons(python_min: tuple[int, ...]) -> Iterator[tuple[str, str]]:
    """(version, path) of each CPython >= python_min the candidates start, in their order.

    A free-threaded build's version ends in "t" (3.14t).
    """
    code = (
        "import sys, sysconfig\n"
        f"if sys.implementation.name == 'cpython' and sys.version_info >= {python_min}:\n"
        "    t = 't' if sysconfig.get_config_var('Py_GIL_DISABLED') else ''\n"
        "    print(f'{sys.version_info[0]}.{sys.version_info[1]}{t}', sys.executable)"
    )
    for command in python_candidates(python_min):
        version, _, path = probe(command, code).partition(" ")
        if version:
            yield version, path


def find_python(python_min: tuple[int, ...]) -> str | None:
    """The first CPython >= python_min found: the one running this, if it is new enough."""
    return next((path for _, path in pythons(python_min)), None)


def found_pythons(python_min: tuple[int, ...]) -> dict[str, str]:
    """Every CPython >= python_min on this machine, by version ("3.12": path), oldest first.

    `nox -s tests` runs on each. The first path found for each version wins.
    """
    found: dict[str, str] = {}
    for version, path in pythons(python_min):
        found.setdefault(version, path)
    return dict(
        sorted(found.items(), key=lambda item: (version_tuple(item[0].rstrip("t")), item[0]))
    )


# Plans: one small builder per path ------------------------------------------------------------


def plan(
    project: Project,
    python: str,
    uv: str | None,
    maturin: str | None,
    scratch: Path,
    *,
    python_pip: bool = False,
) -> list[Step]:
    """The steps for this machine; every plan compiles from the first second where it can.

    `scratch`: a directory for what is thrown away. `python_pip`: `python` has a pip that can
    install into another interpreter (`--python`).
    """
    if project.uv_managed:
        return uv_project_plan(project, python, uv or "uv")
    if not maturin:
        return bootstrap_plan(project, python, uv)
    if uv:
        return uv_plan(project, python, uv, maturin)
    return pip_plan(project, python, maturin, scratch, python_pip=python_pip)


def uv_project_plan(project: Project, python: str, uv: str) -> list[Step]:
    """One command: .venv, uv.lock, the default groups and the editable build."""
    sync = [uv, "sync", *([] if project.keeps_venv else ["--python", python])]
    return [Step("Creating .venv, uv.lock and the build (uv sync)", [[sync]]), smoke_step(project)]


def install_chain(
    project: Project, requirements: list[str], *, uv: str | None, pip_of: str | None = None
) -> list[Command]:
    """Commands that install `requirements` into .venv, which starts without pip.

    With uv, one `uv pip install`. `pip_of`: a Python whose pip can install into another
    interpreter (`--python`, pip 22.3): ensurepip runs pip from a zip (3 s of CPU) before a
    second pip starts, so one run of that pip leaves the compile more of the machine, and gives
    .venv the current pip. Else ensurepip, then .venv's pip.
    """
    venv_python = str(project.python)
    if uv:
        return [[uv, "pip", "install", "--quiet", "--python", venv_python, *requirements]]
    pip_args = ["install", "--quiet", "--disable-pip-version-check", *requirements]
    if pip_of:
        return [[pip_of, "-m", "pip", "--python", venv_python, *pip_args, "pip"]]
    return [
        [venv_python, "-m", "ensurepip", "--default-pip"],
        [venv_python, "-m", "pip", *pip_args],
    ]


def tools(project: Project, uv: str | None, pip_of: str | None = None) -> tuple[list[Command], ...]:
    """Installing the tools, unless the last set-up installed the same list."""
    if project.installed:
        return ()
    return (install_chain(project, project.requirements, uv=uv, pip_of=pip_of),)


def uv_plan(project: Project, python: str, uv: str, maturin: str) -> list[Step]:
    """uv makes .venv; `maturin develop --uv` compiles and installs while uv adds the tools."""
    # uv locks .venv (`.venv/.lock`), so its two installs take turns.
    title = "Compiling the extension into .venv while installing the tools"
    develop = Step(title, [[[maturin, "develop", "--uv"]]], background=tools(project, uv))
    return [*venv_steps(project, python, uv), develop, smoke_step(project)]


def pip_plan(
    project: Project, python: str, maturin: str, scratch: Path, *, python_pip: bool
) -> list[Step]:
    """No uv: .venv starts without pip, which installs in the background while cargo compiles.

    `maturin build` compiles what `maturin develop` will install (its profile, this
    interpreter) without needing pip yet; develop then only installs. Both skip auditwheel,
    which takes half a second on a 10 MB debug build. That wheel goes to `scratch`, not to
    target/wheels/, which is for the wheels you build.
    """
    develop = Step(
        "Installing the extension into .venv (maturin develop)", [[[maturin, "develop"]]]
    )
    background = tools(project, None, pip_of=python if python_pip else None)
    if not background:
        return [*venv_steps(project, python, None), develop, smoke_step(project)]
    compile_ = [maturin, "build", "--profile", project.editable_profile, "--auditwheel", "skip"]
    compile_ += ["--interpreter", str(project.python), "--out", str(scratch)]
    title = "Compiling the extension while installing the tools"
    return [
        *venv_steps(project, python, None),
        Step(title, [[compile_]], background=background),
        develop,
        smoke_step(project),
    ]


def bootstrap_plan(project: Project, python: str, uv: str | None) -> list[Step]:
    """No maturin on PATH: it is installed into .venv with the tools before anything compiles."""
    develop = [str(project.bin / "maturin"), "develop", *(["--uv"] if uv else [])]
    title = "Installing maturin and the tools into .venv"
    return [
        *venv_steps(project, python, uv),
        *(Step(title, [chain]) for chain in tools(project, uv)),
        Step("Installing the extension into .venv (maturin develop)", [[develop]]),
        smoke_step(project),
    ]


def venv_steps(project: Project, python: str, uv: str | None) -> list[Step]:
    """Creating .venv, unless a usable one is there already."""
    if project.keeps_venv:
        return []
    if uv:
        seeded = [uv, "venv", "--seed", "--quiet", "--python", python, str(project.venv)]
        return [Step("Creating .venv with pip (uv)", [[seeded]])]
    return [Step("Creating .venv", [[[python, "-m", "venv", "--without-pip", str(project.venv)]]])]


def smoke_step(project: Project) -> Step:
    return Step(f"Importing {project.module}", [[project.smoke]])


def stubs_step(project: Project, out: Path) -> Step:
    """maturin reads the module tree from the build `maturin develop` just made (its profile)."""
    maturin = str(project.bin / "maturin")
    generate = [maturin, "generate-stubs", "--profile", project.editable_profile, "--quiet"]
    return Step("Writing the .pyi stubs", [[[*generate, "--out", str(out)]]])


def place_stubs(project: Project, out: Path) -> None:
    """Moves each stub where Python imports its module from, replacing the previous ones.

    maturin writes `<package>/_core/__init__.pyi` and `<package>/_core/<submodule>.pyi`, but
    `__init__.py` registers the submodules as `<package>.<submodule>`: the stubs go to
    `<package>/_core.pyi` and `<package>/<submodule>.pyi`, where type checkers look for them.
    """
    package = project.root / "python" / project.module
    generated = out / project.module / "_core"
    for stale in package.rglob("*.pyi"):
        stale.unlink()
    for stub in generated.rglob("*.pyi"):
        relative = stub.relative_to(generated)
        if relative == Path("__init__.pyi"):
            relative = Path("_core.pyi")
        (package / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stub, package / relative)


# Running ---------------------------------------------------------------------------------------

# The commands running now, so that an interruption can stop them all before reporting.
RUNNING: set[subprocess.Popen[bytes]] = set()


class Interrupted(Exception):
    """Ctrl-C, or a signal that asks the set-up to stop."""


def run_chain(chain: list[Command], root: Path, env: dict[str, str], *, nice: bool) -> bool:
    """Runs commands one after another; False as soon as one fails or cannot start."""
    for command in chain:
        try:
            with subprocess.Popen(command, cwd=root, env=env) as process:
                RUNNING.add(process)
                if nice and hasattr(os, "setpriority"):  # POSIX; its children inherit it
                    os.setpriority(os.PRIO_PROCESS, process.pid, 19)
                failed = process.wait()
                RUNNING.discard(process)
                if failed:
                    return False
        except OSError as error:
            say(f"      could not start {command[0]}: {error}")
            return False
    return True


def run_steps(steps: list[Step], project: Project) -> int | None:
    """Runs the steps in order with progress and timings; returns the index of a failed step.

    On an interruption every running command is stopped before `Interrupted` goes on up.
    """
    env = {**os.environ, "VIRTUAL_ENV": str(project.venv)}
    env.pop("CONDA_PREFIX", None)  # maturin refuses to choose between a venv and conda
    for index, step in enumerate(steps):
        say(f"[{index + 1}/{len(steps)}] {step.title} ...")
        started = time.monotonic()
        chains = [(chain, False) for chain in step.chains]
        chains += [(chain, True) for chain in step.background]
        with ThreadPoolExecutor(len(chains)) as pool:
            # Every chain runs to its end, even after another failed.
            runs = [pool.submit(run_chain, c, project.root, env, nice=n) for c, n in chains]
            try:
                # Short waits, not one long one: a signal that reaches another thread is only
                # handled once the main thread runs Python again.
                while wait(runs, timeout=0.1).not_done:
                    pass
                succeeded = [run.result() for run in runs]
            except (KeyboardInterrupt, Interrupted):
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C waits its turn
                for process in list(RUNNING):
                    process.terminate()
                raise Interrupted(step.title) from None
        if not all(succeeded):
            return index
        say(f"      done in {time.monotonic() - started:.1f}s")
    return None


def say(*lines: str, stream: TextIO | None = None) -> None:
    """Prints, and never fails: a closed pipe (`| head`) silences the rest of the output."""
    stream = stream or sys.stdout
    try:
        print(*lines, sep="\n", file=stream, flush=True)
    except OSError:  # BrokenPipeError, or a terminal that went away
        # Python's advice: point the stream at devnull, so that its final flush cannot fail.
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())


def tell(*lines: str) -> None:
    """Says something that went wrong or needs doing, on stderr."""
    say(*lines, stream=sys.stderr)


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


def again(project: Project) -> str:
    """The one command that finishes or repeats the set-up, with the project directory."""
    command = [sys.executable, str(project.root / "scripts" / "bootstrap.py")]
    return f"  cd {shlex.quote(str(project.root))}\n  {shell(command, project.root)}"


# Checks ----------------------------------------------------------------------------------------


def missing_tools(uv_managed: bool) -> dict[str, str]:
    """Tools the build needs but PATH lacks, each with how to install it."""
    rust = "Install Rust from https://rustup.rs (or your package manager)"
    needed = {"cargo": rust, "rustc": rust}
    if uv_managed:
        needed["uv"] = "Install uv with `pip install uv` or from https://docs.astral.sh/uv/"
    return {tool: hint for tool, hint in needed.items() if shutil.which(tool) is None}


def install_hint(version: str) -> str:
    """How to get a CPython `version` with the tools this machine has."""
    if shutil.which("uv"):
        return f"for example with `uv python install {version}`"
    if shutil.which("pyenv"):
        return f"for example with `pyenv install {version}`"
    return "from https://www.python.org/downloads/ or your package manager"


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
            f"No CPython {wanted} or later found (looked on PATH, with the py launcher, in pyenv"
            f" and with uv). Install one, {install_hint(wanted)}, then run:"
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


# The set-up ------------------------------------------------------------------------------------


def set_up(project: Project) -> int:
    """Builds the project into .venv and writes its stubs; or says why not and what to run."""
    project, problem = adopt_venv(project)
    python = str(project.python) if project.keeps_venv else find_python(project.python_min)
    note_locale(project)
    if problem := problem or tools_problem(project, python):
        tell(problem, again(project))
        return 1
    assert python is not None  # for the type checker: tools_problem said why otherwise
    uv = shutil.which("uv")
    python_pip = uv is None and pip_installs_elsewhere(python)
    with tempfile.TemporaryDirectory(prefix="bootstrap-") as scratch:
        maturin = shutil.which("maturin")
        steps = plan(project, python, uv, maturin, Path(scratch), python_pip=python_pip)
        steps.append(stubs_step(project, Path(scratch, "stubs")))
        say(f"Setting up {project.root.name} with {python}: {len(steps)} steps.")
        try:
            failed = run_steps(steps, project)
        except Interrupted as stop:
            tell(f"\nStopped during: {stop}. Nothing is lost; to finish, run:", again(project))
            return 130
        if failed is not None:
            tell(f"\nStopped at: {steps[failed].title}. Fix the problem shown above, then run:")
            tell(again(project))
            return 1
        place_stubs(project, Path(scratch, "stubs"))
    project.stamp.write_text(json.dumps(project.requirements), encoding="utf-8")
    cargo_config(project)
    say(f"\nNext steps:\n{next_steps(project)}")
    return 0


def pip_installs_elsewhere(python: str) -> bool:
    """Whether `python -m pip --python OTHER` works: pip 22.3 brought `--python`."""
    version = probe([python], "import importlib.metadata as m; print(m.version('pip'))")
    return version_tuple(".".join(version.split(".")[:2])) >= (22, 3)


def hardened() -> None:
    """Output a terminal cannot encode is escaped; SIGTERM and SIGHUP stop as Ctrl-C does.

    The post-generation hook, which runs this set-up, uses it too.
    """
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # a path a legacy code page cannot show
            stream.reconfigure(errors="backslashreplace")

    def stop(signum: int, _frame: object) -> None:
        raise Interrupted(signal.Signals(signum).name)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


def main() -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 (a clone's python3 may be older than the project)
        # tomllib came with 3.11: the set-up carries on under a Python new enough to read TOML.
        if newer := find_python((3, 11)):
            os.execv(newer, [newer, *sys.argv])
        tell("scripts/bootstrap.py needs Python 3.11 or later to run; install one, then run it.")
        return 1
    hardened()
    try:
        return set_up(Project.load(ROOT))
    except (KeyboardInterrupt, Interrupted):
        tell("\nStopped. Nothing is lost; run this again to finish.")
        return 130


if __name__ == "__main__":
    sys.exit(main())
