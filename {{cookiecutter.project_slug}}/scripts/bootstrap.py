"""Sets this project up: .venv on a CPython new enough for it, the tools, the build, the stubs.

    python3 scripts/bootstrap.py [--python PATH] [--check] [STEP ...]

The steps, in order: `venv` (.venv on a CPython that requires-python allows), `tools` (the
test, lint and tools groups of pyproject.toml), `build` (`maturin develop`, or `uv sync` in a
uv project, then an import), `stubs` (the .pyi files, from the Rust code) and `hook`
(pre-commit's git hook, and cargo pointed at .venv). With no STEP, all of them. A step with
nothing to do is quick, so run it again whenever you like; `--check` says which Python it
would use and which steps have work to do, and changes nothing. Only the standard library is
needed.
"""

from __future__ import annotations

import argparse
import io
import json
import locale
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMAND = f"{'py' if os.name == 'nt' else 'python3'} {Path('scripts', 'bootstrap.py')}"
STEPS = ("venv", "tools", "build", "stubs", "hook")
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / "bootstrap.json"  # the requirements `tools` installed last
WHERE = "the Python running this, python3.X on PATH, the py launcher, pyenv, uv python find"
CARGO_CONFIG = """\
# Written by scripts/bootstrap.py: cargo builds against .venv's Python from any shell (PyO3
# reads VIRTUAL_ENV when PYO3_PYTHON is unset). Not committed: each clone writes its own.
[env]
VIRTUAL_ENV = { value = ".venv", relative = true, force = true }
"""


class Stop(Exception):
    """A step cannot go on; the message says why and what to do first."""


def say(*lines: str, error: bool = False) -> None:
    """Prints, and never fails: a closed pipe (`| head`) silences the rest."""
    stream = sys.stderr if error else sys.stdout
    try:
        print(*lines, sep="\n", file=stream, flush=True)
    except OSError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())


def version(text: str) -> tuple[int, int]:
    """`3.12`, `>=3.12` or `3.14t` as (3, 12)."""
    digits = "".join(c for c in text if c.isdigit() or c == ".").split(".")
    return int(digits[0]), int(digits[1])


def cpython(command: list[str]) -> tuple[tuple[int, int], str] | None:
    """A CPython's version and path, or None when `command` runs no CPython."""
    code = "import sys; print(sys.implementation.name, *sys.version_info[:2], sys.executable)"
    with suppress(OSError, subprocess.TimeoutExpired):
        done = subprocess.run(
            [*command, "-c", code], capture_output=True, text=True, timeout=30, check=False
        )
        name, *found = done.stdout.split(" ", 3) if done.returncode == 0 else [""]
        if name == "cpython":
            return (int(found[0]), int(found[1])), found[2].strip()
    return None


def find_python(minimum: tuple[int, int]) -> tuple[tuple[int, int], str] | None:
    """The first CPython >= minimum where WHERE says, the newest first in each place."""
    versions = [f"3.{minor}" for minor in range(minimum[1], 21)][::-1]
    places = [[sys.executable], *([shutil.which(f"python{v}") or ""] for v in versions)]
    places += [[shutil.which("py") or "", f"-{v}"] for v in versions]
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    for folder in sorted(pyenv.glob("3.*"), key=lambda path: version(path.name), reverse=True):
        places += [[str(folder / "bin" / "python3")], [str(folder / "python.exe")]]
    if uv := shutil.which("uv"):
        wanted = f">={minimum[0]}.{minimum[1]}"
        find = subprocess.run(
            [uv, "python", "find", "--no-project", wanted],
            capture_output=True,
            text=True,
            check=False,
        )
        places.append([find.stdout.strip()])
    pythons = (cpython(place) for place in places if place[0])
    return next((python for python in pythons if python and python[0] >= minimum), None)


class Project:
    """This project as pyproject.toml describes it, and what each step runs on this machine."""

    def __init__(self, python: str | None) -> None:
        import tomllib  # here: main() first makes sure this Python has it

        pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        maturin, groups = pyproject["tool"]["maturin"], pyproject["dependency-groups"]
        self.minimum = version(pyproject["project"]["requires-python"])
        self.module = maturin["module-name"].split(".")[0]
        self.profile = maturin["editable-profile"]
        self.uv_managed = pyproject["tool"]["uv"].get("managed", True)
        self.requirements = [*groups["test"], *groups["lint"], *groups["tools"]]
        self.uv = shutil.which("uv")
        self.python = cpython([python]) if python else None

    def choose(self) -> str:
        """Which Python .venv has or gets, and why; Stop when none will do."""
        wanted = f"{self.minimum[0]}.{self.minimum[1]}"
        if VENV.exists():
            have = cpython([str(PYTHON)])
            if have is None or have[0] < self.minimum:
                had = f"Python {have[0][0]}.{have[0][1]}" if have else "no Python that runs"
                raise Stop(f".venv has {had}, and the project needs {wanted}: remove .venv")
            return f"the .venv that is here (Python {have[0][0]}.{have[0][1]})"
        self.python = self.python or find_python(self.minimum)
        if self.python is None or self.python[0] < self.minimum:
            raise Stop(f"No CPython {wanted} or later found (looked at {WHERE}): install one")
        (major, minor), path = self.python
        why = f"the first CPython >= {wanted} found; --python PATH chooses another"
        return f"Python {major}.{minor} ({path}), {why}"

    def commands(self, step: str) -> list[list[str]]:
        """What a step runs here: nothing, when it has nothing to do."""
        uv, maturin, quiet = self.uv or "uv", str(BIN / "maturin"), "--quiet"
        if step == "venv" and not VENV.exists() and self.python:
            if self.uv:
                return [[self.uv, "venv", quiet, "--python", self.python[1], str(VENV)]]
            return [[self.python[1], "-m", "venv", "--without-pip", str(VENV)]]
        if step == "tools" and installed() != self.requirements:
            if self.uv_managed:
                return [[uv, "sync", quiet, "--no-install-project"]]
            if self.uv:  # pip too, for a `maturin develop` where there is no uv
                install = [uv, "pip", "install", quiet, "--python"]
                return [[*install, str(PYTHON), *self.requirements, "pip"]]
            pip = [str(PYTHON), "-m", "pip", "install", quiet, *self.requirements]
            return [[str(PYTHON), "-m", "ensurepip", "--upgrade"], pip]
        if step == "build":
            # The wheel `maturin develop` makes is unpacked into .venv at once: not compressed.
            stored = [maturin, "develop", quiet, "--compression-method", "stored"]
            develop = [uv, "sync", quiet] if self.uv_managed else stored
            develop += ["--uv"] if self.uv and not self.uv_managed else []
            return [develop, [str(PYTHON), "-c", f"import {self.module}"]]
        if step == "stubs":
            stubs = [maturin, "generate-stubs", quiet, "--profile", self.profile]
            return [[*stubs, "--out", str(VENV / "stubs")]]
        git_hook = ROOT / ".git" / "hooks" / "pre-commit"
        if step == "hook" and (ROOT / ".git").is_dir() and not git_hook.exists():
            return [[str(BIN / "pre-commit"), "install"]]
        return []


def installed() -> list[str] | None:
    with suppress(OSError, ValueError):
        return list(json.loads(STAMP.read_text(encoding="utf-8")))
    return None


def run(command: list[str]) -> None:
    """One command in a process group of its own, which a stop ends whole."""
    env = {**os.environ, "VIRTUAL_ENV": str(VENV)}
    env.pop("CONDA_PREFIX", None)  # maturin refuses to choose between a venv and conda
    group = {"process_group": 0} if os.name == "posix" else {}
    process = subprocess.Popen(command, cwd=ROOT, env=env, **group)  # type: ignore[call-overload]
    try:
        failed = process.wait()
    except BaseException:
        end(process)
        raise
    if failed:
        raise Stop(f"{shlex.join(command)} failed (see above): fix it")


def end(process: subprocess.Popen[bytes]) -> None:
    """Stops a command and all it started (cargo's rustc), and waits until they are gone."""
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):  # the stop itself must finish
        signal.signal(getattr(signal, name, signal.SIGINT), signal.SIG_IGN)
    if os.name != "posix":
        process.terminate()
        process.wait()
        return
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)  # raises once the group is empty
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.05)


def finish(project: Project, step: str) -> None:
    """What a step does once its commands succeeded."""
    if step == "tools":
        STAMP.write_text(json.dumps(project.requirements), encoding="utf-8")
    if step == "stubs":  # maturin writes <package>/_core/...: each goes where Python looks
        package, stubs = ROOT / "python" / project.module, VENV / "stubs" / project.module / "_core"
        for stale in package.rglob("*.pyi"):
            stale.unlink()
        for stub in stubs.rglob("*.pyi"):
            name = stub.relative_to(stubs)
            shutil.move(stub, package / ("_core.pyi" if name == Path("__init__.pyi") else name))
    if step == "hook":  # the git hooks run the lint tools by name: a commit finds .venv's first
        anchor = 'HERE="$(cd "$(dirname "$0")" && pwd)"\n'
        line = f'PATH="$HERE/../../.venv/{BIN.name}:$PATH"\n'
        with suppress(OSError):
            hook = ROOT / ".git" / "hooks" / "pre-commit"
            if anchor in (script := hook.read_text("utf-8")) and line not in script:
                hook.write_text(script.replace(anchor, anchor + line, 1), encoding="utf-8")
        if not (config := ROOT / ".cargo" / "config.toml").exists():
            config.parent.mkdir(exist_ok=True)
            config.write_text(CARGO_CONFIG, encoding="utf-8")


def set_up(project: Project, steps: list[str], *, check: bool) -> None:
    """Runs the steps, with progress; with `check`, says which have work to do."""
    first = not (ROOT / ".cargo" / "config.toml").exists()  # `hook` writes it, once a clone
    python = project.choose()
    if check or "venv" in steps:
        say(f"{'Checking' if check else 'Setting up'} {ROOT.name} with {python}.")
    if not str(ROOT).isascii() and locale.getencoding().lower().replace("-", "") != "utf8":
        # CPython before 3.13 reads the editable install's .pth file in the locale's encoding.
        say("Note: this project's path is not ASCII and the locale is not UTF-8, so Python may")
        say("not find the module: use a UTF-8 locale (export LC_ALL=C.UTF-8).")
    needed = ["cargo", "rustc", *(["uv"] if project.uv_managed else [])]
    if missing := [tool for tool in needed if shutil.which(tool) is None]:
        uv = ", uv from https://docs.astral.sh/uv" if project.uv_managed else ""
        raise Stop(f"{' and '.join(missing)} not found: install Rust from https://rustup.rs{uv}")
    if check:
        say(f"  to do: {', '.join(step for step in steps if project.commands(step))}")
        return
    for step in steps:
        say(f"[{STEPS.index(step) + 1}/{len(STEPS)}] {step} ...")
        started = time.monotonic()
        try:
            for command in project.commands(step):
                run(command)
        except Stop:
            if step == "build":  # nothing (pytest) may run the code an earlier build left
                for old in (ROOT / "python" / project.module).glob("_core.*"):
                    old.unlink() if old.suffix != ".pyi" else None
            raise
        finish(project, step)
        say(f"      done in {time.monotonic() - started:.1f}s")
    if first and "hook" in steps:
        pytest = "uv run pytest" if project.uv_managed else f"{PYTHON.relative_to(ROOT)} -m pytest"
        say("\nNext steps:", f"  cd {shlex.quote(str(ROOT))}", f"  {pytest}", "  cargo test")


def main() -> int:
    if sys.version_info < (3, 11):  # a clone's python3 may be older
        if newer := find_python((3, 11)):  # tomllib came with 3.11
            os.execv(newer[1], [newer[1], *sys.argv])
        say(f"{COMMAND} needs Python 3.11 or later to run; install one.", error=True)
        return 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("steps", nargs="*", metavar="STEP", help=", ".join(STEPS))
    parser.add_argument("--python", help="the Python to make .venv with")
    parser.add_argument("--check", action="store_true", help="say what would be done")
    args = parser.parse_args()
    if unknown := set(args.steps) - set(STEPS):
        parser.error(f"unknown steps {sorted(unknown)}; the steps are {', '.join(STEPS)}")
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # a path a legacy code page cannot show
            stream.reconfigure(errors="backslashreplace")

    def stop(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    for name in ("SIGTERM", "SIGHUP"):
        signal.signal(getattr(signal, name, signal.SIGTERM), stop)
    again = f"  cd {shlex.quote(str(ROOT))}\n  {COMMAND}"
    steps = [step for step in STEPS if step in args.steps] or list(STEPS)
    try:
        set_up(Project(args.python), steps, check=args.check)
    except Stop as problem:
        say(f"\n{problem}. Then run:", again, error=True)
        return 1
    except KeyboardInterrupt:
        say("\nStopped. Nothing is lost; to finish, run:", again, error=True)
        return 130
    if args.check:
        say("To set it up, run:", again)
    return 0


if __name__ == "__main__":
    sys.exit(main())
