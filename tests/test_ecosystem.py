"""The generated project passes the tools its ecosystem checks projects with.

GitHub Actions workflow and Dependabot config: check-jsonschema's vendored schemas and zizmor
(offline audits). pyproject.toml: validate-pyproject. All of them on the rendered matrix, in
which every value of every option meets every value of every other (helpers.MATRIX). The whole repository: Scientific Python's repo-review.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import yaml

import pythons as project_pythons  # the generated project's ci/pythons.py
from cookiecutter_pyo3.filters.naming import ci_host
from kit import CHOICES, TEMPLATE, bake, run, tool

DEPENDABOT = ".github/dependabot.yml"


def test_workflows_match_github_schemas(rendered: list[Path], tmp_path: Path) -> None:
    """`check-jsonschema` (workflow, Dependabot): every pair of option values (the matrix)."""
    schema = ["--builtin-schema", "vendor.github-workflows"]
    files = [str(path) for p in rendered for path in (p / ".github" / "workflows").glob("*.yml")]
    run(tool("check-jsonschema", *schema, *files), tmp_path)
    schema = ["--builtin-schema", "vendor.dependabot"]
    bots = [str(p / DEPENDABOT) for p in rendered if (p / DEPENDABOT).exists()]
    run(tool("check-jsonschema", *schema, *bots), tmp_path)


def test_template_workflow_is_valid(tmp_path: Path) -> None:
    """`check-jsonschema`, `zizmor --offline`: the template repository's own workflow."""
    workflow = TEMPLATE / ".github" / "workflows" / "template.yml"
    schema = ["--builtin-schema", "vendor.github-workflows"]
    run(tool("check-jsonschema", *schema, str(workflow)), tmp_path)
    result = run(tool("zizmor", "--offline", str(workflow.parent.parent)), tmp_path)
    assert "No findings to report" in result.stdout


def test_workflows_pass_zizmor(rendered: list[Path], tmp_path: Path) -> None:
    """`zizmor --offline`: the workflows of every pair of option values, with no findings."""
    github = [str(p / ".github") for p in rendered if (p / ".github").exists()]
    result = run(tool("zizmor", "--offline", *github), tmp_path)
    assert "No findings to report" in result.stdout


# The wheels of each platform, per python_min and abi3: each `maturin build` as (interpreters,
# stable ABI, wheel tags). Written out, not computed, so that ci/pythons.py is checked against
# PyO3's recommendation (abi3 for the minimum, cp314t, abi3t for 3.15+) by a second hand. abi3
# starts at 3.12, where PyO3 can subclass exceptions in the stable ABI.
WHEEL_BUILDS: dict[tuple[str, bool], list[tuple[str, bool, str]]] = {
    ("3.11", False): [
        (
            "3.11 3.12 3.13 3.14 3.15 3.14t 3.15t",
            False,
            "cp311-cp311 cp312-cp312 cp313-cp313 cp314-cp314 cp315-cp315 cp314-cp314t cp315-cp315t",
        )
    ],
    ("3.12", False): [
        (
            "3.12 3.13 3.14 3.15 3.14t 3.15t",
            False,
            "cp312-cp312 cp313-cp313 cp314-cp314 cp315-cp315 cp314-cp314t cp315-cp315t",
        )
    ],
    ("3.13", False): [
        (
            "3.13 3.14 3.15 3.14t 3.15t",
            False,
            "cp313-cp313 cp314-cp314 cp315-cp315 cp314-cp314t cp315-cp315t",
        )
    ],
    ("3.14", False): [
        ("3.14 3.15 3.14t 3.15t", False, "cp314-cp314 cp315-cp315 cp314-cp314t cp315-cp315t")
    ],
    ("3.15", False): [("3.15 3.15t", False, "cp315-cp315 cp315-cp315t")],
    ("3.11", True): [
        ("3.11 3.14t", False, "cp311-cp311 cp314-cp314t"),
        ("3.12", True, "cp312-abi3"),
        ("3.15", True, "cp315-abi3.abi3t"),
    ],
    ("3.12", True): [
        ("3.14t", False, "cp314-cp314t"),
        ("3.12", True, "cp312-abi3"),
        ("3.15", True, "cp315-abi3.abi3t"),
    ],
    ("3.13", True): [
        ("3.14t", False, "cp314-cp314t"),
        ("3.13", True, "cp313-abi3"),
        ("3.15", True, "cp315-abi3.abi3t"),
    ],
    ("3.14", True): [
        ("3.14t", False, "cp314-cp314t"),
        ("3.14", True, "cp314-abi3"),
        ("3.15", True, "cp315-abi3.abi3t"),
    ],
    ("3.15", True): [("3.15", True, "cp315-abi3.abi3t")],
}


def workflows(project: Path) -> dict[str, dict[str, object]]:
    """Every GitHub workflow of a generated project, parsed, by file name."""
    return {
        path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in (project / ".github" / "workflows").glob("*.yml")
    }


def answers_of(project: Path) -> dict[str, object]:
    return json.loads((project / ".cookiecutter.json").read_text(encoding="utf-8"))


def pythons_of(project: Path, *args: str) -> str:
    """What the project's ci/pythons.py says, as CI calls it."""
    return run(["python3", "ci/pythons.py", *args], project).stdout.strip()


def called_with(project: Path) -> set[str]:
    """How the project's CI files call ci/pythons.py: its flags, on both hosts."""
    text = "".join(p.read_text("utf-8") for p in project.glob(".git*/**/*.yml"))
    text += (
        (project / ".gitlab-ci.yml").read_text("utf-8")
        if (project / ".gitlab-ci.yml").exists()
        else ""
    )
    return set(re.findall(r"ci/pythons\.py( --stable-abi)? ", text))


def test_wheel_table_covers_every_choice() -> None:
    assert set(WHEEL_BUILDS) == {(v, abi3) for v in CHOICES["python_min"] for abi3 in (False, True)}


def test_ci_tests_and_builds_what_the_answers_promise(rendered: list[Path]) -> None:
    """ci/pythons.py, which both hosts' CI files read, against WHEEL_BUILDS: the test matrix,
    the wheel builds, the expected tags and the tested wheels."""
    hosts = set()
    for project in rendered:
        answers = answers_of(project)
        host = ci_host(answers["ci"], answers["repository_url"])
        assert (project / ".gitlab-ci.yml").exists() == (host == "gitlab")
        assert (project / ".github").exists() == (host == "github")
        if host not in {"github", "gitlab"}:
            assert "This project has no CI files" in (project / "README.md").read_text("utf-8")
            continue
        hosts.add(host)
        stable = ["--stable-abi"] if answers["abi3"] else []
        assert (" --stable-abi" in called_with(project)) == bool(stable)
        python_min, versions = str(answers["python_min"]), CHOICES["python_min"]
        supported = versions[versions.index(python_min) :]
        free_threaded = [f"{v}t" for v in supported if project_pythons.version(v) >= (3, 14)]
        assert pythons_of(project, "versions").split() == [*supported, *free_threaded]

        table = WHEEL_BUILDS[(python_min, answers["abi3"])]
        abi3 = max(python_min, "3.12", key=project_pythons.version).replace(".", "")
        features = f"--features=pyo3/abi3-py{abi3},pyo3/abi3t-py{max(abi3, '315')}"
        assert pythons_of(project, *stable, "builds").splitlines() == [
            " ".join(["--out dist", *([features] if kind else []), "--interpreter"])
            + "".join(f" python{p}" for p in pythons.split())
            for pythons, kind, _ in table
        ]
        tags = sorted(tag for _, _, built in table for tag in built.split())
        assert pythons_of(project, *stable, "tags") == " ".join(tags)
        # abi3 serves no PyPy: PyPy 3.11 gets a wheel of its own whenever the project supports 3.11.
        pypy = python_min == "3.11"
        assert pythons_of(project, "pypy-tags") == ("pp311-pypy311_pp73" if pypy else "")
        tested = [
            tuple(line.split()) for line in pythons_of(project, *stable, "tests").splitlines()
        ]
        assert (("pypy3.11", "pp311-pypy311_pp73") in tested) == pypy
        # Every wheel, on the Python that built it; abi3 on the newest too, abi3t on the newest
        # with and without the GIL.
        for _, _, built in table:
            assert {tag for tag in built.split()} <= {wheel for _, wheel in tested}
        newest = supported[-1]
        for python, wheel in tested:
            abi = wheel.split("-")[1]
            if abi == "abi3.abi3t":
                assert python in {newest, f"{newest}t"}
            elif abi == "abi3":
                assert python in {max(python_min, "3.12", key=project_pythons.version), newest}
            elif not python.startswith("pypy"):
                assert wheel == f"cp{python.rstrip('t').replace('.', '')}-" + (
                    f"cp{python.replace('.', '')}"
                )
    assert hosts == {"github", "gitlab"}, "the matrix has projects of every host"


def test_github_reads_the_pythons_and_runs_on_every_platform(rendered: list[Path]) -> None:
    """The test matrix, the wheel builds and the tag check come from ci/pythons.py's outputs;
    the other jobs' Python from pyproject.toml; macOS and Windows test the oldest and newest."""
    for project in rendered:
        if not (project / ".github").exists():
            continue
        files = workflows(project)
        ci, distributions = files["CI.yml"], files["distributions.yml"]
        matrix = ci["jobs"]["test"]["strategy"]["matrix"]["include"]
        assert matrix == "${{ fromJSON(needs.pythons.outputs.matrix) }}"
        runs = [tuple(line.split()) for line in pythons_of(project, "matrix").splitlines()]
        supported = pythons_of(project, "versions").split()
        assert [python for os, python in runs if os == "ubuntu-latest"] == supported
        ends = list(dict.fromkeys([supported[0], [v for v in supported if v[-1] != "t"][-1]]))
        assert [run for run in runs if run[0] != "ubuntu-latest"] == [
            *(("macos-latest", v) for v in ends),
            *(("windows-latest", v) for v in ends),
        ]
        wheels = distributions["jobs"]["wheels"]
        args = [s["with"]["args"] for s in wheels["steps"] if "maturin" in s.get("uses", "")]
        reads = [re.search(r"outputs\.([\w-]+)\)?(\[\d\])?", a)[0] for a in args]
        assert reads == [
            "outputs.builds)[0]",
            "outputs.builds)[1]",
            "outputs.builds)[2]",
            "outputs.pypy-build",
        ]
        tested = distributions["jobs"]["test-wheels"]["strategy"]["matrix"]["include"]
        assert tested == "${{ fromJSON(needs.pythons.outputs.tests) }}"
        for workflow in files.values():
            for job in workflow["jobs"].values():
                for step in job.get("steps", []):
                    if "setup-python" in step.get("uses", ""):
                        assert "python-version-file" in step["with"] or "${{" in str(
                            step["with"]["python-version"]
                        ), step
        assert ci["jobs"]["distributions"]["uses"] == "$/.github/workflows/distributions.yml"


def test_gitlab_ci_matches_gitlabs_schema(rendered: list[Path], tmp_path: Path) -> None:
    """`check-jsonschema` (GitLab CI): every pair of option values that gives a .gitlab-ci.yml."""
    files = [str(p / ".gitlab-ci.yml") for p in rendered if (p / ".gitlab-ci.yml").exists()]
    assert files
    run(tool("check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", *files), tmp_path)
    for path in files:
        ci = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        answers = answers_of(Path(path).parent)
        if answers["license"] == "Proprietary":
            assert "publish" not in ci
        else:
            assert ci["publish"]["id_tokens"] == {"PYPI_ID_TOKEN": {"aud": "pypi"}}
            assert ci["publish"]["rules"] == [{"if": "$CI_COMMIT_TAG =~ /^v/"}]


def test_workflow_shape(rendered: list[Path]) -> None:
    """Pinned actions, least privilege, every platform, a release only for a licence."""
    for project in rendered:
        if not (project / ".github").exists():
            continue
        answers = answers_of(project)
        files = workflows(project)
        for name, workflow in files.items():
            assert workflow["permissions"] == {}, name
            for job_name, job in workflow["jobs"].items():
                assert "permissions" in job, (name, job_name)
                for step in job.get("steps", []):
                    if "uses" in step:
                        assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step
        wheels = files["distributions.yml"]["jobs"]["wheels"]
        platforms = {(e["platform"], e["target"]) for e in wheels["strategy"]["matrix"]["include"]}
        assert {("musllinux", "aarch64"), ("macos", "x86_64"), ("windows", "x64")} <= platforms
        assert ("windows", "aarch64") in platforms  # windows-11-arm, tested there too
        native = files["distributions.yml"]["jobs"]["test-native-wheels"]["strategy"]["matrix"]
        assert {e["artifact"] for e in native["include"]} == {
            "wheels-windows-aarch64",
            "wheels-manylinux-aarch64",
        }
        # Caches never feed a release: sccache is off for tags, and the release workflow is
        # the only one a tag starts.
        for step in wheels["steps"]:
            if "maturin" in step.get("uses", ""):
                assert step["with"]["sccache"] == "${{ !startsWith(github.ref, 'refs/tags/') }}"
        assert "tags" not in files["CI.yml"][True]["push"]
        if answers["license"] == "Proprietary":
            assert "release.yml" not in files
        else:
            release = files["release.yml"]
            assert release[True] == {"push": {"tags": ["v*"]}}
            publish = release["jobs"]["release"]
            # Nothing is published unless a second build from scratch gives the same bytes.
            assert publish["needs"] == ["distributions", "reproducible"]
            runs = [step.get("run") for step in release["jobs"]["reproducible"]["steps"]]
            assert "nox -s reproducible" in runs
            # The wheels and the sdist reach PyPI; the SBOM artifact does not (it is inside each).
            assert publish["steps"][0]["with"]["pattern"] == "{wheels-*,sdist}"
            assert publish["permissions"] == {"id-token": "write", "attestations": "write"}
            # Every file is attested before any is published.
            actions = [step.get("uses", "").split("@")[0] for step in publish["steps"]]
            assert actions[1:] == ["actions/attest-build-provenance", "pypa/gh-action-pypi-publish"]
            assert publish["steps"][1]["with"] == {"subject-path": "dist/*"}
        # Branch protection requires one job, which waits for every other.
        jobs = files["CI.yml"]["jobs"]
        gate = jobs["all-green"]
        assert gate["if"] == "always()" and set(gate["needs"]) == set(jobs) - {"all-green"}


def test_more_linux_targets_are_one_uncommented_line_each(
    rendered: list[Path], tmp_path: Path
) -> None:
    """armv7, s390x, ppc64le and i686: each line, uncommented, is a matrix row like the others,
    and the workflow still passes the schema; the tag check reads no platform."""
    project = next(p for p in rendered if (p / ".github").exists())
    path = project / ".github" / "workflows" / "distributions.yml"
    text, count = re.subn(
        r"^(\s+)# (- \{ platform: )", r"\1\2", path.read_text("utf-8"), flags=re.MULTILINE
    )
    assert count == 4
    changed = tmp_path / "distributions.yml"
    changed.write_text(text, encoding="utf-8")
    run(
        tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(changed)),
        tmp_path,
    )
    rows = yaml.safe_load(text)["jobs"]["wheels"]["strategy"]["matrix"]["include"]
    assert {"armv7", "s390x", "ppc64le", "x86"} <= {row["target"] for row in rows}
    assert len({tuple(sorted(row)) for row in rows}) == 1, "every row has the same keys"


def test_uv_rebuilds_when_any_file_of_the_build_changes(tmp_path: Path) -> None:
    """uv's cache-keys: the sources, the manifests, and what else cargo reads."""
    project = bake(tmp_path)
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    keys = {key["file"] for key in pyproject["tool"]["uv"]["cache-keys"]}
    assert keys == {
        *{"pyproject.toml", "Cargo.toml", "Cargo.lock", "build.rs", "src/**/*.rs"},
        *{"rust-toolchain.toml", ".cargo/config.toml"},
    }


def test_pyprojects_are_valid(rendered: list[Path], tmp_path: Path) -> None:
    """`validate-pyproject`: `pyproject.toml` of every pair of option values."""
    run(tool("validate-pyproject", *(str(p / "pyproject.toml") for p in rendered)), tmp_path)


def test_repo_review(tmp_path: Path) -> None:
    """`repo-review` (sp-repo-review) passes on a fresh generate: the checks that do not apply
    by design are ignored in its pyproject.toml, each with its reason."""
    project = bake(tmp_path)
    result = subprocess.run(
        tool("repo-review", "--format", "json", "."),
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    failed = {name: check for name, check in report["checks"].items() if check["result"] is False}
    assert not failed, json.dumps(failed, indent=1)
    ignored = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))["tool"]["repo-review"]
    assert all(len(reason) > 20 for reason in ignored["ignore"].values())
    assert result.returncode == 0, result.stderr


def drop_the_oldest_python(project: Path) -> str:
    """The edit a team makes to stop supporting the oldest Python: requires-python, and that
    version's classifier, in pyproject.toml."""
    pyproject = project / "pyproject.toml"
    oldest = pythons_of(project, "oldest")
    newer = f"3.{int(oldest.split('.')[1]) + 1}"
    text = pyproject.read_text(encoding="utf-8")
    text = text.replace(f'requires-python = ">={oldest}"', f'requires-python = ">={newer}"')
    text = text.replace(f'  "Programming Language :: Python :: {oldest}",\n', "")
    pyproject.write_text(text, encoding="utf-8")
    return oldest


def test_dropping_the_oldest_python_is_one_edit_of_pyproject(tmp_path: Path) -> None:
    """The Python versions are written in pyproject.toml alone: after its two lines change, nox's
    sessions, both hosts' test matrices, the wheel builds and their expected tags follow, and a
    half edit stops in one line."""
    for host, url in (("github", ""), ("gitlab", "https://gitlab.com/team/tools")):
        project = bake(tmp_path / host, ci=host, repository_url=url, abi3="yes")
        literals = subprocess.run(
            ["git", "grep", "-l", "-E", r"3\.11|cp311|py311", "--", ":!pyproject.toml"],
            cwd=project, capture_output=True, text=True, check=False,
        ).stdout.split()  # fmt: skip
        # The PyPy version and the set-up's own floor (tomllib) are facts of their own.
        assert set(literals) <= {"ci/pythons.py", "scripts/bootstrap.py", ".cookiecutter.json"}
        before = {kind: pythons_of(project, "--stable-abi", kind) for kind in ("builds", "tags")}
        half = project / "half"
        shutil.copytree(project, half, ignore=shutil.ignore_patterns(".git"))
        pyproject = half / "pyproject.toml"
        pyproject.write_text(
            pyproject.read_text("utf-8").replace('">=3.11"', '">=3.12"'), encoding="utf-8"
        )
        read = ["python3", "ci/pythons.py", "versions"]
        failed = subprocess.run(read, cwd=half, capture_output=True, text=True, check=False)
        assert failed.returncode == 1
        assert failed.stderr.strip().splitlines() == [
            "pyproject.toml: requires-python and the oldest classifier (3.11) differ"
        ]
        assert drop_the_oldest_python(project) == "3.11"
        sessions = run(tool("nox", "-l"), project).stdout
        assert "tests-3.12" in sessions and "tests-3.11" not in sessions
        assert "3.11" not in pythons_of(project, "github")
        builds = pythons_of(project, "--stable-abi", "builds")
        assert builds != before["builds"] and "3.11" not in builds
        tags = pythons_of(project, "--stable-abi", "tags")
        assert tags == "cp312-abi3 cp314-cp314t cp315-abi3.abi3t" != before["tags"]
        assert pythons_of(project, "pypy-tags") == "", "PyPy's 3.11 is no longer supported"
