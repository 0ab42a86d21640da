"""What the set-up does on this machine: one small plan per path, as steps of commands.

`plan` chooses: uv manages the project (`uv sync`), maturin is not on PATH yet (install it
first), uv is there to install with, or only pip. Every plan compiles from the first second
where it can; installs run beside the compile at the lowest CPU priority.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from interpreters import Command, version_tuple


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
        import tomllib  # here, not above: bootstrap.py first finds a Python that has it

        pyproject = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))
        groups = pyproject["dependency-groups"]
        maturin = pyproject["tool"]["maturin"]
        return cls(
            root=root,
            module=maturin["module-name"].split(".")[0],
            python_min=version_tuple(pyproject["project"]["requires-python"]),
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
    hook = git_hook(project)
    return [
        Step("Creating .venv, uv.lock and the build (uv sync)", [[sync]]),
        *([Step("Installing the git hook (pre-commit install)", [hook])] if hook else []),
        smoke_step(project),
    ]


def install_chain(
    project: Project,
    requirements: list[str],
    *,
    uv: str | None,
    pip_of: str | None = None,
    scratch: Path | None = None,
) -> list[Command]:
    """Commands that install `requirements` into .venv, which starts without pip.

    With uv, one `uv pip install`, which adds pip. `pip_of`: a Python whose pip can install into
    other places; with `scratch`, that pip fetches uv from PyPI into it for these installs
    alone: pip's own resolving, unpacking and byte-compiling take twice the CPU of a compile's
    idle time on two cores, uv's a fifth of it. .venv still gets pip, as with pip alone. Else
    ensurepip, then .venv's pip. uv byte-compiles nothing: `warm_up` compiles what the next
    steps import, a third of the CPU time of compiling every tool.
    """
    venv_python = str(project.python)
    if uv:
        return [[uv, "pip", "install", "--quiet", "--python", venv_python, *requirements, "pip"]]
    pip_args = ["install", "--quiet", "--disable-pip-version-check"]
    if fetch := uv_fetch(uv, pip_of, scratch):
        fetcher, fetched = fetch
        uv_program = fetched / "bin" / ("uv.exe" if os.name == "nt" else "uv")
        return [
            [fetcher, "-m", "pip", *pip_args, "--no-compile", "--target", str(fetched), "uv"],
            [str(uv_program), "pip", "install", "--quiet", "--python", venv_python,
             *requirements, "pip"],
        ]  # fmt: skip
    if pip_of:
        return [[pip_of, "-m", "pip", "--python", venv_python, *pip_args, *requirements, "pip"]]
    return [
        [venv_python, "-m", "ensurepip", "--default-pip"],
        [venv_python, "-m", "pip", *pip_args, *requirements],
    ]


def uv_fetch(uv: str | None, pip_of: str | None, scratch: Path | None) -> tuple[str, Path] | None:
    """No uv on PATH, but a pip that can fetch one for the installs: that Python, and where."""
    if uv is None and pip_of is not None and scratch is not None:
        return pip_of, scratch / "uv"
    return None


def tools(
    project: Project,
    uv: str | None,
    pip_of: str | None = None,
    scratch: Path | None = None,
    *,
    warm: bool = False,
) -> tuple[list[Command], ...]:
    """Installing the tools, unless the last set-up installed the same list; then the git hook.

    With `warm`, what the next steps would otherwise wait for (`warm_up`). Like the git hook,
    which needs only pre-commit, it runs beside the compile.
    """
    chain = []
    if not project.installed:
        chain = install_chain(project, project.requirements, uv=uv, pip_of=pip_of, scratch=scratch)
        # pip compiles what it installs, uv nothing; without uv on PATH, maturin installs with pip.
        compiled = uv is None and uv_fetch(uv, pip_of, scratch) is None
        chain += warm_up(project, compiled=compiled, pip_next=uv is None) if warm else []
    chain += git_hook(project)
    return (chain,) if chain else ()


# `--help` loads every plugin, to list its options; nothing of the project is imported.
START_PYTEST = """import contextlib, io, pytest
with contextlib.redirect_stdout(io.StringIO()):
    pytest.main(["-p", "no:cacheprovider", "--help"])
"""

# pip, as `maturin develop` imports it to install the build: uv installs pip uncompiled.
COMPILE_PIP = """import compileall, os, pip
compileall.compile_dir(os.path.dirname(pip.__file__), quiet=1)
"""

DRAW_TEXT = """from hypothesis import given, settings, strategies as st
settings(max_examples=1, database=None)(given(st.text())(lambda s: None))()
"""


def warm_up(project: Project, *, compiled: bool, pip_next: bool) -> list[Command]:
    """Byte-compiles what the next steps import, unless the installer did (pip compiles all it
    installs, uv nothing): pytest's start, its plugins compiled as they are imported, and pip,
    where `maturin develop` installs with it. Then Hypothesis's Unicode tables, which the first
    text a property test draws builds into .hypothesis/. Each saves a later step a few tenths
    of a second, on CPU time the compile leaves idle."""
    python = str(project.python)
    found = []
    if not compiled and any(req.startswith("pytest") for req in project.requirements):
        found.append([python, "-c", START_PYTEST])
    if not compiled and pip_next:
        found.append([python, "-c", COMPILE_PIP])
    if any(req.startswith("hypothesis") for req in project.requirements):
        found.append([python, "-c", DRAW_TEXT])
    return found


def uv_plan(project: Project, python: str, uv: str, maturin: str) -> list[Step]:
    """uv makes .venv; `maturin develop --uv` compiles and installs while uv adds the tools."""
    # uv locks .venv (`.venv/.lock`), so its two installs take turns.
    title = "Compiling the extension into .venv while installing the tools"
    develop = Step(
        title, [[[maturin, "develop", "--uv"]]], background=tools(project, uv, warm=True)
    )
    return [*venv_steps(project, python, uv), develop, smoke_step(project)]


def pip_plan(
    project: Project, python: str, maturin: str, scratch: Path, *, python_pip: bool
) -> list[Step]:
    """No uv: .venv starts without pip, which installs in the background while cargo compiles
    (through uv fetched into `scratch`, when `python` has a pip to fetch it with).

    `maturin build` compiles what `maturin develop` will install (its profile, this
    interpreter) without needing pip yet; develop then only installs. Both skip auditwheel,
    which takes half a second on a 10 MB debug build. That wheel goes to `scratch`, not to
    target/wheels/, which is for the wheels you build.
    """
    develop = Step(
        "Installing the extension into .venv (maturin develop)", [[[maturin, "develop"]]]
    )
    pip_of = python if python_pip else None
    background = tools(project, None, pip_of=pip_of, scratch=scratch, warm=True)
    if not background:
        return [*venv_steps(project, python, None), develop, smoke_step(project)]
    compile_ = [maturin, "build", "--profile", project.editable_profile, "--auditwheel", "skip"]
    compile_ += ["--interpreter", str(project.python), "--out", str(scratch)]
    title = "Compiling the extension while installing the tools"
    if python_pip:
        title += " (with uv from PyPI, for this set-up only)"
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
        # pip comes with the tools, beside the compile: `--seed` would put 0.2 s before it.
        create = [uv, "venv", "--quiet", "--python", python, str(project.venv)]
        return [Step("Creating .venv (uv)", [[create]])]
    return [Step("Creating .venv", [[[python, "-m", "venv", "--without-pip", str(project.venv)]]])]


def smoke_step(project: Project) -> Step:
    return Step(f"Importing {project.module}", [[project.smoke]])


def stubs_step(project: Project, out: Path) -> Step:
    """maturin reads the module tree from the build `maturin develop` just made (its profile)."""
    maturin = str(project.bin / "maturin")
    generate = [maturin, "generate-stubs", "--profile", project.editable_profile, "--quiet"]
    return Step("Writing the .pyi stubs", [[[*generate, "--out", str(out)]]])


def git_hook(project: Project) -> list[Command]:
    """pre-commit's hook in the project's own git repository, unless it is there already.

    `.git` is a folder only in a repository of its own: inside another one's work tree, or as
    a submodule, the project leaves that repository's hooks alone.
    """
    git = project.root / ".git"
    if not git.is_dir() or (git / "hooks" / "pre-commit").exists():
        return []
    return [[str(project.bin / "pre-commit"), "install"]]


def hook_finds_the_tools(project: Project) -> None:
    """Puts .venv's tools first on the PATH of the git hook that `git_hook` installed.

    The hooks in .pre-commit-config.yaml run the lint group's tools by name, from PATH: that is
    what lets `nox -s lint` and CI run them from their own environments. A commit from a shell
    with nothing activated would find none of them, so the hook pre-commit wrote looks in .venv
    first. Its path is relative to the hook (.git/hooks), so a moved project keeps working.
    """
    hook = project.root / ".git" / "hooks" / "pre-commit"
    try:
        script = hook.read_text(encoding="utf-8")
    except OSError:
        return
    anchor = 'HERE="$(cd "$(dirname "$0")" && pwd)"\n'
    line = f'PATH="$HERE/../../.venv/{project.bin.name}:$PATH"\n'
    if "File generated by pre-commit" in script and anchor in script and line not in script:
        hook.write_text(script.replace(anchor, anchor + line, 1), encoding="utf-8")


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
