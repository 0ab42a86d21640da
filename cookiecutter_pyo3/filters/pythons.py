"""The Python platform a project supports: the one place for its facts, and what follows.

The facts: where the platform changes (the floors below), the versions offered (the
`python_min` choices of cookiecutter.json), and where the set-up looks for a CPython
(SEARCH_ORDER). The filters, the tests and the README's prose read them here. What follows from
them, by `python_min` and `abi3`: the supported versions, the free-threaded builds, the
stable-ABI features, and each platform's wheels.
"""

from __future__ import annotations

from cookiecutter_pyo3.questions import DECLARED

# Where the platform changes, by version; the versions themselves are cookiecutter.json's list.
# The first free-threaded CPython that PyO3 0.30 supports (it dropped 3.13t).
FREE_THREADED_FROM = "3.14"
# The stable ABI lets PyO3 subclass Python's exceptions (`extends = PyException`) from 3.12.
ABI3_FROM = "3.12"
# PEP 803: one stable-ABI build for 3.15 and later, with and without the GIL.
ABI3T_FROM = "3.15"
# The Python version of the newest PyPy (PyO3 0.30 supports PyPy 3.11 and later). abi3 does not
# serve PyPy, so a project whose Pythons include it gets a PyPy wheel where the build images
# carry PyPy: manylinux, macOS arm64 and Windows x64 (not musllinux, not Windows arm64).
PYPY = "3.11"
# Where the generated set-up (scripts/interpreters.py, `SOURCES`) looks for a CPython, in order.
SEARCH_ORDER = (
    "the Python running this",
    "python3.X on PATH",
    "the py launcher",
    "pyenv's versions",
    "uv python find",
)


def version(text: object) -> tuple[int, ...]:
    """A Python version as numbers, for comparing: `3.14`, `3.14t`, `>=3.14` are (3, 14)."""
    digits = "".join(char for char in str(text) if char.isdigit() or char == ".")
    return tuple(int(part) for part in digits.split(".") if part)


def searched() -> str:
    """SEARCH_ORDER in words: 'A, B, ... or Z'."""
    return f"{', '.join(SEARCH_ORDER[:-1])} or {SEARCH_ORDER[-1]}"


def supported_pythons(python_min: object) -> list[str]:
    """The Python versions offered in cookiecutter.json, from `python_min` to the newest."""
    return [v for v in DECLARED["python_min"] if version(v) >= version(python_min)]


def free_threaded_pythons(python_min: object) -> list[str]:
    """The free-threaded builds (`3.14t`) of the supported versions that PyO3 supports."""
    return [
        f"{v}t" for v in supported_pythons(python_min) if version(v) >= version(FREE_THREADED_FROM)
    ]


def pypy_pythons(python_min: object) -> list[str]:
    """`pypy3.11` when the project supports PyPy's Python version, else nothing."""
    return [f"pypy{PYPY}"] if version(python_min) <= version(PYPY) else []


def abi3_minimum(python_min: object) -> str:
    """The oldest Python an abi3 wheel of the project serves: `python_min`, 3.12 at the least."""
    return max(str(python_min), ABI3_FROM, key=version)


def abi3t_minimum(python_min: object) -> str:
    """The oldest Python the abi3t wheel serves: `python_min`, 3.15 at the least."""
    return max(str(python_min), ABI3T_FROM, key=version)


def stable_abi_features(python_min: object) -> list[str]:
    """The PyO3 features behind the crate's `stable-abi` feature."""
    return [
        f"pyo3/abi3-py{abi3_minimum(python_min).replace('.', '')}",
        f"pyo3/abi3t-py{abi3t_minimum(python_min).replace('.', '')}",
    ]


def wheel_tag(python: str, stable_abi: bool = False) -> str:
    """The Python and ABI tags of a wheel built by `python` (`3.14t` -> `cp314-cp314t`)."""
    number = python.removeprefix("pypy").rstrip("t").replace(".", "")
    if python.startswith("pypy"):
        return f"pp{number}-pypy{number}_pp73"
    if not stable_abi:
        return f"cp{number}-cp{number}{'t' if python.endswith('t') else ''}"
    return (
        f"cp{number}-abi3.abi3t" if version(python) >= version(ABI3T_FROM) else f"cp{number}-abi3"
    )


def _build(interpreters: list[str], *, stable_abi: bool) -> dict[str, object]:
    """One `maturin build`: its interpreters, its arguments, and the tags of its wheels."""
    features = ["--features=stable-abi"] if stable_abi else []
    pythons = [p if p.startswith("pypy") else f"python{p}" for p in interpreters]
    return {
        "interpreters": interpreters,
        "args": " ".join(["--out dist", *features, "--interpreter", *pythons]),
        "tags": [wheel_tag(python, stable_abi) for python in interpreters],
    }


def wheel_builds(python_min: object, abi3: bool) -> list[dict[str, object]]:
    """Each `maturin build` of a platform, in order.

    Without abi3, a wheel per version and per free-threaded build. With it, the wheels PyO3
    recommends: abi3 from `abi3_minimum`, a version-specific wheel for each Python that abi3
    cannot serve (3.11, 3.14t), and one abi3t wheel for 3.15 and later, GIL or not. maturin
    gives every interpreter of one build the same kind of stable ABI, hence a build per kind.
    """
    supported = supported_pythons(python_min)
    free_threaded = free_threaded_pythons(python_min)
    if not abi3:
        return [_build([*supported, *free_threaded], stable_abi=False)]
    abi3_from = abi3_minimum(python_min)
    specific = [v for v in supported if version(v) < version(abi3_from)]
    specific += [v for v in free_threaded if version(v) < version(ABI3T_FROM)]
    stable = [abi3_from] if version(abi3_from) < version(ABI3T_FROM) else []
    stable.append(abi3t_minimum(python_min))
    builds = [_build(specific, stable_abi=False)] if specific else []
    return builds + [_build([python], stable_abi=True) for python in stable]


def pypy_builds(python_min: object) -> list[dict[str, object]]:
    """The `maturin build` of the PyPy wheel, on the platforms whose images carry PyPy."""
    pypy = pypy_pythons(python_min)
    return [_build(pypy, stable_abi=False)] if pypy else []


def wheel_serves(tag: str) -> str:
    """Which Pythons a wheel with these tags installs on, in words."""
    python, abi = tag.split("-")
    if python.startswith("pp"):
        return f"PyPy {python[2]}.{python[3:]}"
    version = f"{python[2]}.{python[3:]}"
    if abi == "abi3.abi3t":
        return f"CPython {version} and later, with and without the GIL"
    if abi == "abi3":
        return f"CPython {version} and later, with the GIL"
    return f"CPython {version}{' free-threaded' if abi.endswith('t') else ''}"


def wheel_tags(python_min: object, abi3: bool) -> list[str]:
    """Every wheel's Python and ABI tags, sorted: what each platform's build must produce."""
    return sorted(tag for build in wheel_builds(python_min, abi3) for tag in build["tags"])


def wheel_tests(python_min: object, abi3: bool) -> list[dict[str, str]]:
    """Which wheel each test job installs into a fresh venv: every kind, on the Pythons it serves.

    Each version-specific wheel on its own Python (without abi3: the oldest, the newest and the
    free-threaded ones); an abi3 wheel on its oldest and the newest Python; the abi3t wheel on
    the newest Python, with and without the GIL.
    """
    newest = supported_pythons(python_min)[-1]
    free_threaded = free_threaded_pythons(python_min)
    tests = []
    for build in wheel_builds(python_min, abi3):
        for python, tag in zip(build["interpreters"], build["tags"], strict=True):
            if tag.endswith("abi3t"):
                tests += [
                    {"python": newest, "wheel": tag},
                    {"python": free_threaded[-1], "wheel": tag},
                ]
            elif tag.endswith("abi3"):
                tests += [{"python": python, "wheel": tag}, {"python": newest, "wheel": tag}]
            elif abi3 or python in {python_min, newest} or python.endswith("t"):
                tests += [{"python": python, "wheel": tag}]
    for build in pypy_builds(python_min):
        tests += [
            {"python": p, "wheel": t}
            for p, t in zip(build["interpreters"], build["tags"], strict=True)
        ]
    return tests
