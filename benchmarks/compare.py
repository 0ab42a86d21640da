"""Time-to-green, rebuilds and wheels of this template against `maturin new` and `uv init`.

Each tool is taken through the journey a new user would follow, on the same machine in one
run: generate, create a venv, build, pass pytest; then a one-line edit and a rebuild; then a
release wheel and the import time of the module inside it. "cold" starts from an empty cargo
target directory, "warm" reuses the one the cold run filled (crates.io downloads stay cached
in CARGO_HOME either way). A first round, not counted, fills the download caches.

    pip install -r requirements-test.txt uv && python benchmarks/compare.py

Prints one table of medians with the ratio ours/theirs per row (below 1.0 means we are
faster or smaller).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TEMPLATE / "tests"))
from paths import path_without

BIN = Path(sys.executable).parent
# `uv init` writes no tests; a user's first one.
UV_TEST = (
    "from uv_init._core import hello_from_bin\n\n\ndef test_hello():\n    assert hello_from_bin()\n"
)


def run(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    """Runs one step of a journey; a failing step stops the benchmark with its output."""
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{shlex.join(command)} failed in {cwd}:\n{result.stdout}\n{result.stderr}")


@dataclass
class Tool:
    """One way to start a PyO3 project, as the steps a user would type."""

    name: str
    short: str  # for the ratio columns
    directory: str
    module: str
    create: Callable[[Path, dict[str, str]], None]
    rebuild: Callable[[Path, dict[str, str]], None]
    # (file, old text, new text): the one-line edit inside a #[pyfunction] body.
    edit: tuple[str, str, str]
    # A command run after the rebuild and what it must print: proof the edit was compiled in.
    probe: tuple[list[str], str]
    hide_uv: bool = False
    wheel: bool = True  # False: the same crate as "this template", so the same wheel


def venv_env(project: Path, env: dict[str, str]) -> dict[str, str]:
    return {**env, "VIRTUAL_ENV": str(project / ".venv")}


def ours_create(out: Path, env: dict[str, str]) -> None:
    run([sys.executable, "-m", "cookiecutter", "--no-input", str(TEMPLATE)], out, env)
    project = out / "rust-module"
    run(
        [str(project / ".venv/bin/python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        project,
        env,
    )


def ours_uv_create(out: Path, env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "cookiecutter", "--no-input", str(TEMPLATE)]
    run([*command, "project_manager=uv"], out, env)
    run(["uv", "run", "pytest", "-q", "-p", "no:cacheprovider"], out / "rust-module", env)


def maturin_create(out: Path, env: dict[str, str]) -> None:
    run(["maturin", "new", "--mixed", "--bindings", "pyo3", "maturin-new"], out, env)
    project = out / "maturin-new"
    run([sys.executable, "-m", "venv", ".venv"], project, env)
    run(["maturin", "develop", "--extras", "tests"], project, venv_env(project, env))
    run([".venv/bin/python", "-m", "pytest", "-q", "-p", "no:cacheprovider"], project, env)


def uv_create(out: Path, env: dict[str, str]) -> None:
    run(["uv", "init", "--lib", "--build-backend", "maturin", "uv-init"], out, env)
    project = out / "uv-init"
    (project / "tests").mkdir()
    (project / "tests" / "test_core.py").write_text(UV_TEST)
    run(["uv", "add", "--quiet", "--dev", "pytest"], project, env)
    run(["uv", "run", "pytest", "-q", "-p", "no:cacheprovider"], project, env)


GREET = "from rust_module.my_module import greet; print(greet())"


def ours(name: str, short: str, create: Callable, rebuild: list[str], **options: bool) -> Tool:
    """This template, generated and rebuilt one way; the probe runs in the project's .venv."""
    uv_project = create is ours_uv_create
    return Tool(
        name=name,
        short=short,
        directory="rust-module",
        module="rust_module",
        create=create,
        rebuild=lambda p, env: run(rebuild, p, env if uv_project else venv_env(p, env)),
        edit=("src/my_module.rs", '"Hello from Rust!"', '"Hello again from Rust!"'),
        probe=(
            ["uv", "run", "python", "-c", GREET]
            if uv_project
            else [".venv/bin/python", "-c", GREET],
            "Hello again from Rust!",
        ),
        **options,
    )


TOOLS = [
    ours("this template", "ours", ours_create, ["maturin", "develop", "--uv"]),
    # The hook uses uv when it finds it; this is the same journey for a user without uv.
    ours(
        "this template, no uv",
        "ours-no-uv",
        ours_create,
        ["maturin", "develop"],
        hide_uv=True,
        wheel=False,
    ),
    ours(
        "this template, uv project",
        "ours-uv-project",
        ours_uv_create,
        ["uv", "sync", "--quiet"],
        wheel=False,
    ),
    Tool(
        name="maturin new --mixed",
        short="maturin",
        directory="maturin-new",
        module="maturin_new",
        create=maturin_create,
        rebuild=lambda p, env: run(["maturin", "develop"], p, venv_env(p, env)),
        edit=("src/lib.rs", "Ok((a + b).to_string())", "Ok((a + b + 1).to_string())"),
        probe=(
            [
                ".venv/bin/python",
                "-c",
                "import maturin_new; print(maturin_new.sum_as_string(1, 1))",
            ],
            "3",
        ),
    ),
    Tool(
        name="uv init --build-backend maturin",
        short="uv",
        directory="uv-init",
        module="uv_init",
        create=uv_create,
        rebuild=lambda p, env: run(["uv", "sync", "--quiet"], p, env),
        edit=("src/lib.rs", '"Hello from uv-init!"', '"Hello again from uv-init!"'),
        probe=(
            [
                "uv",
                "run",
                "python",
                "-c",
                "from uv_init._core import hello_from_bin; print(hello_from_bin())",
            ],
            "Hello again from uv-init!",
        ),
    ),
]
# (numerator, denominator) of each ratio column, by short name.
RATIOS = [
    ("ours", "maturin"),
    ("ours", "uv"),
    ("ours-no-uv", "maturin"),
    ("ours-uv-project", "uv"),
]


def timed(step: Callable[[], None]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def tool_env(tool: Tool, env: dict[str, str], target: Path) -> dict[str, str]:
    """The environment of one tool: its own target dir, and a PATH without uv if asked."""
    env = {**env, "CARGO_TARGET_DIR": str(target)}
    if tool.hide_uv:
        env["PATH"] = path_without(target.parent / "no-uv-path", "uv", "uvx")
    return env


def journey(
    tool: Tool, work: Path, env: dict[str, str], target: Path, fresh: bool
) -> tuple[float, Path]:
    """Generates and greens one project; returns the seconds it took and the project."""
    if fresh:
        shutil.rmtree(target, ignore_errors=True)
    out = Path(tempfile.mkdtemp(dir=work))
    env = tool_env(tool, env, target)
    seconds = timed(lambda: tool.create(out, env))
    return seconds, out / tool.directory


def rebuild(tool: Tool, project: Path, env: dict[str, str], target: Path) -> float:
    """Seconds for the rebuild after a one-line change to a #[pyfunction] body."""
    path, old, new = tool.edit
    source = project / path
    text = source.read_text(encoding="utf-8")
    if old not in text:
        sys.exit(f"{tool.name}: {old!r} not found in {path}; update the benchmark's edit")
    source.write_text(text.replace(old, new), encoding="utf-8")
    env = tool_env(tool, env, target)
    seconds = timed(lambda: tool.rebuild(project, env))
    command, expected = tool.probe
    printed = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, check=False
    ).stdout
    if printed.strip() != expected:
        sys.exit(
            f"{tool.name}: the rebuild did not take effect ({printed.strip()!r} != {expected!r})"
        )
    return seconds


def release_wheel(tool: Tool, project: Path, env: dict[str, str], target: Path) -> Path:
    """Builds the release wheel with each project's own release profile."""
    dist = project / "dist"
    run(
        ["maturin", "build", "--release", "--out", str(dist)],
        project,
        {**env, "CARGO_TARGET_DIR": str(target)},
    )
    (wheel,) = dist.glob("*.whl")
    return wheel


def import_seconds(module: str, wheel: Path, work: Path, repeat: int) -> float:
    """Median time of a first `import` of the module from the unpacked release wheel."""
    site = Path(tempfile.mkdtemp(dir=work))
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    env = {**os.environ, "PYTHONPATH": str(site)}
    samples = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(repeat)
    ]
    return statistics.median(samples)


def template_suite(work: Path, env: dict[str, str]) -> tuple[float, int, int]:
    """Seconds for the template's own tests from an empty target dir, units compiled, PyO3 builds."""
    target = work / "suite-target"
    env = {**env, "CARGO_TARGET_DIR": str(target)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    seconds = timed(lambda: run(command, TEMPLATE, env))
    units = [path.name for path in target.glob("*/.fingerprint/*")]
    pyo3_builds = [name for name in units if re.fullmatch(r"pyo3-[0-9a-f]{16}", name)]
    return seconds, len(units), len(pyo3_builds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="measured rounds (default 3)")
    parser.add_argument(
        "--skip-suite", action="store_true", help="do not time the template's tests"
    )
    args = parser.parse_args()
    for command in ("maturin", "uv", "cargo"):
        if not shutil.which(command, path=f"{BIN}{os.pathsep}{os.environ['PATH']}"):
            sys.exit(f"{command} not found; run: pip install -r requirements-test.txt uv")

    work = Path(tempfile.mkdtemp(prefix="pyo3-bench-"))
    # The tools installed beside this Python come first, as in an activated venv.
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ['PATH']}"
    env = {
        **os.environ,
        "UV_PYTHON": sys.executable,
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_NO_PROGRESS": "1",
    }
    for name in ("VIRTUAL_ENV", "CARGO_TARGET_DIR", "CONDA_PREFIX"):
        env.pop(name, None)
    rows: dict[str, dict[str, list[float]]] = {}

    def record(row: str, tool: Tool, value: float) -> None:
        rows.setdefault(row, {}).setdefault(tool.name, []).append(value)

    projects: dict[str, Path] = {}
    for round_ in range(args.runs + 1):
        counted = round_ > 0
        print(
            f"round {round_}/{args.runs}" + ("" if counted else " (warm-up, not counted)"),
            flush=True,
        )
        for tool in TOOLS:
            target = work / "target" / tool.short
            cold, _ = journey(tool, work, env, target, fresh=True)
            warm, project = journey(tool, work, env, target, fresh=False)
            incremental = rebuild(tool, project, env, target)
            print(
                f"  {tool.name:32} cold {cold:6.1f}s  warm {warm:6.1f}s  rebuild {incremental:5.1f}s",
                flush=True,
            )
            if counted:
                record("time-to-green, cold target (s)", tool, cold)
                record("time-to-green, warm target (s)", tool, warm)
                record("rebuild after a one-line edit (s)", tool, incremental)
            projects[tool.name] = project

    print("release wheels", flush=True)
    for tool in TOOLS:
        if not tool.wheel:
            continue
        target = work / "target" / tool.short
        wheel = release_wheel(tool, projects[tool.name], env, target)
        record("release wheel (KiB)", tool, wheel.stat().st_size / 1024)
        with zipfile.ZipFile(wheel) as archive:
            (library,) = (info for info in archive.infolist() if info.filename.endswith(".so"))
        record("extension module, unpacked (KiB)", tool, library.file_size / 1024)
        record(
            "import from the wheel (ms)", tool, 1000 * import_seconds(tool.module, wheel, work, 21)
        )

    print_table(rows)
    if not args.skip_suite:
        print("\ntemplate test suite (empty target dir) ...", flush=True)
        seconds, units, pyo3_builds = template_suite(work, env)
        print(
            f"template test suite: {seconds:.1f}s, {units} compilation units, PyO3 built {pyo3_builds}x"
        )
    shutil.rmtree(work, ignore_errors=True)


def print_table(rows: dict[str, dict[str, list[float]]]) -> None:
    """A Markdown table: medians per tool, then the ratios."""
    header = ["", *(tool.name for tool in TOOLS), *(f"{a}/{b}" for a, b in RATIOS)]
    lines = [header]
    for row, by_tool in rows.items():
        medians = {
            tool.short: statistics.median(by_tool[tool.name])
            for tool in TOOLS
            if tool.name in by_tool
        }
        cells = [f"{medians[tool.short]:.1f}" if tool.short in medians else "-" for tool in TOOLS]
        ratios = [f"{medians[a] / medians[b]:.2f}" if a in medians else "-" for a, b in RATIOS]
        lines.append([row, *cells, *ratios])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    print()
    for index, line in enumerate(lines):
        print(
            "| "
            + " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
            + " |"
        )
        if index == 0:
            print("|" + "|".join("-" * (width + 2) for width in widths) + "|")


if __name__ == "__main__":
    main()
