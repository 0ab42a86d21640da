"""Build the new project once, so that `import <module>` works straight away.

Why a hook: a template that only writes files leaves the user to find a Python, the venv,
maturin and the test commands on their own. Whatever happens here the hook exits 0, because
cookiecutter deletes the whole project when a hook fails, and a missing compiler is no reason
to lose it: every failure is reported with the exact commands that finish the job by hand.
"""

from __future__ import annotations

import dataclasses
import hashlib
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
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TextIO

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
    # A usable .venv was there before (a generate over a project): it is built into, not made.
    keeps_venv: bool = False

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
    """The steps of the first build: one small plan per path, chosen here.

    Every plan compiles from the first second where it can and installs the test tools in the
    background meanwhile (they touch different files). `python_pip`: `python` has a pip that can
    install into another interpreter (`--python`).
    """
    if project.uv_managed:
        return uv_project_plan(project, python, uv or "uv")
    if not maturin:
        return bootstrap_plan(project, python, uv)
    if uv:
        return uv_plan(project, python, uv, maturin)
    return pip_plan(project, python, maturin, python_pip=python_pip)


def uv_project_plan(project: Project, python: str, uv: str) -> list[Step]:
    """One command: .venv, uv.lock, the test and lint groups, and the editable build."""
    sync = Step(
        "Creating .venv, uv.lock and the build (uv sync)", [[[uv, "sync", "--python", python]]]
    )
    return [sync, smoke_step(project)]


def install_chain(
    project: Project, requirements: list[str], *, uv: str | None, pip_of: str | None = None
) -> list[Command]:
    """Commands that install `requirements` into .venv, which starts without pip.

    With uv, one `uv pip install`. `pip_of`: a Python whose pip can install into another
    interpreter (`--python`, pip 22.3): ensurepip runs pip from a zip (3 s of CPU) before a
    second pip starts, so one run of that pip leaves the compile more of the machine, and gives
    .venv the current pip, which knows `pip install --group`. Else ensurepip, then .venv's pip.
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


def uv_plan(project: Project, python: str, uv: str, maturin: str) -> list[Step]:
    """uv makes .venv; `maturin develop --uv` compiles and installs while uv adds the tools."""
    tools = install_chain(project, project.test_group, uv=uv)
    # uv locks .venv (`.venv/.lock`), so its two installs take turns.
    title = "Compiling the extension into .venv while installing pytest and nox"
    develop = Step(title, [[[maturin, "develop", "--uv"]]], background=(tools,))
    return [*venv_steps(project, python, uv), develop, smoke_step(project)]


def pip_plan(project: Project, python: str, maturin: str, *, python_pip: bool) -> list[Step]:
    """No uv: .venv starts without pip, which installs in the background while cargo compiles.

    `maturin build` compiles what `maturin develop` will install (its profile, this
    interpreter) without needing pip yet; develop then only installs. Both skip auditwheel,
    which takes half a second on a 10 MB debug build.
    """
    tools = install_chain(
        project, project.test_group, uv=None, pip_of=python if python_pip else None
    )
    compile_ = [maturin, "build", "--profile", project.editable_profile]
    compile_ += ["--interpreter", str(project.python), "--auditwheel", "skip"]
    title = "Compiling the extension while installing pip, pytest and nox"
    return [
        *venv_steps(project, python, None),
        Step(title, [[compile_]], background=(tools,)),
        Step("Installing the extension into .venv (maturin develop)", [[[maturin, "develop"]]]),
        smoke_step(project),
    ]


def bootstrap_plan(project: Project, python: str, uv: str | None) -> list[Step]:
    """No maturin on PATH: it is installed into .venv with the tools before anything compiles."""
    install = install_chain(project, [*project.test_group, project.maturin], uv=uv)
    develop = [str(project.bin / "maturin"), "develop", *(["--uv"] if uv else [])]
    return [
        *venv_steps(project, python, uv),
        Step("Installing maturin, pytest and nox into .venv", [install]),
        Step("Installing the extension into .venv (maturin develop)", [[develop]]),
        smoke_step(project),
    ]


def venv_steps(project: Project, python: str, uv: str | None) -> list[Step]:
    """Creating .venv, unless a usable one is there already (generated over a project)."""
    if project.keeps_venv:
        return []
    if uv:
        seeded = [uv, "venv", "--seed", "--quiet", "--python", python, str(project.venv)]
        return [Step("Creating .venv with pip (uv)", [[seeded]])]
    return [Step("Creating .venv", [[[python, "-m", "venv", "--without-pip", str(project.venv)]]])]


def smoke_step(project: Project) -> Step:
    return Step(f"Importing {project.module}", [[project.smoke]])


def by_hand(project: Project, python: str) -> list[Command]:
    """What a person types to finish the first build: the plain steps, not the overlapping.

    From any state the hook may leave: a .venv it started is made again (`--clear`), one that
    was there before is kept.
    """
    if project.uv_managed:
        return [["uv", "sync", "--python", python], project.smoke]
    venv = [] if project.keeps_venv else [[python, "-m", "venv", "--clear", str(project.venv)]]
    pip = [str(project.python), "-m", "pip", "install", "--disable-pip-version-check"]
    develop = [str(project.python), "-m", "maturin", "develop"]
    return [*venv, [*pip, *project.test_group, project.maturin], develop, project.smoke]


# The commands running now, so that an interruption can stop them all before reporting.
RUNNING: set[subprocess.Popen[bytes]] = set()


class Interrupted(Exception):
    """Ctrl-C, or a signal that asks the hook to stop."""


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


def print_commands(commands: list[Command], root: Path) -> None:
    """The commands to type in the project directory, from a new shell, to finish by hand."""
    tell(f"  cd {shlex.quote(str(root))}", *(f"  {shell(command, root)}" for command in commands))


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


def venv_python_version(project: Project) -> tuple[int, ...] | None:
    """The CPython version of an existing .venv, or None when it has none that runs."""
    code = "import sys; print(*sys.version_info[:2]) if sys.implementation.name == 'cpython' else 0"
    found = probe([str(project.python)], code) if project.python.is_file() else ""
    return tuple(int(part) for part in found.split()) if len(found.split()) == 2 else None


def replaced_files(root: Path) -> list[str]:
    """The files that were there before this generate and now hold other contents.

    The pre-generation hook noted them (`snapshot`), under a name made from the directory.
    """
    key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    snapshot = Path(tempfile.gettempdir()) / f"cookiecutter-pyo3-{key}.json"
    try:
        before = json.loads(snapshot.read_text(encoding="utf-8"))
        snapshot.unlink()
    except (OSError, ValueError):
        return []
    changed = []
    for name, digest in sorted(before.items()):
        path = root / name
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            changed.append(name)
    return changed


def adopt_venv(project: Project, wanted: str) -> tuple[Project, str | None]:
    """A .venv that was here is built into if its Python is new enough, else left as it is."""
    if not project.venv.exists():
        return project, None
    found = venv_python_version(project)
    if found is None or found < project.python_min:
        have = "no Python that runs" if found is None else f"Python {'.'.join(map(str, found))}"
        return project, (
            f"\nLeft .venv as it was: it has {have}, and the project needs {wanted} or later;"
            " the first build is skipped. Remove .venv, then run:\n"
        )
    say(f"Building into the .venv that was here (Python {'.'.join(map(str, found))}).")
    return dataclasses.replace(project, keeps_venv=True), None


def tools_problem(project: Project, python: str | None, wanted: str) -> str | None:
    """Why the first build cannot start on this machine, or None."""
    if python is None:
        return (
            f"\nSkipping the first build: no CPython {wanted} or later found (this one is "
            f"{sys.version_info.major}.{sys.version_info.minor}; looked on PATH, in pyenv and "
            f"with uv). Install one, {install_hint(wanted)}, then run:\n"
        )
    if missing := missing_tools(project.uv_managed):
        hints = "; ".join(dict.fromkeys(missing.values()))
        return (
            f"\nSkipping the first build: {' and '.join(missing)} not found on PATH.\n"
            f"{hints}. Then open a new shell and run:\n"
        )
    return None


def note_locale(project: Project) -> None:
    """CPython before 3.13 reads the editable install's .pth file in the locale's encoding."""
    encoding = locale.getencoding()
    if not str(project.root).isascii() and encoding.lower().replace("-", "") != "utf8":
        tell(
            f"Note: this project's path is not ASCII and the locale's encoding is {encoding}, so"
            " Python may not find the module: use a UTF-8 locale (export LC_ALL=C.UTF-8)."
        )


def first_build(answers: dict, project: Project) -> None:
    """Builds the project into .venv, or says why not and what to type instead."""
    wanted = answers["python_min"]
    newest = max(tuple(map(int, v.split("."))) for v in json.loads(DECLARED)["python_min"])
    project, problem = adopt_venv(project, wanted)
    python = None if problem else find_python(project.python_min, newest)
    note_locale(project)
    if problem := problem or tools_problem(project, python, wanted):
        tell(problem)
        print_commands(by_hand(project, python or f"python{wanted}"), project.root)
        return
    assert python is not None  # for the type checker: tools_problem said why otherwise
    build(project, python)


def build(project: Project, python: str) -> None:
    """Runs the plan for this machine; on a failure or an interruption, tells how to finish."""
    uv = shutil.which("uv")
    python_pip = uv is None and pip_installs_elsewhere(python)
    steps = plan(project, python, uv, shutil.which("maturin"), python_pip=python_pip)
    say(f"\nFirst build of {project.root.name} with {python}: {len(steps)} steps.")
    try:
        failed = run_steps(steps, project)
    except Interrupted as stop:
        tell(f"\nStopped during: {stop}. Your project is kept in {project.root}; to finish, run:\n")
        print_commands(by_hand(project, python), project.root)
        return
    if failed is not None:
        tell(
            f"\nThe first build stopped at: {steps[failed].title}.",
            f"Your project is complete and kept in {project.root}.",
            "Fix the problem shown above, then run:\n",
        )
        print_commands(by_hand(project, python), project.root)
        return
    say(f"\nNext steps:\n{next_steps(project)}")


def main() -> None:
    answers = json.loads(ANSWERS)
    project = Project.load(answers, Path.cwd())
    if replaced := replaced_files(project.root):
        tell(f"Replaced {len(replaced)} files that were here: {', '.join(replaced)}")
    if not answers["run_first_build"]:
        say(f"\nCreated {project.root}. Build it with `maturin develop` (see README.md).")
        return
    first_build(answers, project)


def guarded() -> int:
    """Runs `main` and returns 0 whatever happens: cookiecutter deletes the project otherwise.

    Output that cannot be encoded (a path in a legacy code page) is escaped, a closed pipe
    silences the rest, Ctrl-C and SIGTERM stop the build with the commands to finish it, and
    anything unforeseen is one line, not a traceback.
    """
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")

    def stop(signum: int, _frame: object) -> None:
        raise Interrupted(signal.Signals(signum).name)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    try:
        main()
    except (KeyboardInterrupt, Interrupted):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        tell("\nStopped. The project is kept; `maturin develop` in it finishes the build.")
    except Exception as error:  # noqa: BLE001 (the one place that must catch everything)
        tell(
            f"\nThe first build stopped on an unexpected {type(error).__name__}: {error}",
            "The project is kept; README.md says how to build it.",
        )
    return 0


if __name__ == "__main__":
    sys.exit(guarded())
