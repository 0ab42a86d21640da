"""This template against `maturin new` and `uv init --build-backend maturin`, in one run.

Each tool goes through a new user's journey: generate, build and pass pytest ("cold" from an
empty cargo target directory, then "warm"; for this template each step of the first build,
its critical path); two rounds of its develop loop after an edit,
counting PyO3 recompiles in the second; a one-line edit and the rebuild; then a release wheel
and the import time of the module inside it. A round 0, not counted, fills the download caches.

    pip install -r requirements-test.txt && python -m benchmarks.compare [--runs N] [--before REV]

`--before REV` adds this template as it was at a git revision; `--only ours-no-uv,maturin`
runs only the journeys named by their short names; `prompts` is the interactive generate
against `--no-input` (the compile while the user answers). Prints a Markdown table of
medians, with the ratio ours/theirs per row (below 1.0: we are faster).
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

from helpers.baking import TEMPLATE, answer, path_without

PYTEST = "-m pytest -q -p no:cacheprovider"
PYO3_BUILD = re.compile(r"^\s*(Compiling|Checking) pyo3(-ffi)? ", re.MULTILINE)
RATIOS = [("ours-no-uv", "before"), ("ours", "maturin"), ("ours", "uv"), ("ours-no-uv", "maturin")]
GREEN = "time-to-green, {} target (s)"  # cold or warm
MACHINE_SETTINGS = {"PYTHONDONTWRITEBYTECODE", "RUST_BACKTRACE"}
# The floor under the first build: cargo alone, from an empty target directory.
BARE = "bare `cargo build` of the crate, cold (s)"


@dataclass
class Tool:
    """One way to start a PyO3 project, as the commands a user types (one per line)."""

    name: str
    short: str
    generate: str  # in an empty directory; makes `directory`
    directory: str
    green: str  # until pytest passes
    loop: str  # the develop loop: build for Python, Rust tests, editor checks
    rebuild: str  # after an edit, until the change is importable
    edit: tuple[str, str, str]  # file, text, replacement in a #[pyfunction] body
    probe: tuple[str, str]  # a command, and what it prints once the edit is compiled in
    files: dict[str, str] = field(default_factory=dict)  # written into the new project
    no_uv: bool = False
    wheel: bool = True
    timings: dict[str, list[float]] = field(default_factory=dict)

    @property
    def module(self) -> str:
        return self.directory.replace("-", "_")


def ours(
    name: str,
    short: str,
    template: Path = TEMPLATE,
    *,
    uv: bool = False,
    no_uv: bool = False,
    wheel: bool = True,
) -> Tool:
    """This template: the first build is the hook's, the loop the one its README shows."""
    python = "uv run python" if uv else ".venv/bin/python"
    develop = "uv sync --quiet" if uv else "maturin develop"
    greet = "from rust_module.my_module import greet; print(greet())"
    return Tool(
        name,
        short,
        f"{{python}} -m cookiecutter --no-input {shlex.quote(str(template))}"
        + (" project_manager=uv" if uv else ""),
        directory="rust-module",
        green=f"{python} {PYTEST}",
        loop=f"{develop}\ncargo test\ncargo check --all-targets\n{python} {PYTEST}",
        rebuild=develop if uv or no_uv else "maturin develop --uv",
        edit=("src/my_module.rs", '"Hello from Rust!"', '"Hello again from Rust!"'),
        probe=(f"{python} -c {shlex.quote(greet)}", "Hello again from Rust!"),
        no_uv=no_uv,
        wheel=wheel,
    )


def tools(before: Path | None) -> list[Tool]:
    found = [
        ours("this template", "ours"),
        # The hook uses uv when it finds it; the same journey for a user without uv.
        ours("this template, no uv", "ours-no-uv", no_uv=True, wheel=False),
        ours("this template, uv project", "ours-uv-project", uv=True, wheel=False),
        Tool(
            "maturin new --mixed",
            "maturin",
            "maturin new --mixed --bindings pyo3 maturin-new",
            directory="maturin-new",
            green=f"{{python}} -m venv .venv\nmaturin develop --extras tests\n.venv/bin/python {PYTEST}",
            loop=f"maturin develop\ncargo test\ncargo check --all-targets\n.venv/bin/python {PYTEST}",
            rebuild="maturin develop",
            edit=("src/lib.rs", "Ok((a + b).to_string())", "Ok((a + b + 1).to_string())"),
            probe=(
                ".venv/bin/python -c 'import maturin_new as m; print(m.sum_as_string(1, 1))'",
                "3",
            ),
        ),
        Tool(
            "uv init --build-backend maturin",
            "uv",
            "uv init --lib --build-backend maturin uv-init",
            directory="uv-init",
            # `uv init` writes no tests: a user's first one.
            files={
                "tests/test_core.py": "from uv_init._core import hello_from_bin\n\n\n"
                "def test_hello():\n    assert hello_from_bin()\n"
            },
            green=f"uv add --quiet --dev pytest\nuv run python {PYTEST}",
            # `extension-module` keeps `cargo test` from linking: uv's loop and the editor's check.
            loop=f"uv run python {PYTEST}\ncargo check --all-targets",
            rebuild="uv sync --quiet",
            edit=("src/lib.rs", '"Hello from uv-init!"', '"Hello again from uv-init!"'),
            probe=(
                "uv run python -c 'from uv_init._core import hello_from_bin as h; print(h())'",
                "Hello again from uv-init!",
            ),
        ),
    ]
    if before:
        # Without uv, as the first build of a user who has none.
        found.insert(1, ours("this template before", "before", before, no_uv=True, wheel=False))
    return found


def run(
    commands: str, cwd: Path | None, env: dict[str, str], *, stdout: bool = False
) -> tuple[float, str]:
    """Runs the lines in order: the seconds taken, and what they printed on stderr (cargo's
    log) or stdout. `{python}` is the Python running this. A failure ends the benchmark."""
    started, log = time.perf_counter(), ""
    for line in commands.splitlines():
        command = shlex.split(line.replace("{python}", shlex.quote(sys.executable)))
        done = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode:
            sys.exit(f"{line} failed in {cwd}:\n{done.stdout}\n{done.stderr}")
        log += done.stdout if stdout else done.stderr
    return time.perf_counter() - started, log


def edit(tool: Tool, project: Path, mark: str, *, change: bool = False) -> None:
    """A comment (tests still pass), and with `change` the edit that changes the output."""
    path, old, new = tool.edit
    text = (project / path).read_text(encoding="utf-8")
    if old not in text:
        sys.exit(f"{tool.name}: {old!r} not in {path}; update the benchmark's edit")
    (project / path).write_text(f"{text.replace(old, new) if change else text}\n// {mark}\n")


STEP = re.compile(
    r"^\[\d+/\d+\] (?P<title>.+?) \.\.\.$|^\s+done in (?P<seconds>[\d.]+)s$", re.MULTILINE
)


def first_build_steps(printed: str) -> dict[str, float]:
    """The critical path of the hook's first build, from the set-up's own progress lines: each
    step's seconds (the chains of a step run side by side, the steps one after another)."""
    steps, title = {}, None
    for match in STEP.finditer(printed):
        if match["title"]:
            title = match["title"]
        elif title is not None:
            steps[f"  first build, cold: {title} (s)"] = float(match["seconds"])
            title = None
    return steps


def journey(tool: Tool, work: Path, env: dict[str, str]) -> tuple[Path, dict[str, float]]:
    """One tool's journey: its figures, and the project it leaves."""
    target = work / "target" / tool.short
    env = {**env, "CARGO_TARGET_DIR": str(target)}
    if tool.no_uv:  # maturin stays on PATH, uv and uvx do not
        env["PATH"] = path_without(work / "no-uv", "uv", "uvx")
    figures = {}
    for warmth in ("cold", "warm"):
        if warmth == "cold":
            shutil.rmtree(target, ignore_errors=True)
        out = Path(tempfile.mkdtemp(dir=work))
        project, started = out / tool.directory, time.perf_counter()
        printed = run(tool.generate, out, env, stdout=True)[1]
        if warmth == "cold":
            figures |= first_build_steps(printed)
        for name, text in tool.files.items():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            (project / name).write_text(text, encoding="utf-8")
        run(tool.green, project, {**env, "VIRTUAL_ENV": str(project / ".venv")})
        figures[GREEN.format(warmth)] = time.perf_counter() - started
    env["VIRTUAL_ENV"] = str(project / ".venv")
    for round_ in (1, 2):  # the first round settles what the first build left
        edit(tool, project, f"loop round {round_}")
        seconds, log = run(tool.loop, project, env)
    figures["develop loop, one round after an edit (s)"] = seconds
    figures["PyO3 recompiles in that round"] = len(PYO3_BUILD.findall(log))
    edit(tool, project, "rebuild", change=True)
    figures["rebuild after a one-line edit (s)"] = run(tool.rebuild, project, env)[0]
    command, expected = tool.probe
    if (printed := run(command, project, env, stdout=True)[1].strip()) != expected:
        sys.exit(f"{tool.name}: the rebuild did not take effect ({printed!r})")
    if tool.no_uv:
        shutil.rmtree(target / "debug", ignore_errors=True)
        figures[BARE] = run("cargo build", project, env)[0]
    print(f"  {tool.name:32}" + "".join(f"  {v:6.1f}" for v in figures.values()), flush=True)
    return project, figures


def wheel_figures(tool: Tool, project: Path, work: Path, env: dict[str, str]) -> dict[str, float]:
    """Release wheel and module sizes, and the median first import from the unpacked wheel."""
    target = {**env, "CARGO_TARGET_DIR": str(work / "target" / tool.short)}
    run(f"maturin build --release --out {project / 'dist'}", project, target)
    (wheel,) = (project / "dist").glob("*.whl")
    site = Path(tempfile.mkdtemp(dir=work))
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
        (library,) = (info for info in archive.infolist() if info.filename.endswith(".so"))
    code = f"import time; t = time.perf_counter(); import {tool.module}; print(time.perf_counter() - t)"
    command = f"{{python}} -c {shlex.quote(code)}"
    site_env = {**env, "PYTHONPATH": str(site)}
    imports = [float(run(command, None, site_env, stdout=True)[1]) for _ in range(21)]
    return {
        "release wheel (KiB)": wheel.stat().st_size / 1024,
        "extension module, unpacked (KiB)": library.file_size / 1024,
        "import from the wheel (ms)": 1000 * statistics.median(imports),
    }


PROMPT_ROWS = (
    "interactive, answered at 1 s a prompt: last answer to green (s)",
    "`--no-input`: command to green (s)",
)


def prompts_row(work: Path, env: dict[str, str], pace: float = 1.0) -> tuple[float, float]:
    """The first build after an interactive generate against `--no-input`, each from a cold
    target directory and an empty cache: seconds from the last answer (or the command) to a
    green pytest. The answers are the defaults, typed at `pace` seconds a prompt."""
    import pexpect  # only this row needs a terminal

    env = {**env, "XDG_CACHE_HOME": tempfile.mkdtemp(dir=work)}
    out = Path(tempfile.mkdtemp(dir=work))
    command = [sys.executable, "-m", "cookiecutter", str(TEMPLATE)]
    child = pexpect.spawn(command[0], command[1:], cwd=out, env=env, encoding="utf-8", timeout=600)
    answer(child, pace=pace)
    last_answer = time.perf_counter()
    child.expect(pexpect.EOF)
    child.close()
    if child.exitstatus:
        sys.exit(f"the interactive generate failed:\n{child.before}")
    green = f".venv/bin/python {PYTEST}"
    run(green, out / "rust-module", env)
    interactive = time.perf_counter() - last_answer

    env = {**env, "XDG_CACHE_HOME": tempfile.mkdtemp(dir=work)}
    out = Path(tempfile.mkdtemp(dir=work))
    started = time.perf_counter()
    run(f"{{python}} -m cookiecutter --no-input {shlex.quote(str(TEMPLATE))}", out, env)
    run(green, out / "rust-module", env)
    return interactive, time.perf_counter() - started


def print_prompts(rows: list[tuple[float, float]]) -> None:
    interactive, no_input = (statistics.median(column) for column in zip(*rows, strict=True))
    print(f"| | median of {len(rows)} | ratio |\n|---|---|---|")
    print(f"| {PROMPT_ROWS[0]} | {interactive:.1f} | {interactive / no_input:.2f} |")
    print(f"| {PROMPT_ROWS[1]} | {no_input:.1f} | 1.00 |")


def print_table(found: list[Tool]) -> None:
    """Medians per tool, then the ratios, as a Markdown table."""
    shorts = {tool.short for tool in found}
    ratios = [(a, b) for a, b in RATIOS if {a, b} <= shorts]
    print("| | " + " | ".join([t.name for t in found] + [f"{a}/{b}" for a, b in ratios]) + " |")
    print("|---" * (1 + len(found) + len(ratios)) + "|")
    for row in dict.fromkeys(row for tool in found for row in tool.timings):
        medians = {t.short: statistics.median(t.timings[row]) for t in found if row in t.timings}
        cells = [f"{medians[t.short]:.1f}" if t.short in medians else "" for t in found]
        cells += [
            f"{medians[a] / medians[b]:.2f}" if medians.get(b) and a in medians else ""
            for a, b in ratios
        ]
        print(f"| {row} | " + " | ".join(cells) + " |")
    for tool in (tool for tool in found if BARE in tool.timings):
        cold, bare = (statistics.median(tool.timings[row]) for row in (GREEN.format("cold"), BARE))
        ratio = cold / bare
        print(f"\n{tool.name}: cold time-to-green / bare `cargo build` = {ratio:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="measured rounds (default 3)")
    parser.add_argument("--before", metavar="REV", help="also the template at this revision")
    parser.add_argument(
        "--only",
        metavar="SHORT,...",
        help="only these journeys, by short name (ours-no-uv,maturin)",
    )
    args = parser.parse_args()
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    if missing := [c for c in ("maturin", "uv", "cargo") if not shutil.which(c)]:
        sys.exit(f"{', '.join(missing)} not found; run: pip install -r requirements-test.txt")
    work = Path(tempfile.mkdtemp(prefix="pyo3-bench-"))
    before = work / "before" if args.before else None
    if before:
        run(f"git archive -o {work / 'before.tar'} {args.before}", TEMPLATE, dict(os.environ))
        shutil.unpack_archive(work / "before.tar", before)
    env = {
        k: v
        for k, v in os.environ.items()
        # Set on some CI machines, not in a new user's shell: PYTHONDONTWRITEBYTECODE makes
        # every pytest compile pytest's and Hypothesis's modules again, RUST_BACKTRACE every
        # panic a test provokes write a backtrace.
        if k not in {"VIRTUAL_ENV", "CARGO_TARGET_DIR", "CONDA_PREFIX", *MACHINE_SETTINGS}
    }
    env |= {"UV_PYTHON": sys.executable, "UV_PYTHON_DOWNLOADS": "never", "UV_NO_PROGRESS": "1"}
    found, projects, prompts = tools(before), {}, []
    only = args.only.split(",") if args.only else [*(tool.short for tool in found), "prompts"]
    found = [tool for tool in found if tool.short in only]
    for round_ in range(args.runs + 1):
        print(f"round {round_}/{args.runs}" + ("" if round_ else " (warm-up, not counted)"))
        if "prompts" in only:
            figures = prompts_row(work, env)
            print(f"  {'prompts':32}" + "".join(f"  {v:6.1f}" for v in figures), flush=True)
            prompts += [figures] if round_ else []
        for tool in found:
            projects[tool.short], figures = journey(tool, work, env)
            for row, value in figures.items():
                tool.timings.setdefault(row, []).extend([value] if round_ else [])
    for tool in found:
        if tool.wheel:
            figures = wheel_figures(tool, projects[tool.short], work, env)
            tool.timings |= {row: [value] for row, value in figures.items()}
    print()
    if found:
        print_table(found)
    if prompts:
        print_prompts(prompts)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
