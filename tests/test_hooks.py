"""The hooks' functions, tested directly: the hooks are Python before cookiecutter renders them.

The bakes in the other files show that the hooks work end to end; these tests pin down their
decisions (which answer is refused, which steps run at once) without compiling anything.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import signal
import subprocess
import sys
import venv
from pathlib import Path

import jinja2
import pytest

from helpers import DECLARED, FILTERS, PRE_GEN, PYTHONS, SETUP, TEMPLATE, VALID_ANSWERS, bake

POST = FILTERS.load_module(TEMPLATE / "hooks" / "post_gen_project.py")


def test_the_defaults_pass() -> None:
    assert PRE_GEN.problems(VALID_ANSWERS, DECLARED) == []


def test_abi3_works_with_every_python_min() -> None:
    """abi3 with 3.11 is a cp311 wheel beside the abi3 ones, not a refusal."""
    for python_min in DECLARED["python_min"]:
        answers = {**VALID_ANSWERS, "abi3": True, "python_min": python_min}
        assert PRE_GEN.problems(answers, DECLARED) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"module_name": "class"}, "module_name"),
        ({"project_slug": "Upper"}, "project_slug"),
        ({"project_slug": ""}, "project_slug"),
        ({"version": "1.0.post1"}, "version"),
        ({"license": "GPL"}, "license"),
        ({"abi3": "maybe"}, "abi3"),
        ({"repository_url": "github.com/you/project"}, "repository_url"),
        ({"repository_url": "https://example.com/a b"}, "repository_url"),
    ],
)
def test_each_problem_names_its_field(changes: dict[str, object], field: str) -> None:
    (problem,) = PRE_GEN.problems({**VALID_ANSWERS, **changes}, DECLARED)
    assert problem.startswith(f"{field} ")


def project(root: Path, *, uv_managed: bool = False) -> object:
    tools = ["nox", "pytest"]
    return SETUP.Project(root, "pkg", (3, 11), uv_managed, tools, "maturin>=1.13,<2", "editable")


def test_the_set_up_reads_the_project_from_pyproject(tmp_path: Path) -> None:
    """What a clone's set-up knows comes from the files it clones, not from the answers."""
    root = bake(tmp_path, python_min="3.12", module_name="text_tools", project_manager="uv")
    loaded = SETUP.Project.load(root)
    assert (loaded.module, loaded.python_min, loaded.uv_managed) == ("text_tools", (3, 12), True)
    assert "pre-commit>=4" in loaded.requirements and "pytest>=8" in loaded.requirements
    assert not SETUP.Project.load(bake(tmp_path / "pip")).uv_managed


def test_without_uv_cargo_compiles_while_pip_bootstraps(tmp_path: Path) -> None:
    steps = SETUP.plan(project(tmp_path), "/usr/bin/python3", None, "/bin/maturin", tmp_path)
    assert [len(step.chains) for step in steps] == [1, 1, 1, 1]
    create, (compile_,), develop, smoke = (step.chains for step in steps)
    (tools,) = steps[1].background
    assert create == [
        [["/usr/bin/python3", "-m", "venv", "--without-pip", str(tmp_path / ".venv")]]
    ]
    assert compile_[0][:4] == ["/bin/maturin", "build", "--profile", "editable"]
    assert compile_[0][-2:] == ["--out", str(tmp_path)], "the throwaway wheel stays out of target/"
    assert [command[2] for command in tools] == ["ensurepip", "pip"]
    assert develop == [[["/bin/maturin", "develop"]]]
    assert smoke[0][0][-1] == "import pkg; print(pkg.my_module.greet())"


def test_without_uv_one_pip_run_installs_pip_and_the_tools(tmp_path: Path) -> None:
    steps = SETUP.plan(project(tmp_path), "/py", None, "/bin/maturin", tmp_path, python_pip=True)
    (tools,) = steps[1].background
    venv_python = str(tmp_path / ".venv" / "bin" / "python")
    assert tools == [
        ["/py", "-m", "pip", "--python", venv_python, "install", "--quiet",
         "--disable-pip-version-check", "nox", "pytest", "pip"]
    ]  # fmt: skip


def test_only_a_python_with_pip_installs_into_the_venv(tmp_path: Path) -> None:
    assert SETUP.pip_installs_elsewhere(sys.executable)
    venv.create(tmp_path / "bare", with_pip=False)
    bare = tmp_path / "bare" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    assert not SETUP.pip_installs_elsewhere(str(bare))
    assert not SETUP.pip_installs_elsewhere(str(tmp_path / "missing"))


def test_a_python_without_pip_still_gets_pip_and_the_tools_into_the_venv(tmp_path: Path) -> None:
    """The ensurepip chain, run for real: the default bake covers the other one."""
    venv.create(tmp_path / "base", with_pip=False)
    base = str(tmp_path / "base" / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))
    pkg = project(tmp_path / "pkg")
    pkg.root.mkdir()
    steps = SETUP.plan(pkg, base, None, "/bin/maturin", tmp_path, python_pip=False)
    (tools,) = steps[1].background
    assert SETUP.run_steps([steps[0], SETUP.Step("tools", [tools])], pkg) is None
    check = "import pip, pytest, nox"
    assert subprocess.run([str(pkg.python), "-c", check], check=False).returncode == 0


def test_with_uv_maturin_compiles_and_installs_in_one_step(tmp_path: Path) -> None:
    steps = SETUP.plan(project(tmp_path), "/usr/bin/python3", "/bin/uv", "/bin/maturin", tmp_path)
    create, develop, smoke = steps
    assert "--seed" in create.chains[0][0], "users expect pip in .venv"
    assert smoke.title == "Importing pkg"
    assert develop.chains == [[["/bin/maturin", "develop", "--uv"]]]
    (tools,) = develop.background
    assert tools[0][:3] == ["/bin/uv", "pip", "install"]


def test_without_maturin_it_is_installed_before_compiling(tmp_path: Path) -> None:
    steps = SETUP.plan(project(tmp_path), "/usr/bin/python3", "/bin/uv", None, tmp_path)
    assert [step.title for step in steps][1:3] == [
        "Installing maturin and the tools into .venv",
        "Installing the extension into .venv (maturin develop)",
    ]
    assert steps[2].chains == [[[str(tmp_path / ".venv" / "bin" / "maturin"), "develop", "--uv"]]]


def test_a_set_up_venv_is_not_made_or_filled_again(tmp_path: Path) -> None:
    """A second run (`nox -s develop`) only builds: the stamp says the tools are there."""
    pkg = dataclasses.replace(project(tmp_path), keeps_venv=True)
    pkg.venv.mkdir()
    pkg.stamp.write_text(json.dumps(pkg.requirements), encoding="utf-8")
    steps = SETUP.plan(pkg, "/usr/bin/python3", None, "/bin/maturin", tmp_path)
    assert [step.title for step in steps] == [
        "Installing the extension into .venv (maturin develop)",
        "Importing pkg",
    ]
    pkg.stamp.write_text(json.dumps([*pkg.requirements, "new-tool"]), encoding="utf-8")
    steps = SETUP.plan(pkg, "/usr/bin/python3", None, "/bin/maturin", tmp_path)
    assert steps[0].background, "a changed list is installed"


def test_a_person_is_told_one_command(tmp_path: Path) -> None:
    """Whatever stopped the set-up, the same command finishes it, from a new shell."""
    shown = SETUP.again(project(tmp_path))
    assert shown.splitlines()[-1].strip().endswith("scripts/bootstrap.py")


def guarded(tmp_path: Path, body: str) -> list[str]:
    """A command that runs the post-generation hook's guard around `body`, as its `main`."""
    script = tmp_path / "guarded.py"
    script.write_text(
        "import pathlib, sys, time\n"
        f"sys.path.insert(0, {str(TEMPLATE)!r})\n"
        "import local_extensions\n"
        # The hook takes its guard from the project's set-up, which it finds in the project.
        f"local_extensions.load_module(pathlib.Path({str(SETUP.__file__)!r}))\n"
        f"post = local_extensions.load_module(pathlib.Path({str(POST.__file__)!r}))\n"
        "def main():\n"
        + "".join(f"    {line}\n" for line in body.splitlines())
        + "post.main = main\n"
        "sys.exit(post.guarded())\n",
        encoding="utf-8",
    )
    return [sys.executable, str(script)]


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("raise RuntimeError('boom')", "stopped on an unexpected RuntimeError: boom"),
        ("raise KeyboardInterrupt", "Stopped. The project is kept"),
        ("post.tell('Created /tmp/caf\\u00e9')", "Created /tmp/caf\\xe9"),
    ],
)
def test_the_hook_exits_0_whatever_happens(tmp_path: Path, body: str, said: str) -> None:
    """An exception, Ctrl-C, a character stderr cannot encode: one line, exit 0."""
    result = subprocess.run(
        guarded(tmp_path, body),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert said in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_a_signal_stops_the_hook_with_exit_0(tmp_path: Path) -> None:
    command = guarded(tmp_path, "print('started', flush=True)\ntime.sleep(60)")
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as hook:
        assert hook.stdout is not None and hook.stdout.readline() == "started\n"
        hook.send_signal(signal.SIGTERM)
        _, err = hook.communicate(timeout=60)
    assert hook.returncode == 0 and "Stopped." in err and "Traceback" not in err, err


def test_a_closed_pipe_does_not_fail_the_hook(tmp_path: Path) -> None:
    """`cookiecutter ... | head -1`: the reader goes away, the hook carries on to exit 0."""
    reader, writer = os.pipe()
    os.close(reader)
    body = "for n in range(10000):\n    post.tell(f'line {n}')"
    with os.fdopen(writer, "w") as closed:
        result = subprocess.run(
            guarded(tmp_path, body), stdout=closed, stderr=subprocess.PIPE, text=True, check=False
        )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr and "Exception ignored" not in result.stderr


def test_a_uv_project_is_one_sync(tmp_path: Path) -> None:
    pkg = project(tmp_path, uv_managed=True)
    steps = SETUP.plan(pkg, "/usr/bin/python3.13", "/bin/uv", None, tmp_path)
    assert steps[0].chains == [[["/bin/uv", "sync", "--python", "/usr/bin/python3.13"]]]
    kept = SETUP.plan(dataclasses.replace(pkg, keeps_venv=True), "/x", "/bin/uv", None, tmp_path)
    assert kept[0].chains == [[["/bin/uv", "sync"]]], "uv keeps the .venv it has"


def test_every_chain_runs_to_its_end_and_the_failed_step_is_named(tmp_path: Path) -> None:
    niceness = tmp_path / "niceness"
    python = sys.executable
    steps = [
        SETUP.Step("fine", [[[python, "-c", "pass"]]]),
        SETUP.Step(
            "half fails",
            [[[python, "-c", "raise SystemExit(3)"]]],
            background=(
                [[python, "-c", f"import os; open({str(niceness)!r}, 'w').write(str(os.nice(0)))"]],
            ),
        ),
        SETUP.Step("never", [[[python, "-c", "raise SystemExit(4)"]]]),
    ]
    assert SETUP.run_steps(steps, project(tmp_path)) == 1
    assert niceness.read_text() == ("19" if hasattr(os, "setpriority") else "0")


def test_a_newer_python_is_found_in_pyenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    newer = [version for version in PYTHONS if version > f"3.{sys.version_info.minor}"]
    if not newer:
        pytest.skip("this machine has no CPython newer than the one running the tests")
    version = newer[0]
    python = tmp_path / "pyenv" / "versions" / f"{version}.0" / "bin" / "python3"
    python.parent.mkdir(parents=True)
    python.symlink_to(PYTHONS[version])
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    monkeypatch.setenv("PATH", os.defpath)  # no python3.X, no py, no uv
    minimum = tuple(int(part) for part in version.split("."))
    found = SETUP.find_python(minimum)
    assert found is not None and Path(found).resolve() == Path(PYTHONS[version]).resolve()


def test_no_python_is_found_when_none_is_new_enough(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "none"))
    monkeypatch.setenv("PATH", os.defpath)
    assert SETUP.find_python((3, 99)) is None


@pytest.mark.parametrize("name", ["pre_gen_project", "post_gen_project"])
def test_any_answer_survives_rendering(name: str) -> None:
    """Quotes, backslashes and newlines in an answer reach the hook as the same string."""
    context = {**VALID_ANSWERS, "description": 'a """ b \\ c\n\'d\' \\'}
    source = (TEMPLATE / "hooks" / f"{name}.py").read_text(encoding="utf-8")
    rendered = jinja2.Environment().from_string(source).render(cookiecutter=context)
    (answers,) = (
        node.value
        for node in ast.parse(rendered).body
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "ANSWERS"
    )
    assert json.loads(ast.literal_eval(answers)) == context
