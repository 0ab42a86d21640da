"""Every rule for an answer (cookiecutter_pyo3.rules): bad answers stop with one line naming the field.

The rules run once in a generate, where they can act: while cookiecutter renders the answers
(the `checked` filter), or as the extension loads for a replay (`guards.sources`). The command-line tests show both ends:
one `error:` line, no traceback, no files.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from cookiecutter_pyo3 import rules
from cookiecutter_pyo3.filters import naming
from kit import DECLARED, VALID_ANSWERS, bake, record_replay, run_cli


def test_the_defaults_pass() -> None:
    assert rules.problems(VALID_ANSWERS, DECLARED) == []


def test_abi3_works_with_every_python_min() -> None:
    """abi3 with 3.11 is a cp311 wheel beside the abi3 ones, not a refusal."""
    for python_min in DECLARED["python_min"]:
        answers = {**VALID_ANSWERS, "abi3": True, "python_min": python_min}
        assert rules.problems(answers, DECLARED) == []


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
    (problem,) = rules.problems({**VALID_ANSWERS, **changes}, DECLARED)
    assert problem.startswith(f"{field} ")


BAD_ANSWERS = [
    ("module_name", "class", "module_name 'class' is a Python keyword"),
    ("module_name", "async", "module_name 'async' is a Python keyword"),
    ("module_name", "json", "module_name 'json' would shadow the standard-library module"),
    ("module_name", "test", "module_name 'test' would shadow the standard-library module"),
    ("module_name", "sys", "module_name 'sys' would shadow the standard-library module"),
    ("module_name", "3d_tools", "module_name '3d_tools' must be an ASCII Python identifier"),
    ("module_name", "my-module", "module_name 'my-module' must be an ASCII Python identifier"),
    ("module_name", "모듈", "module_name '모듈' must be an ASCII Python identifier"),
    ("module_name", "_private", "module_name '_private' must not start with '_'"),
    ("module_name", "m" * 41, "module_name 'mmmmmmmm"),  # at most 40, as imports spell it
    ("project_slug", "../escape", "project_slug '../escape' must be 1-100 lower-case letters"),
    ("project_slug", "two words", "project_slug 'two words' must be"),
    ("project_slug", "a/b", "project_slug 'a/b' must be 1-100 lower-case letters"),
    ("project_slug", "..", "project_slug '..' must be 1-100 lower-case letters"),
    ("project_slug", "Upper", "project_slug 'Upper' must be"),
    ("project_slug", "-dash", "project_slug '-dash' must be"),
    ("version", "1.0-banana", "version '1.0-banana' must be MAJOR[.MINOR[.PATCH]]"),
    ("version", "one", "version 'one' must be MAJOR[.MINOR[.PATCH]]"),
    ("version", "1.0.post1", "version '1.0.post1' must be MAJOR[.MINOR[.PATCH]]"),
    ("author_email", "not-an-address", "author_email 'not-an-address' does not look like"),
    ("author_email", "a@b", "author_email 'a@b' does not look like"),
    ("project_name", "   ", "project_name is empty"),
    ("project_name", "🦀🦀", "project_slug is empty: give project_name a letter or digit"),
    # Cargo's SemVer: no leading zeros, numbers that fit in 64 bits.
    ("version", "1.0.0rc01", "version '1.0.0rc01' is '1.0.0-rc.01' in Cargo.toml, which Cargo"),
    ("version", "01.2.3", "version '01.2.3' is '01.2.3' in Cargo.toml, which Cargo refuses"),
    ("version", f"{2**64}.0.0", "in Cargo.toml, which Cargo refuses"),
    # Names the first build's own installs hold in .venv.
    ("module_name", "pip", "module_name 'pip' is the name of a package the first build installs"),
    ("module_name", "pytest", "module_name 'pytest' is the name of a package the first build"),
    ("module_name", "maturin", "module_name 'maturin' is the name of a package the first build"),
    # PEP 8 (ruff's N999 in the project) and rustc's non_snake_case crate names.
    ("module_name", "Geo", "module_name 'Geo' must be lower case"),
    ("module_name", "Self", "module_name 'Self' must be lower case"),
    # Windows' device names, in any case and with an extension: no folder can have them there.
    ("project_slug", "con", "project_slug 'con' is a device name on Windows"),
    ("project_slug", "nul.tools", "project_slug 'nul.tools' is a device name on Windows"),
    ("module_name", "Aux", "module_name 'Aux' is a device name on Windows"),
    ("module_name", "com1", "module_name 'com1' is a device name on Windows"),
    ("module_name", "LPT9", "module_name 'LPT9' is a device name on Windows"),
    # A name is one line of printable text: it is the README's heading, the licence's holder.
    (
        "project_name",
        "Tab\there",
        "project_name 'Tab\\there' contains the control character U+0009",
    ),
    (
        "project_name",
        "Two\nlines",
        "project_name 'Two\\nlines' contains the control character U+000A",
    ),
    (
        "author_name",
        "Ada\x1b[31m",
        "author_name 'Ada\\x1b[31m' contains the control character U+001B",
    ),
    # A very long value is quoted short.
    (
        "project_slug",
        "a" * 10_000,
        "project_slug '" + "a" * 56 + "... must be",
    ),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_ANSWERS)
def test_bad_answer_is_one_clear_line(tmp_path: Path, field: str, value: str, message: str) -> None:
    extra = [f"{field}={value}"]
    if field == "project_slug":
        extra.append("module_name=valid_name")
    result = run_cli(*extra, "run_first_build=no", cwd=tmp_path)
    assert result.returncode != 0
    output = (result.stdout + result.stderr).splitlines()
    errors = [line for line in output if "error: " in line]
    assert len(errors) == 1, output
    assert message in errors[0]
    assert len(errors[0]) < 300, "the line quotes the value whole"
    assert "Traceback (most recent call last):" not in output, output
    assert list(tmp_path.iterdir()) == [], "a failed generation left files behind"
    assert not (tmp_path.parent / "escape").exists()


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    result = run_cli("module_name=class", "version=x", "author_email=nope", cwd=tmp_path)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert [line.split()[1] for line in errors] == ["module_name", "version", "author_email"]


@pytest.mark.parametrize(
    ("module_name", "crate_name"),
    [
        ("match", "match_rs"),  # Python soft keyword, Rust keyword
        ("type", "type_rs"),
        ("case", "case"),  # Python soft keyword only
        ("fn", "fn_rs"),
        ("impl", "impl_rs"),
        ("self", "self_rs"),
        ("crate", "crate_rs"),
        ("core", "core_rs"),  # Rust's own core crate
        ("pyo3", "pyo3_rs"),  # a dependency of the crate
        ("tokio", "tokio_rs"),  # a dependency with async_example
        ("gen", "gen_rs"),  # reserved in the 2024 edition
        ("union", "union"),  # a weak keyword names a crate
    ],
)
def test_names_reserved_only_in_rust_are_accepted(
    tmp_path: Path, module_name: str, crate_name: str
) -> None:
    project = bake(tmp_path, module_name=module_name)
    assert (project / "python" / module_name / "__init__.py").is_file()
    assert f'name = "{crate_name}"' in (project / "Cargo.toml").read_text(encoding="utf-8")


def test_every_crate_the_targets_use_is_a_taken_name(tmp_path: Path) -> None:
    """A library named like a crate it uses is two candidates for one name (rustc's E0464)."""
    project = bake(tmp_path, async_example="yes")
    used = set()
    for manifest in (project / "Cargo.toml", project / "fuzz" / "Cargo.toml"):
        cargo = tomllib.loads(manifest.read_text(encoding="utf-8"))
        for table in ("dependencies", "dev-dependencies", "build-dependencies"):
            used |= {name.replace("-", "_") for name in cargo.get(table, {})}
    used.discard("rust_module")  # the fuzz crate's use of the crate itself
    assert used <= naming.TAKEN_CRATE_NAMES, used - naming.TAKEN_CRATE_NAMES


def test_empty_email_is_allowed(tmp_path: Path) -> None:
    project = bake(tmp_path, author_email="")
    assert "email" not in (project / "pyproject.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        # cookiecutter checks choices only when it prompts; the hook checks replays too.
        ("license", "WTFPL", "error: license 'WTFPL' is not one of: MIT, Apache-2.0"),
        # No prompt lets a NUL through, and no source file can hold one.
        ("description", "before\x00after", "error: description contains a NUL character"),
        # Nothing but a hand-edited replay holds a list where text goes.
        ("description", ["a", "list"], "error: description ['a', 'list'] must be text, not a list"),
    ],
)
def test_a_replayed_answer_no_prompt_would_give(
    tmp_path: Path, field: str, value: object, message: str
) -> None:
    _, replay = record_replay(tmp_path)
    recorded = json.loads(replay.read_text(encoding="utf-8"))
    recorded["cookiecutter"][field] = value
    replay.write_text(json.dumps(recorded), encoding="utf-8")
    out = tmp_path / "second"
    out.mkdir()
    result = run_cli(cwd=out, replay=replay)
    assert result.returncode != 0
    (line,) = result.stderr.splitlines()
    assert line.startswith(message) and line.endswith(f"(in the replay file {replay})"), line
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        # cookiecutter itself drops the whole default_context at a choice it does not offer.
        ("license: WTFPL", "error: license 'WTFPL' is not one of: MIT, Apache-2.0"),
        ("abi3: maybe", "error: abi3 'maybe' must be yes or no"),
        ("version: x", "error: version 'x' must be MAJOR[.MINOR[.PATCH]]"),
        ("module_name: CON", "error: module_name 'CON' is a device name on Windows"),
        ("description: [a, b]", "error: description ['a', 'b'] must be text, not a list"),
        ("version: 1.10", "error: version 1.1 must be text, not a float"),
    ],
)
def test_a_config_files_value_is_refused_like_one_given_on_the_command_line(
    tmp_path: Path, setting: str, message: str
) -> None:
    """One line naming the field and the file, before any prompt; nothing generated or built."""
    config = tmp_path / "team.yaml"
    config.write_text(f"default_context:\n  author_name: Ada\n  {setting}\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = run_cli("--config-file", str(config), cwd=out)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(message) and errors[0].endswith(f"(default_context in {config})")
    assert "Traceback" not in result.stderr and list(out.iterdir()) == []


def test_a_long_name_gives_a_module_name_within_the_limit() -> None:
    """The default import name of a long project name is cut, not refused."""
    answers = {**VALID_ANSWERS, "project_slug": "text-tools-" * 9 + "x"}
    answers["module_name"] = naming.module_name(answers["project_slug"])
    assert len(answers["module_name"]) == rules.MODULE_MAX
    assert rules.problems(answers, DECLARED) == []
