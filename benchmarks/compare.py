"""Time-to-green, the develop loop, rebuilds and wheels of this template against `maturin new`
and `uv init --build-backend maturin`.

Each tool is taken through a new user's journey on the same machine, in one run: generate, build,
pass pytest ("cold" from an empty cargo target directory, "warm" reusing it); then two rounds of
the develop loop after a one-line edit, counting PyO3 recompiles in the second; then a one-line
edit and the plain rebuild; then a release wheel and the import time of the module inside it.
A first round, not counted, fills the download caches.

    pip install -r requirements-test.txt uv && python benchmarks/compare.py [--before REV]

`--before REV` adds this template as it was at a git revision, for before/after figures.
Prints one table of medians with the ratio ours/theirs per row (below 1.0: we are faster).
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
from dataclasses import dataclass, field
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PYTEST = "-m pytest -q -p no:cacheprovider"
# `uv init` writes no tests: a user's first one.
UV_TEST = (
    "from uv_init._core import hello_from_bin\n\n\ndef test_hello():\n    assert hello_from_bin()\n"
)


def sh(*lines: str) -> list[list[str]]:
    """Commands as a user types them; `{python}` is the Python running this benchmark."""
    return [shlex.split(line.replace("{python}", shlex.quote(sys.executable))) for line in lines]


@dataclass
class Tool:
    """One way to start a PyO3 project, as the commands a user would type."""

    name: str
    short: str  # for the ratio columns
    module: str
    generate: list[list[str]]  # run in an empty directory; makes `directory`
    directory: str
    green: list[list[str]]  # run in the project until pytest passes
    rebuild: list[list[str]]  # after an edit, until the change is importable
    loop: list[list[str]]  # the develop loop: build for Python, Rust tests, editor checks
    edit: tuple[str, str, str]  # file, old text, new text in a #[pyfunction] body
    probe: tuple[list[str], str]  # prints `expected` once the edit is compiled in
    files: dict[str, str] = field(default_factory=dict)  # written into the new project
    hide_uv: bool = False
    wheel: bool = True
    timings: dict[str, list[float]] = field(default_factory=dict)


def ours(name: str, short: str, template: Path = TEMPLATE, **options: object) -> Tool:
    """This template: the first build is the hook's, the loop the one its README shows."""
    uv_project = bool(options.pop("uv_project", False))
    python = "uv run python" if uv_project else ".venv/bin/python"
    greet = "from rust_module.my_module import greet; print(greet())"
    return Tool(
        name=name,
        short=short,
        module="rust_module",
        generate=sh(
            f"{{python}} -m cookiecutter --no-input {shlex.quote(str(template))}"
            + (" project_manager=uv" if uv_project else "")
        ),
        directory="rust-module",
        green=sh(f"{python} {PYTEST}"),
        rebuild=sh(
            "uv sync --quiet"
            if uv_project
            else "maturin develop" + ("" if options.get("hide_uv") else " --uv")
        ),
        loop=sh(
            "uv sync --quiet" if uv_project else "maturin develop",
            "cargo test",
            "cargo check --all-targets",
            f"{python} {PYTEST}",
        ),
        edit=("src/my_module.rs", '"Hello from Rust!"', '"Hello again from Rust!"'),
        probe=(*sh(f"{python} -c {shlex.quote(greet)}"), "Hello again from Rust!"),
        **options,  # type: ignore[arg-type]
    )


def tools(before: Path | None) -> list[Tool]:
    found = [
        ours("this template", "ours"),
        # The hook uses uv when it finds it; the same journey for a user without uv.
        ours("this template, no uv", "ours-no-uv", hide_uv=True, wheel=False),
        ours("this template, uv project", "ours-uv-project", uv_project=True, wheel=False),
        Tool(
            name="maturin new --mixed",
            short="maturin",
            module="maturin_new",
            generate=sh("maturin new --mixed --bindings pyo3 maturin-new"),
            directory="maturin-new",
            green=sh(
                "{python} -m venv .venv",
                "maturin develop --extras tests",
                f".venv/bin/python {PYTEST}",
            ),
            rebuild=sh("maturin develop"),
            loop=sh(
                "maturin develop",
                "cargo test",
                "cargo check --all-targets",
                f".venv/bin/python {PYTEST}",
            ),
            edit=("src/lib.rs", "Ok((a + b).to_string())", "Ok((a + b + 1).to_string())"),
            probe=(
                *sh(".venv/bin/python -c 'import maturin_new as m; print(m.sum_as_string(1, 1))'"),
                "3",
            ),
        ),
        Tool(
            name="uv init --build-backend maturin",
            short="uv",
            module="uv_init",
            generate=sh("uv init --lib --build-backend maturin uv-init"),
            directory="uv-init",
            files={"tests/test_core.py": UV_TEST},
            green=sh("uv add --quiet --dev pytest", f"uv run {PYTEST[3:]}"),
            rebuild=sh("uv sync --quiet"),
            # `extension-module` keeps `cargo test` from linking: uv's loop and the editor's check.
            loop=sh(f"uv run {PYTEST[3:]}", "cargo check --all-targets"),
            edit=("src/lib.rs", '"Hello from uv-init!"', '"Hello again from uv-init!"'),
            probe=(
                *sh("uv run python -c 'from uv_init._core import hello_from_bin as h; print(h())'"),
                "Hello again from uv-init!",
            ),
        ),
    ]
    if before:
        found.insert(1, ours("this template before", "before", before, wheel=False))
    return found


RATIOS = [("ours", "before"), ("ours", "maturin"), ("ours", "uv"), ("ours-no-uv", "maturin")]
PYO3_BUILD = re.compile(r"^\s*(Compiling|Checking) pyo3(-ffi)? ", re.MULTILINE)


def run(commands: list[list[str]], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    """Runs commands in order; returns the seconds and what they printed on stderr (cargo's log).

    A failure stops the benchmark with the command's output.
    """
    started, log = time.perf_counter(), ""
    for command in commands:
        result = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, check=False
        )
        if result.returncode:
            sys.exit(f"{command} failed in {cwd}:\n{result.stdout}\n{result.stderr}")
        log += result.stderr
    return time.perf_counter() - started, log


def without_uv(work: Path) -> str:
    """PATH for a user who has maturin but no uv (here, both live beside this Python)."""
    shims = work / "no-uv"
    shims.mkdir(exist_ok=True)
    if not (shims / "maturin").exists():
        (shims / "maturin").symlink_to(BIN / "maturin")
    kept = [
        entry for entry in os.environ["PATH"].split(os.pathsep) if not Path(entry, "uv").exists()
    ]
    return os.pathsep.join([str(shims), *kept])


def edit(tool: Tool, project: Path, mark: str, *, change_output: bool = False) -> None:
    """Changes the source the edit names: a comment (tests still pass), or also the output."""
    path, old, new = tool.edit
    source = project / path
    text = source.read_text(encoding="utf-8")
    if old not in text:
        sys.exit(f"{tool.name}: {old!r} not found in {path}; update the benchmark's edit")
    if change_output:
        text = text.replace(old, new)
    source.write_text(f"{text}\n// {mark}\n", encoding="utf-8")


def journey(tool: Tool, work: Path, env: dict[str, str], counted: bool) -> Path:
    """Generates, greens, loops and rebuilds one project, recording the timings."""
    target = work / "target" / tool.short
    env = {**env, "CARGO_TARGET_DIR": str(target)}
    if tool.hide_uv:
        env["PATH"] = without_uv(work)
    figures: dict[str, float] = {}
    for warmth in ("cold", "warm"):
        if warmth == "cold":
            shutil.rmtree(target, ignore_errors=True)
        out = Path(tempfile.mkdtemp(dir=work))
        project = out / tool.directory
        started = time.perf_counter()
        run(tool.generate, out, env)
        for name, text in tool.files.items():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            (project / name).write_text(text, encoding="utf-8")
        run(tool.green, project, {**env, "VIRTUAL_ENV": str(project / ".venv")})
        figures[f"time-to-green, {warmth} target (s)"] = time.perf_counter() - started
    venv_env = {**env, "VIRTUAL_ENV": str(project / ".venv")}
    for round_ in (1, 2):  # the first round settles what the first build left
        edit(tool, project, f"loop round {round_}")
        seconds, log = run(tool.loop, project, venv_env)
    figures["develop loop, one round after an edit (s)"] = seconds
    figures["PyO3 recompiles in that round"] = len(PYO3_BUILD.findall(log))
    edit(tool, project, "rebuild", change_output=True)
    figures["rebuild after a one-line edit (s)"] = run(tool.rebuild, project, venv_env)[0]
    command, expected = tool.probe
    printed = subprocess.run(
        command, cwd=project, env=venv_env, capture_output=True, text=True, check=False
    ).stdout
    if printed.strip() != expected:
        sys.exit(f"{tool.name}: the rebuild did not take effect ({printed.strip()!r})")
    if tool.short == "ours-no-uv":
        shutil.rmtree(target / "debug", ignore_errors=True)
        bare = run([["cargo", "build"]], project, venv_env)[0]
        figures["bare `cargo build` of the crate, cold (s)"] = bare
    print(
        f"  {tool.name:32}" + "".join(f"  {value:6.1f}" for value in figures.values()), flush=True
    )
    if counted:
        for row, value in figures.items():
            tool.timings.setdefault(row, []).append(value)
    return project


def wheel_figures(tool: Tool, project: Path, work: Path, env: dict[str, str]) -> None:
    """Release wheel and module sizes, and the median first import from the unpacked wheel."""
    target = work / "target" / tool.short
    dist = project / "dist"
    release = ["maturin", "build", "--release", "--out", str(dist)]
    run([release], project, {**env, "CARGO_TARGET_DIR": str(target)})
    (wheel,) = dist.glob("*.whl")
    site = Path(tempfile.mkdtemp(dir=work))
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
        (library,) = (info for info in archive.infolist() if info.filename.endswith(".so"))
    code = f"import time; t = time.perf_counter(); import {tool.module}; print(time.perf_counter() - t)"
    imports = [
        float(
            subprocess.run(
                [sys.executable, "-c", code],
                env={**os.environ, "PYTHONPATH": str(site)},
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for _ in range(21)
    ]
    tool.timings["release wheel (KiB)"] = [wheel.stat().st_size / 1024]
    tool.timings["extension module, unpacked (KiB)"] = [library.file_size / 1024]
    tool.timings["import from the wheel (ms)"] = [1000 * statistics.median(imports)]


def print_table(found: list[Tool]) -> None:
    """A Markdown table: medians per tool, then the ratios."""
    shorts = {tool.short: tool for tool in found}
    ratios = [(a, b) for a, b in RATIOS if a in shorts and b in shorts]
    rows = list(dict.fromkeys(row for tool in found for row in tool.timings))
    lines = [["", *(tool.name for tool in found), *(f"{a}/{b}" for a, b in ratios)]]
    for row in rows:
        medians = {t.short: statistics.median(t.timings[row]) for t in found if row in t.timings}
        cells = [f"{medians[t.short]:.1f}" if t.short in medians else "-" for t in found]
        quotients = [
            f"{medians[a] / medians[b]:.2f}"
            if a in medians and b in medians and medians[b]
            else "-"
            for a, b in ratios
        ]
        lines.append([row, *cells, *quotients])
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    for index, line in enumerate(lines):
        print(
            "| "
            + " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
            + " |"
        )
        if index == 0:
            print("|" + "|".join("-" * (width + 2) for width in widths) + "|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="measured rounds (default 3)")
    parser.add_argument(
        "--before", metavar="REV", help="also measure the template at this git revision"
    )
    args = parser.parse_args()
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ['PATH']}"  # as in an activated venv
    for command in ("maturin", "uv", "cargo"):
        if not shutil.which(command):
            sys.exit(f"{command} not found; run: pip install -r requirements-test.txt uv")
    work = Path(tempfile.mkdtemp(prefix="pyo3-bench-"))
    before = None
    if args.before:
        before = work / "before"
        before.mkdir()
        archive = subprocess.run(
            ["git", "archive", args.before], cwd=TEMPLATE, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(before)], input=archive.stdout, check=True)
    env = {
        **os.environ,
        "UV_PYTHON": sys.executable,
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_NO_PROGRESS": "1",
    }
    for name in ("VIRTUAL_ENV", "CARGO_TARGET_DIR", "CONDA_PREFIX"):
        env.pop(name, None)
    found = tools(before)
    projects = {}
    for round_ in range(args.runs + 1):
        print(
            f"round {round_}/{args.runs}" + ("" if round_ else " (warm-up, not counted)"),
            flush=True,
        )
        for tool in found:
            projects[tool.short] = journey(tool, work, env, counted=round_ > 0)
    for tool in found:
        if tool.wheel:
            wheel_figures(tool, projects[tool.short], work, env)
    print()
    print_table(found)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
