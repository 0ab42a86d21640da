"""The Pythons this project supports and the wheels it publishes, read from pyproject.toml.

The versions are the `Programming Language :: Python :: 3.X` classifiers, the oldest of which
`requires-python` names too: dropping a Python is those two lines, and nox's sessions, both CI
hosts and the check of the wheels' tags follow. `--stable-abi`: the project publishes abi3.

    python3 ci/pythons.py [--stable-abi] versions|oldest|newest|interpreters|builds|tags|tests|github
"""

from __future__ import annotations

import json
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

FREE_THREADED_FROM = (3, 14)  # PyO3's first free-threaded CPython
ABI3_FROM = (3, 12)  # PyO3 subclasses exceptions in the stable ABI from 3.12
ABI3T_FROM = (3, 15)  # PEP 803: one stable ABI for 3.15 and later, with and without the GIL
PYPY = "3.11"  # the newest PyPy's Python; abi3 does not serve PyPy, so it gets its own wheel
PYPROJECT = Path(__file__).parents[1] / "pyproject.toml"


def version(text: str) -> tuple[int, int]:
    major, minor = text.removeprefix(">=").removeprefix("pypy").rstrip("t").split(".")[:2]
    return int(major), int(minor)


def supported() -> list[str]:
    """The CPython versions of the classifiers, oldest first, then their free-threaded builds."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    prefix = "Programming Language :: Python :: 3."
    classifiers = [c for c in project["classifiers"] if c.startswith(prefix)]
    found = sorted((c.split(" :: ")[-1] for c in classifiers), key=version)
    if version(project["requires-python"]) != version(found[0]):
        sys.exit(f"pyproject.toml: requires-python and the oldest classifier ({found[0]}) differ")
    return found + [f"{v}t" for v in found if version(v) >= FREE_THREADED_FROM]


def wheel_tag(python: str, stable: bool) -> str:
    """The Python and ABI tags of the wheel `python` builds: `3.14t` gives `cp314-cp314t`."""
    number = python.removeprefix("pypy").rstrip("t").replace(".", "")
    if python.startswith("pypy"):
        return f"pp{number}-pypy{number}_pp73"
    if stable:
        return f"cp{number}-abi3" + (".abi3t" if version(python) >= ABI3T_FROM else "")
    return f"cp{number}-cp{number}" + ("t" if python.endswith("t") else "")


@dataclass(frozen=True)
class Build:
    """One `maturin build`: its interpreters, its arguments and its wheels' tags."""

    interpreters: list[str]
    args: str
    tags: list[str]


def maturin_build(pythons: list[str], stable: bool) -> Build:
    abi3 = max(version(supported()[0]), ABI3_FROM)
    abi3t = max(abi3, ABI3T_FROM)
    arguments = ["--out", "dist"]
    if stable:
        arguments.append(f"--features=pyo3/abi3-py3{abi3[1]},pyo3/abi3t-py3{abi3t[1]}")
    arguments += ["--interpreter", *(p if p[0] == "p" else f"python{p}" for p in pythons)]
    tags = [wheel_tag(python, stable) for python in pythons]
    return Build(pythons, " ".join(arguments), tags)


def builds(stable_abi: bool) -> list[Build]:
    """The CPython builds of a platform. Without the stable ABI, a wheel per version. With it,
    PyO3's recommended set: abi3 from the oldest (3.12 at the least), a wheel of its own for
    each Python abi3 cannot serve, and one abi3t wheel for 3.15 and later; a build per kind,
    as maturin builds one kind at a time."""
    versions = supported()
    if not stable_abi:
        return [maturin_build(versions, stable=False)]
    abi3 = max(version(versions[0]), ABI3_FROM)
    alone = [v for v in versions if version(v) < abi3 or v.endswith("t")]
    alone = [v for v in alone if not (v.endswith("t") and version(v) >= ABI3T_FROM)]
    stable = [f"3.{abi3[1]}"] if abi3 < ABI3T_FROM else []
    stable.append(f"3.{max(abi3, ABI3T_FROM)[1]}")
    found = [maturin_build(alone, stable=False)] if alone else []
    return found + [maturin_build([python], stable=True) for python in stable]


def pypy_build() -> Build | None:
    """The PyPy wheel, where the project supports PyPy's Python version."""
    return maturin_build([f"pypy{PYPY}"], stable=False) if PYPY in supported() else None


def tests(stable_abi: bool) -> list[dict[str, str]]:
    """Which wheel each test job installs into a fresh venv: every wheel on the Python that
    built it; an abi3 wheel on the newest too, the abi3t wheel on the newest with and without
    the GIL."""
    newest = [v for v in supported() if not v.endswith("t")][-1]
    found = []
    for build in [*builds(stable_abi), *filter(None, [pypy_build()])]:
        for python, wheel in zip(build.interpreters, build.tags, strict=True):
            kind = wheel.split("-")[1]
            on = {"abi3": [python, newest], "abi3.abi3t": [newest, f"{newest}t"]}.get(kind)
            found += [{"python": p, "wheel": wheel} for p in dict.fromkeys(on or [python])]
    return found


def outputs(stable_abi: bool) -> dict[str, str | list[str] | list[dict[str, str]]]:
    """Everything CI reads, by name."""
    versions = supported()
    plain = [v for v in versions if not v.endswith("t")]
    matrix = [{"os": "ubuntu-latest", "python": v} for v in versions]
    for runner in ("macos-latest", "windows-latest"):
        matrix += [{"os": runner, "python": v} for v in dict.fromkeys([plain[0], plain[-1]])]
    cpython, pypy = builds(stable_abi), pypy_build()
    return {
        "versions": " ".join(versions),
        "oldest": plain[0],
        "newest": plain[-1],
        "matrix": matrix,
        "interpreters": "\n".join(p for build in cpython for p in build.interpreters),
        "builds": [build.args for build in cpython],
        "tags": " ".join(sorted(tag for build in cpython for tag in build.tags)),
        "pypy": " ".join(pypy.interpreters) if pypy else "",
        "pypy-build": pypy.args if pypy else "",
        "pypy-tags": " ".join(pypy.tags) if pypy else "",
        "tests": tests(stable_abi),
    }


def shown(value: str | list[str] | list[dict[str, str]], *, github: bool) -> str:
    """A value for GitHub's expressions (lists as JSON) or a shell (a line per item)."""
    if isinstance(value, str):
        return value
    if github:
        return json.dumps(value)
    return "\n".join(item if isinstance(item, str) else " ".join(item.values()) for item in value)


if __name__ == "__main__":
    found = outputs("--stable-abi" in sys.argv)
    if sys.argv[-1] != "github":
        print(shown(found[sys.argv[-1]], github=False))
    for name, value in found.items() if sys.argv[-1] == "github" else []:
        text = shown(value, github=True)  # $GITHUB_OUTPUT's lines; a block for several lines
        print(f"{name}<<END\n{text}\nEND" if "\n" in text else f"{name}={text}")
