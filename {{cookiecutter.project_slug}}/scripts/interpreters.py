"""Finding the CPythons of this machine: for the set-up (bootstrap.py) and for `nox -s tests`.

cookiecutter and nox are often installed once, with an older Python than a project asks for;
the set-up and the sessions should then use a newer one that is already on the machine. Each
source below is asked in order, the likeliest first; the first CPython new enough wins.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

Command = list[str]
# The newest CPython minor version to look for; later ones are found when they are newer.
NEWEST_MINOR = 20


def version_tuple(text: str) -> tuple[int, ...]:
    """`3.12`, `3.14t` or `>=3.12` as (3, 12): the numbers, whatever surrounds them."""
    digits = "".join(char for char in text if char.isdigit() or char == ".")
    return tuple(int(part) for part in digits.split(".") if part)


def wanted(python_min: tuple[int, ...]) -> list[str]:
    """`3.X` for every minor version from python_min to NEWEST_MINOR, the newest first."""
    return [f"3.{minor}" for minor in range(python_min[1], NEWEST_MINOR + 1)][::-1]


def running(_python_min: tuple[int, ...]) -> Iterator[Command]:
    yield [sys.executable]


def on_path(python_min: tuple[int, ...]) -> Iterator[Command]:
    yield from ([found] for v in wanted(python_min) if (found := shutil.which(f"python{v}")))


def py_launcher(python_min: tuple[int, ...]) -> Iterator[Command]:
    if launcher := shutil.which("py"):  # Windows
        yield from ([launcher, f"-{v}"] for v in wanted(python_min))


def pyenv(_python_min: tuple[int, ...]) -> Iterator[Command]:
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    for version in sorted(root.joinpath("versions").glob("3.*"), key=pyenv_order, reverse=True):
        yield from ([str(version / "bin" / "python3")], [str(version / "python.exe")])


def uv_python_find(python_min: tuple[int, ...]) -> Iterator[Command]:
    if uv := shutil.which("uv"):
        request = ">=" + ".".join(map(str, python_min))
        find = [uv, "python", "find", "--no-project", request]
        answer = subprocess.run(find, capture_output=True, text=True, check=False)
        if answer.returncode == 0:
            yield [answer.stdout.strip()]


# Where a CPython is looked for, in order, and what each place is called in messages.
SOURCES: tuple[tuple[str, Callable[[tuple[int, ...]], Iterator[Command]]], ...] = (
    ("the Python running this", running),
    ("python3.X on PATH", on_path),
    ("the py launcher", py_launcher),
    ("pyenv's versions", pyenv),
    ("uv python find", uv_python_find),
)


def searched() -> str:
    """The places looked in, in words: 'A, B, ... or Z'."""
    names = [name for name, _ in SOURCES]
    return f"{', '.join(names[:-1])} or {names[-1]}"


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
    """(version, path) of each CPython >= python_min the sources start, in their order.

    A free-threaded build's version ends in "t" (3.14t).
    """
    code = (
        "import sys, sysconfig\n"
        f"if sys.implementation.name == 'cpython' and sys.version_info >= {python_min}:\n"
        "    t = 't' if sysconfig.get_config_var('Py_GIL_DISABLED') else ''\n"
        "    print(f'{sys.version_info[0]}.{sys.version_info[1]}{t}', sys.executable)"
    )
    for _, source in SOURCES:
        for command in source(python_min):
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
    return dict(sorted(found.items(), key=lambda item: (version_tuple(item[0]), item[0])))


def install_hint(version: str) -> str:
    """How to get a CPython `version` with the tools this machine has."""
    if shutil.which("uv"):
        return f"for example with `uv python install {version}`"
    if shutil.which("pyenv"):
        return f"for example with `pyenv install {version}`"
    return "from https://www.python.org/downloads/ or your package manager"
