"""Generated projects really build, import and pass their own checks.

Each variant is generated through the command line with the first build on, exactly as a user
would, then the project's own test suites, linters and type checks run in its own venv. The
variants share CARGO_TARGET_DIR, so PyO3 compiles once per feature set.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

from bootstrap import STEPS
from cookiecutter_pyo3 import rules
from kit import PYTHONS, documented_names, path_without, run, run_cli, stub_names

# Every variant's first build takes a different path through the hook.
VARIANTS = {
    # pip only: the user has no uv, so the hook uses venv and pip.
    "default": ([], ["uv", "uvx"]),
    # uv found on PATH speeds up the pip-managed path. The async example rides on the abi3
    # build: one more feature set, not two. abi3 with 3.11: a cp311 wheel beside the abi3 ones.
    "abi3-async": (
        [
            "abi3=yes",
            "python_min=3.11",
            "async_example=yes",
            "project_name=Stable ABI",
            "license=MIT OR Apache-2.0",
        ],
        [],
    ),
    # A uv-managed project (uv sync, uv.lock) with the minimal examples, whose module name is a
    # keyword of Rust's 2024 edition (the crate is `gen_rs`), on 3.13: the hook finds a newer
    # CPython than the one running cookiecutter.
    "uv-rust-keyword": (
        [
            "project_name=Match Maker",
            "module_name=gen",
            "project_manager=uv",
            "python_min=3.13",
            "examples=minimal",
        ],
        [],
    ),
}


class Built:
    """A generated project after its hook's first build."""

    def __init__(self, project: Path, hook_output: str) -> None:
        self.project = project
        self.hook_output = hook_output
        self.python = project / ".venv" / "bin" / "python"
        self.module = next((project / "python").iterdir()).name

    def run(self, *command: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
        return run(list(command), self.project, **kwargs)

    def mypy(self, *args: str) -> list[str]:
        """mypy from .venv, where the set-up installed the lint group's pinned version."""
        return [str(self.python), "-m", "mypy", *args]

    def stubtest(self) -> subprocess.CompletedProcess[str]:
        """stubtest in .venv, where the module is installed."""
        return self.run(str(self.python), "-m", "mypy.stubtest", self.module)

    def stubs(self) -> dict[str, bytes]:
        return {
            path.relative_to(self.project).as_posix(): path.read_bytes()
            for path in (self.project / "python").rglob("*.pyi")
        }


@pytest.fixture(scope="module", params=list(VARIANTS))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    answers, hidden = VARIANTS[request.param]
    out = tmp_path_factory.mktemp(request.param)
    env = {**os.environ}
    if hidden:
        env["PATH"] = path_without(tmp_path_factory.mktemp("path"), *hidden)
    result = run_cli(*answers, cwd=out, env=env)
    assert result.returncode == 0, result.stderr
    (project,) = out.iterdir()
    (out.parent / f"{out.name}.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    return Built(project, result.stdout + result.stderr)


def test_hook_reports_progress_and_imports(built: Built) -> None:
    """The set-up's own lines: which Python and why, each step with its time, what next."""
    output = built.hook_output
    chosen = r"Setting up \S+ with Python 3\.\d+ \(.+\), the first CPython >= 3\.\d+ found"
    assert re.search(chosen + "; --python PATH chooses another.", output)
    # Each step once, numbered among all five, whether the first build runs them in one go
    # (a uv project: `uv sync` builds) or beside the compile.
    steps = re.findall(r"^\[(\d)/5\] (\w+) \.\.\.$", output, re.MULTILINE)
    assert steps == [(str(n), step) for n, step in enumerate(STEPS, 1)]
    assert len(re.findall(r"^      done in \d+\.\d+s$", output, re.MULTILINE)) == len(steps)
    assert "Stopped" not in output and "Next steps:" in output
    assert (built.project / ".git" / "hooks" / "pre-commit").is_file(), "a repository of its own"
    if not (built.project / "uv.lock").exists():
        assert (built.python.parent / "pip").is_file(), "users expect pip in .venv"


TOP_LEVEL_NAMES = """
import importlib.metadata as metadata
for dist in metadata.distributions():
    top = (dist.read_text("top_level.txt") or "").split() or [
        file.parts[0].removesuffix(".py")
        for file in dist.files or []
        if not file.parts[0].endswith((".dist-info", ".data", ".pth", ".so"))
        and file.parts[0] not in {"..", "__pycache__"}
    ]
    print(*top)
"""


def test_the_names_in_venv_are_refused_as_module_names(built: Built) -> None:
    """The rule for module_name is read off what the first build installs: nothing new here."""
    printed = built.run(str(built.python), "-c", TOP_LEVEL_NAMES).stdout
    names = set(printed.split()) - {built.module, f"_{built.module}", f"{built.module}.pth"}
    names = {name for name in names if name.isidentifier()}
    assert names <= rules.VENV_NAMES, sorted(names - rules.VENV_NAMES)


def test_first_import_works(built: Built) -> None:
    code = f"import {built.module}.my_module as m; from {built.module}.my_module import greet; print(m.greet(), greet())"
    assert built.run(str(built.python), "-c", code).stdout.split() == ["Hello", "from", "Rust!"] * 2


def test_a_panic_backtrace_names_the_source_line(built: Built) -> None:
    """maturin's development builds keep debug info: a backtrace points at the user's code."""
    if not (built.project / "src" / "color.rs").is_file():
        pytest.skip("the minimal examples have no function that panics")
    code = (
        f"from {built.module}.my_module import panic_on_purpose\n"
        "try:\n    panic_on_purpose('boom')\nexcept BaseException:\n    pass\n"
    )
    result = built.run(str(built.python), "-c", code, env={**os.environ, "RUST_BACKTRACE": "1"})
    assert re.search(r"panic_on_purpose\n +at \./src/my_module\.rs:\d+:\d+\n", result.stderr)


def test_python_tests_pass(built: Built) -> None:
    """Every test the default selection collects passes: none skipped, none failed.

    The set-up tests (marker ``setup``) clone and build the project again; they
    run in test_setup.py's own checks, so the default selection leaves them out.
    """
    pytest_ = [str(built.python), "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    collected = built.run(*pytest_, "--collect-only").stdout
    count = int(re.search(r"^(\d+)(?:/\d+)? tests? collected", collected, re.MULTILINE).group(1))
    assert re.search(
        rf"^{count} passed(?:, \d+ deselected)? in ", built.run(*pytest_).stdout, re.MULTILINE
    )


def test_a_python_outside_venv_is_told_the_set_up(built: Built) -> None:
    """pytest from a Python without the set-up's packages (this one has no Hypothesis) stops
    at once with the command that sets .venv up, as after `rm -rf .venv`."""
    outside = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    done = subprocess.run(outside, cwd=built.project, capture_output=True, text=True, check=False)
    uv = "uv run pytest" in (built.project / "README.md").read_text("utf-8")
    way_out = "run `uv run pytest`" if uv else "run `python3 scripts/bootstrap.py`"
    assert done.returncode == 4 and way_out in done.stdout + done.stderr, done.stdout


def test_rust_tests_pass_with_embedded_interpreter(built: Built) -> None:
    result = built.run("cargo", "test")
    results = [
        int(n) for n in re.findall(r"test result: ok\. (\d+) passed; 0 failed", result.stdout)
    ]
    assert "tests/embedded_python.rs" in result.stderr  # cargo's "Running" line
    rust = [*built.project.glob("src/*.rs"), *built.project.glob("tests/*.rs")]
    declared = sum(path.read_text(encoding="utf-8").count("#[test]") for path in rust)
    assert sum(results) == declared, result.stdout


def test_rust_lints_pass(built: Built) -> None:
    built.run("cargo", "fmt", "--check")
    built.run("cargo", "clippy", "--all-targets", "--", "-D", "warnings")


def test_python_lints_and_stubs_pass(built: Built) -> None:
    """ruff and mypy from .venv, as the project configures them: the set-up installed them."""
    built.run(str(built.python), "-m", "ruff", "check", ".")
    built.run(str(built.python), "-m", "ruff", "format", "--check", ".")
    built.run(str(built.python), "-m", "mypy")
    built.stubtest()


def test_committed_stubs_are_the_generated_ones(built: Built) -> None:
    """The README's develop command regenerates the stubs, and they match the template's."""
    committed = built.stubs()
    built.run(sys.executable, "-m", "nox", "-s", "develop")
    assert built.stubs() == committed
    assert {"python/" + built.module + "/_core.pyi"} <= committed.keys()


def test_stubs_serve_user_code(built: Built, tmp_path: Path) -> None:
    """mypy --strict reads the shipped stubs: good calls pass, a wrong call is caught."""
    calls = [
        (
            f"from {built.module}.exceptions import Error\n"
            f"from {built.module}.my_module import greet\n\n"
            "message: str = greet()\n"
            "failure: type[Exception] = Error\n"
        )
    ]
    if (built.project / "src" / "color.rs").is_file():
        calls.append(
            f"\n\nfrom {built.module} import Color, Counter\n"
            f"from {built.module}.my_module import estimate_pi, greet_person\n\n"
            "message += greet_person('Ferris', greeting='Hi', times=2)\n"
            "pi: float = estimate_pi(10)\n"
            "color: Color = Color.from_hex('#ffffff').mix(Color(0, 0, 0), factor=0.25)\n"
            "total: int = Counter().increment(2)\n"
            "try:\n    Color(300, 0, 0)\nexcept Error as error:\n    print(error)\n"
        )
    if (built.project / "src" / "async_example.rs").is_file():
        calls.append(
            f"\n\nfrom {built.module}.async_example import greet_after\n\n\n"
            "async def main() -> str:\n"
            "    greeting: str = await greet_after('Ferris', 0.1)\n"
            "    return greeting\n"
        )
    good = tmp_path / "good.py"
    good.write_text("".join(calls))
    built.run(*built.mypy("--strict", str(good)))
    bad = tmp_path / "bad.py"
    bad.write_text(f"from {built.module}.my_module import greet\n\ngreet(1)\n")
    result = subprocess.run(
        built.mypy("--strict", str(bad)),
        cwd=built.project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "Too many arguments" in result.stdout, result.stdout


def test_edit_then_rebuild(built: Built) -> None:
    """The documented loop picks up a change to Rust: `uv run` for uv, else maturin develop."""
    source = built.project / "src" / "my_module.rs"
    original = source.read_text(encoding="utf-8")
    source.write_text(original.replace('"Hello from Rust!"', '"Edited in Rust!"'), "utf-8")
    greet = f"from {built.module}.my_module import greet; print(greet())"
    try:
        if (built.project / "uv.lock").exists():
            printed = built.run("uv", "run", "python", "-c", greet).stdout
        else:
            env = {**os.environ, "VIRTUAL_ENV": str(built.project / ".venv")}
            built.run("maturin", "develop", env=env)
            printed = built.run(str(built.python), "-c", greet).stdout
    finally:
        source.write_text(original, "utf-8")
    assert printed.strip() == "Edited in Rust!"


def test_develop_loop_recompiles_no_pyo3(built: Built) -> None:
    """maturin and plain cargo keep their own builds: after one round, an edit rebuilds the crate.

    Before `[profile.editable]` and `[profile.wheel]` every switch recompiled pyo3-ffi and pyo3
    (`cargo build -v`: "the env variable PYO3_ENVIRONMENT_SIGNATURE changed").
    """
    if built.project.name != "rust-module":
        pytest.skip("the loop does not depend on the options: one variant is enough")
    env = {**os.environ, "VIRTUAL_ENV": str(built.project / ".venv")}
    loop = [
        ["maturin", "develop"],
        ["cargo", "test", "--no-run"],
        ["maturin", "build"],
        ["cargo", "check", "--all-targets"],
        ["cargo", "clippy", "--all-targets"],
    ]
    source = built.project / "src" / "my_module.rs"
    original = source.read_text(encoding="utf-8")
    recompiled = []
    try:
        for edit in ("// first round\n", "// second round\n"):
            source.write_text(original + edit, encoding="utf-8")
            recompiled = [
                line
                for command in loop
                for line in built.run(*command, env=env).stderr.splitlines()
                if re.match(r"\s*(Compiling|Checking) pyo3", line)
            ]
    finally:
        source.write_text(original, encoding="utf-8")
    assert recompiled == []


def test_pip_editable_install(built: Built, tmp_path: Path) -> None:
    """`pip install -e .` (PEP 660 through maturin): a working module in a fresh venv."""
    if built.project.name != "rust-module":
        pytest.skip("the editable build does not depend on the options: one variant is enough")
    venv = tmp_path / "venv"
    built.run(sys.executable, "-m", "venv", str(venv))
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    built.run(*pip, "--disable-pip-version-check", "-e", ".")
    code = f"from {built.module}.my_module import greet; print(greet())"
    assert built.run(str(venv / "bin" / "python"), "-c", code).stdout.strip() == "Hello from Rust!"


def test_failed_compile_keeps_the_project(tmp_path: Path) -> None:
    """A real compiler failure: the project stays and the retry commands are printed."""
    env = {**os.environ, "RUSTFLAGS": "--cfg broken -C no-such-codegen-option"}
    env["CARGO_TARGET_DIR"] = str(tmp_path / "target")  # keep the shared cache clean
    result = run_cli(cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert re.search(r"maturin develop .*failed \(see above\): fix it\. Then run:", result.stderr)
    assert result.stderr.rstrip().endswith("python3 scripts/bootstrap.py")
    assert (tmp_path / "rust-module" / "src" / "lib.rs").is_file()


def test_distributions_pass_twine_and_build_offline(built: Built, tmp_path: Path) -> None:
    """`twine check --strict`, `pyroma` (10/10), offline `pip wheel <sdist>`: each built variant."""
    dist = tmp_path / "dist"
    # As in the project's shell: .venv active, so maturin builds for its Python.
    venv = {**os.environ, "VIRTUAL_ENV": str(built.project / ".venv")}
    built.run("maturin", "sdist", "--out", str(dist), env=venv)
    built.run("maturin", "build", "--out", str(dist), env=venv)
    (sdist,) = dist.glob("*.tar.gz")
    (wheel,) = dist.glob("*.whl")
    built.run(sys.executable, "-m", "twine", "check", "--strict", str(sdist), str(wheel))
    # pyroma reads an sdist, not a wheel; both carry the same metadata.
    rating = built.run(sys.executable, "-m", "pyroma", "--min", "10", str(sdist)).stdout
    assert "Final rating: 10/10" in rating, rating
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"Cargo.toml", "Cargo.lock", "pyproject.toml", "build.rs", "src/lib.rs"} <= names
    assert not {name for name in names if name.startswith((".venv/", "target/"))}
    env = {
        **os.environ,
        "CARGO_NET_OFFLINE": "true",
        "PIP_NO_INDEX": "1",
        # The point is a complete sdist: a dev build proves that as well as the wheel profile.
        "MATURIN_PEP517_ARGS": "--profile dev",
    }
    rebuilt = tmp_path / "rebuilt"
    # The project's own Python (it may be newer than this one); a uv-made .venv has no pip.
    install = ["uv", "pip", "install", "--quiet", "--python", str(built.python)]
    pyproject = tomllib.loads((built.project / "pyproject.toml").read_text(encoding="utf-8"))
    built.run(*install, "pip", *pyproject["build-system"]["requires"])
    built.run(
        str(built.python),
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "--wheel-dir",
        str(rebuilt),
        str(sdist),
        env=env,
    )
    # Same name, version and Python tags; pip builds carry the plain `linux` platform tag.
    (again,) = rebuilt.glob("*.whl")
    assert again.name.split("-")[:4] == wheel.name.split("-")[:4]


def test_the_published_wheel_set(built: Built, tmp_path: Path) -> None:
    """`abi3audit --strict`: the wheels CI builds (ci/pythons.py), with the interpreters here.

    Each build runs as CI runs it, minus the interpreters this machine lacks:
    maturin builds the abi3t wheel without a 3.15 (PEP 803's stable ABI needs no headers of
    the version it targets). Each wheel must carry its expected tags, the stable-ABI ones must
    use the stable ABI only, and each is installed into a fresh venv of every local Python it
    serves, where the project's tests pass.
    """
    answers = json.loads((built.project / ".cookiecutter.json").read_text(encoding="utf-8"))
    if not answers["abi3"]:
        pytest.skip("without abi3 the wheels are version-specific: test_distributions builds one")
    read = [sys.executable, "ci/pythons.py", "--stable-abi", "builds"]
    builds = [line.split() for line in built.run(*read).stdout.splitlines()]
    # Release settings without fat LTO: the point is the tags and the ABI.
    env = {
        **os.environ,
        "CARGO_PROFILE_WHEEL_LTO": "false",
        "CARGO_PROFILE_WHEEL_CODEGEN_UNITS": "16",
    }
    for args in builds:
        at = args.index("--interpreter")
        options = [str(tmp_path) if arg == "dist" else arg for arg in args[:at]]
        local = [
            PYTHONS.get(python.removeprefix("python"), python)
            for python in args[at + 1 :]
            if python.removeprefix("python") in PYTHONS or python == "python3.15"
        ]
        if local:
            built.run("maturin", "build", *options, "--interpreter", *local, env=env)
    wheels = {"-".join(path.name.split("-")[2:4]): path for path in tmp_path.glob("*.whl")}
    assert sorted(wheels) == ["cp311-cp311", "cp312-abi3", "cp315-abi3.abi3t"]
    built.run(sys.executable, "-m", "abi3audit", "--strict", str(wheels["cp312-abi3"]))
    # abi3audit 0.0.26 predates PEP 793: a module's export hook, PyModExport_<name> (the
    # extension's, and pyo3-async-runtimes' own module), is the one kind of symbol it does not
    # know. Every symbol it reports must be one of those.
    report = subprocess.run(
        [sys.executable, "-m", "abi3audit", "--report", str(wheels["cp315-abi3.abi3t"])],
        capture_output=True,
        text=True,
        check=False,
    )
    audited = json.loads(report.stdout)["specs"]
    violations = {
        symbol
        for spec in audited.values()
        for wheel in spec["wheel"]
        for symbol in wheel["result"]["non_abi3_symbols"]
    }
    assert "PyModExport__core" in violations, report.stdout
    assert all(symbol.startswith("PyModExport_") for symbol in violations), report.stdout
    pyproject = tomllib.loads((built.project / "pyproject.toml").read_text(encoding="utf-8"))
    test_group = pyproject["dependency-groups"]["test"]
    for tag, python in [("cp311-cp311", "3.11"), ("cp312-abi3", "3.12"), ("cp312-abi3", "3.13")]:
        venv = tmp_path / f"venv-{tag}-{python}"
        built.run("uv", "venv", "--quiet", "--python", PYTHONS[python], str(venv))
        pip = ["uv", "pip", "install", "--quiet", "--python", str(venv / "bin" / "python")]
        built.run(*pip, str(wheels[tag]), *test_group)
        result = built.run(
            str(venv / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"
        )
        assert " passed" in result.stdout and "failed" not in result.stdout


def remove_color(project: Path) -> None:
    """The README's recipe for removing an example, for `Color`, edit by edit."""
    for path in ("src/color.rs", "tests/test_color.py"):
        (project / path).unlink()
    shutil.rmtree(project / "fuzz")

    def cut(name: str, *pieces: str) -> None:
        text = (project / name).read_text(encoding="utf-8")
        for piece in pieces:
            assert piece in text, (name, piece)
            text = text.replace(piece, "", 1)
        (project / name).write_text(text, encoding="utf-8")

    cut(
        "src/lib.rs",
        "// Public for Rust code outside the crate: the fuzz targets in fuzz/.\npub mod color;\n",
        "    #[pymodule_export]\n    use crate::color::Color;\n",
    )
    cut(
        "src/errors.rs",
        "    /// Text that is not a `#rrggbb` colour.\n"
        '    #[error("invalid colour {text:?}: {reason}")]\n'
        "    InvalidColor { text: String, reason: &'static str },\n",
        '    InvalidColorError: "Text that is not a #rrggbb colour.",\n',
        "            Error::InvalidColor { .. } => PyErr::new::<exceptions::InvalidColorError, _>"
        "(message),\n",
    )
    embedded = (project / "tests" / "embedded_python.rs").read_text(encoding="utf-8")
    case = embedded.split("        assert_raises::<exceptions::InvalidColorError>(", 1)[1]
    cut(
        "tests/embedded_python.rs",
        "        assert_raises::<exceptions::InvalidColorError>("
        + case.split("        );\n", 1)[0]
        + "        );\n",
    )
    registry = (project / "tests" / "entry_points.py").read_text(encoding="utf-8")
    section = registry.split("# Color: src/color.rs\n", 1)[1].split("# Counter: src/counter.rs", 1)[
        0
    ]
    cut("tests/entry_points.py", "# Color: src/color.rs\n" + section)


def test_an_example_is_removed_as_the_readme_says(built: Built, tmp_path: Path) -> None:
    """`Color` taken out as the README says, in a copy of the project: the set-up, every lint
    and both suites pass, and nothing else names it."""
    if built.project.name != "rust-module":
        pytest.skip("the examples do not depend on the other options: one variant is enough")
    recipe = (built.project / "README.md").read_text(encoding="utf-8")
    recipe = recipe.split("An example you do not want", 1)[1].split("\n\n", 1)[0]
    for named in (
        "src/color.rs",
        "tests/test_color.py",
        "fuzz/",
        "src/lib.rs",
        "src/errors.rs",
        "tests/embedded_python.rs",
        "tests/entry_points.py",
        "# Color",
        "nox -s develop",
    ):
        assert named in recipe, named
    project = tmp_path / "rust-module"
    ignored = shutil.ignore_patterns(".venv", "target", ".git", "__pycache__", ".*_cache", "*.so")
    shutil.copytree(built.project, project, ignore=ignored)
    run(["git", "init", "-q"], project)
    remove_color(project)
    shell = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYO3_PYTHON"}}
    run([sys.executable, "scripts/bootstrap.py"], project, env=shell)
    run(["git", "add", "-A"], project)
    python = str(project / ".venv" / "bin" / "python")
    lint = run(
        [python, "-m", "pre_commit", "run", "--all-files"],
        project,
        env={**shell, "PATH": f"{project / '.venv' / 'bin'}{os.pathsep}{shell['PATH']}"},
    )
    assert "Failed" not in lint.stdout
    run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], project)
    run(["cargo", "test", "--quiet"], project, env=shell)
    named = subprocess.run(
        ["git", "grep", "-l", "-e", "InvalidColor", "-e", "from_hex", "--", ":!README.md"],
        cwd=project, capture_output=True, text=True, check=False,
    ).stdout.split()  # fmt: skip
    assert named == [], named


PORTED_SUBMODULE = """\
//! Ported from elsewhere: a submodule with functions, a class and an error of its own.

#[pyo3::pymodule(submodule)]
pub mod geometry {
    use pyo3::prelude::*;

    use crate::errors::Error;

    /// A point in the plane.
    #[pyclass(frozen)]
    pub struct Point {
        #[pyo3(get)]
        x: f64,
        #[pyo3(get)]
        y: f64,
    }

    #[pymethods]
    impl Point {
        /// Creates a point from its two coordinates.
        #[new]
        fn new(x: f64, y: f64) -> Self {
            Self { x, y }
        }

        /// Distance from the origin.
        fn norm(&self) -> f64 {
            self.x.hypot(self.y)
        }
    }

    /// Distance between two points.
    #[pyfunction]
    fn distance(a: &Point, b: &Point) -> f64 {
        (a.x - b.x).hypot(a.y - b.y)
    }

    /// Names a shape by its number of corners.
    #[pyfunction]
    fn shape(corners: u32) -> Result<&'static str, Error> {
        match corners {
            0..=2 => Err(Error::TooFewCorners { corners }),
            3 => Ok("triangle"),
            4 => Ok("square"),
            _ => Ok("polygon"),
        }
    }
}
"""

PORTED_TEST = """\
import pytest

import {module}
import {module}.geometry
from {module}.exceptions import Error, TooFewCornersError
from {module}.geometry import Point, distance, shape


def test_ported_submodule() -> None:
    assert {module}.geometry.shape(3) == shape(3) == "triangle"
    assert distance(Point(0.0, 0.0), Point(3.0, 4.0)) == Point(3.0, 4.0).norm() == 5.0
    assert Point.__module__ == "{module}.geometry"


def test_ported_error_kind() -> None:
    with pytest.raises(TooFewCornersError, match="at least 3 corners, got 2"):
        shape(2)
    assert issubclass(TooFewCornersError, Error)
"""


# What tests/entry_points.py gets for the port: a strategy and an example for each new export.
PORTED_ENTRY_POINTS = """\
    "geometry.Point": EntryPoint(
        st.builds(lambda x, y: lambda: Point(x, y), st.floats(), st.floats()),
        lambda: Point(3.0, 4.0).norm(),
    ),
    "geometry.Point.norm": EntryPoint(
        st.builds(lambda p: lambda: p.norm(), st.builds(Point, st.floats(), st.floats())),
        lambda: Point(3.0, 4.0).norm(),
    ),
    "geometry.Point.x": EntryPoint(
        st.builds(lambda p: lambda: p.x, st.builds(Point, st.floats(), st.floats())),
        lambda: Point(3.0, 4.0).x,
    ),
    "geometry.Point.y": EntryPoint(
        st.builds(lambda p: lambda: p.y, st.builds(Point, st.floats(), st.floats())),
        lambda: Point(3.0, 4.0).y,
    ),
    "geometry.distance": EntryPoint(
        st.builds(
            lambda a, b: lambda: distance(a, b),
            st.builds(Point, st.floats(), st.floats()),
            st.builds(Point, st.floats(), st.floats()),
        ),
        lambda: distance(Point(0.0, 0.0), Point(3.0, 4.0)),
    ),
    "geometry.shape": EntryPoint(
        st.builds(lambda corners: lambda: shape(corners), st.integers()),
        lambda: shape(4),
    ),
    "my_module.isqrt": EntryPoint(
        st.builds(lambda n: lambda: isqrt(n), st.integers()),
        lambda: isqrt(17),
        raises=(ValueError,),
    ),
    "Tally": EntryPoint(
        st.builds(lambda total: lambda: Tally(total), st.integers()),
        lambda: Tally(3).total,  # an example's result is compared: a value, not an object
    ),
    "Tally.total": EntryPoint(
        st.builds(lambda total: lambda: Tally(total).total, st.integers(0, 2**64 - 1)),
        lambda: Tally(3).total,
    ),
"""


def add_entry_points(project: Path, module: str) -> None:
    """The port's entries, as the suite asks: imports, sorted as an editor sorts them, and
    lines at the end of ENTRY_POINTS."""
    registry = project / "tests" / "entry_points.py"
    text = registry.read_text(encoding="utf-8")
    anchor = "\nCall = "
    assert anchor in text and text.endswith("}\n")
    imports = (
        f"from {module} import Tally\nfrom {module}.geometry import Point, distance, shape\n"
        f"from {module}.my_module import isqrt\n"
    )
    text = text.replace(anchor, f"\n{imports}{anchor}", 1)
    registry.write_text(text[: -len("}\n")] + PORTED_ENTRY_POINTS + "}\n", encoding="utf-8")
    ruff = [sys.executable, "-m", "ruff", "check", "--quiet", "--select", "I", "--fix"]
    run([*ruff, str(registry)], project)


def add_error_kind(project: Path, *, with_arm: bool) -> None:
    """The README's recipe for a new kind of error: a variant, a line, an arm (if `with_arm`)."""
    errors = project / "src" / "errors.rs"
    text = errors.read_text(encoding="utf-8")
    variant = (
        "    /// A shape with fewer than three corners.\n"
        '    #[error("a shape needs at least 3 corners, got {corners}")]\n'
        "    TooFewCorners { corners: u32 },\n"
    )
    text = text.replace("pub enum Error {\n", "pub enum Error {\n" + variant, 1)
    line = '    TooFewCornersError: "A shape with fewer than three corners.",\n'
    text = text.replace("exceptions! {\n", "exceptions! {\n" + line, 1)
    if with_arm:
        arm = (
            "            Error::TooFewCorners { .. } => "
            "PyErr::new::<exceptions::TooFewCornersError, _>(message),\n"
        )
        text = text.replace("        match error {\n", "        match error {\n" + arm, 1)
    errors.write_text(text, encoding="utf-8")


def add_to_lib(project: Path, module_line: str, export: str) -> None:
    """src/lib.rs with a `mod` line among the others and an export among the exports, each in
    name order, as the README's recipes place them."""
    lib = project / "src" / "lib.rs"
    text = lib.read_text(encoding="utf-8")

    def name(line: str) -> str:
        return line.strip().removeprefix("pub ").removeprefix("mod ").removeprefix("use ")

    mods = [line for line in text.splitlines() if re.match(r"(pub )?mod \w+;$", line)]
    after = next((line for line in mods if name(line) > name(module_line)), None)
    at, new = (
        (after, f"{module_line}\n{after}") if after else (mods[-1], f"{mods[-1]}\n{module_line}")
    )
    text = text.replace(f"{at}\n", f"{new}\n", 1)
    used = name(export.splitlines()[-1])
    uses = re.findall(r"    #\[pymodule_export\]\n    use .*\n", text)
    later = next((use for use in uses if name(use.splitlines()[1]) > used), None)
    text = (
        text.replace(later, export + later, 1)
        if later
        else text.replace(uses[-1], uses[-1] + export)
    )
    lib.write_text(text, encoding="utf-8")


def follow_the_readmes_submodule_recipe(project: Path) -> None:
    """src/lib.rs as the README's recipe says, from its own text."""
    readme = (project / "README.md").read_text(encoding="utf-8")
    recipe = readme.split("**Submodules.**", 1)[1].split("```rust\n", 1)[1].split("```", 1)[0]
    lines = [line.split(" //")[0].rstrip() for line in recipe.splitlines()]
    module_line = next(line for line in lines if line.startswith("mod "))
    tree = lines.index("pub mod _core {")
    add_to_lib(project, module_line, "".join(f"{line}\n" for line in lines[tree + 1 :] if line))


# The recipe for a function: a #[pyfunction] in a submodule's block. It refuses a negative
# argument with ValueError, as Python's math.isqrt does, and its entry declares that.
PORTED_FUNCTION = """\
    /// The whole square root of `n`, as `math.isqrt`: `ValueError` for a negative `n`.
    #[pyfunction]
    fn isqrt(n: i64) -> PyResult<u64> {
        let n = u64::try_from(n).map_err(|_| {
            pyo3::exceptions::PyValueError::new_err("isqrt() argument must be nonnegative")
        })?;
        Ok(n.isqrt())
    }

"""

# The recipe for a class: a file of its own, exported by the core.
PORTED_CLASS = """\
//! A total that a port keeps at the top of the package.

use pyo3::prelude::*;

/// A total of whole steps.
#[pyclass(frozen)]
pub struct Tally {
    total: u64,
}

#[pymethods]
impl Tally {
    /// A tally of `total`.
    #[new]
    fn new(total: u64) -> Self {
        Self { total }
    }

    /// The total.
    #[getter]
    fn total(&self) -> u64 {
        self.total
    }
}
"""


def test_the_readmes_recipes_as_printed(built: Built) -> None:
    """A user's port by the README's recipes: a submodule with a class and functions, a
    function in my_module that raises ValueError, a class of the core, a kind of error. Stubs,
    imports and the docs' API pages follow, the error recipe's forgotten arm does not compile,
    the suite names each new export until tests/entry_points.py has it, and then every lint
    (the pre-commit hooks, cargo fmt among them) and both suites pass.

    Runs last for its variant: it changes the project.
    """
    if built.project.name != "rust-module":
        pytest.skip("the port does not depend on the options: one variant is enough")
    project = built.project
    follow_the_readmes_submodule_recipe(project)
    (project / "src" / "geometry.rs").write_text(PORTED_SUBMODULE, encoding="utf-8")
    (project / "tests" / "test_geometry.py").write_text(
        PORTED_TEST.format(module=built.module), encoding="utf-8"
    )
    my_module = project / "src" / "my_module.rs"
    text = my_module.read_text(encoding="utf-8")
    anchor = "    /// Returns a greeting from Rust.\n"
    my_module.write_text(text.replace(anchor, PORTED_FUNCTION + anchor, 1), encoding="utf-8")
    (project / "src" / "tally.rs").write_text(PORTED_CLASS, encoding="utf-8")
    add_to_lib(project, "mod tally;", "    #[pymodule_export]\n    use crate::tally::Tally;\n")
    errors = project / "src" / "errors.rs"
    original = errors.read_text(encoding="utf-8")
    add_error_kind(project, with_arm=False)
    forgotten = subprocess.run(
        ["cargo", "check"], cwd=project, capture_output=True, text=True, check=False
    )
    assert "TooFewCorners { .. }` not covered" in forgotten.stderr, forgotten.stderr
    errors.write_text(original, encoding="utf-8")
    add_error_kind(project, with_arm=True)
    python_files = {path for path in project.joinpath("python").rglob("*") if path.is_file()}

    built.run(sys.executable, "-m", "nox", "-s", "develop")

    added = {path for path in project.joinpath("python").rglob("*") if path.is_file()}
    added -= python_files
    assert {path.name for path in added} == {"geometry.pyi"}
    assert "def distance(a: Point, b: Point) -> float" in (added.pop()).read_text("utf-8")
    run_pytest = [str(built.python), "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    assert "2 passed" in built.run(*run_pytest, "tests/test_geometry.py").stdout
    asked = subprocess.run(
        [*run_pytest, "tests/test_properties.py"], cwd=project, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    # A class in a submodule is asked for with its members, as a class of the core is.
    missing = (
        "['Tally', 'Tally.total', 'geometry.Point', 'geometry.Point.norm', 'geometry.Point.x', "
        "'geometry.Point.y', 'geometry.distance', 'geometry.shape', 'my_module.isqrt']"
    )
    assert f"add these to ENTRY_POINTS in tests/entry_points.py: {missing}" in asked.stdout
    add_entry_points(project, built.module)
    built.run(*run_pytest)
    built.stubtest()
    run(["git", "add", "-A"], project)
    venv_first = f"{built.python.parent}{os.pathsep}{os.environ['PATH']}"
    lint = subprocess.run(
        [str(built.python), "-m", "pre_commit", "run", "--all-files"], cwd=project,
        capture_output=True, text=True, check=False, env={**os.environ, "PATH": venv_first},
    )  # fmt: skip
    assert lint.returncode == 0, lint.stdout[-4000:]
    built.run("cargo", "test", "--quiet")
    built.run(sys.executable, "-m", "nox", "-s", "docs")
    html = project / "docs" / "_build" / "html"
    new = {
        f"{built.module}.geometry.distance",
        f"{built.module}.exceptions.TooFewCornersError",
        f"{built.module}.my_module.isqrt",
        f"{built.module}.Tally",
    }
    assert new <= stub_names(project) <= documented_names(html)
    point = (html / "api" / built.module / "geometry" / "index.html").read_text(encoding="utf-8")
    assert "Creates a point from its two coordinates." in point
