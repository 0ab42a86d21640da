"""What cookiecutter may write over, and the undoing of a generate that could not finish.

cookiecutter writes each template file with `open(path, "w")`: through a symbolic link, to the
file it points at, wherever that is; and it skips without a word a file whose place a folder
holds. With `-f` over an existing project both can happen, so `protect_the_output`
names each such place and stops before anything is written. An OSError while writing (a full
disk, a read-only folder) would end in a traceback and half a project: `undo_on_os_error` gives
one line instead, and takes back what this run wrote. A folder it made goes; in a folder that
was there, the files it added go and the files it replaced get their contents back.

Before any of that, a second run into the same folder waits for the first (`stops`), and the
files of an existing project that the template writes are noted (`first_build.snapshot`); a
stop from then on is the business of `stops`.

All of it runs as cookiecutter makes the environment it writes the files with, inside its
`generate_files`, whose local variables name the project's folder and the answers.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from jinja2 import Environment

from cookiecutter_pyo3 import state
from cookiecutter_pyo3.first_build import snapshot
from cookiecutter_pyo3.guards import stops
from cookiecutter_pyo3.questions import PROJECT


def generating() -> dict[str, Any] | None:
    """The local variables of the running `cookiecutter.generate.generate_files`, or None."""
    frame = sys._getframe(1)  # cookiecutter passes no paths to an extension: its frame has them
    while frame is not None:
        if is_generate_files(frame.f_code.co_name, frame.f_globals):
            return dict(frame.f_locals)
        frame = frame.f_back
    return None


def is_generate_files(name: str, namespace: dict[str, Any]) -> bool:
    return name == "generate_files" and namespace.get("__name__") == "cookiecutter.generate"


def output_paths(answers: dict[str, Any]) -> list[str]:
    """Each file the template writes for these answers, relative to the project's folder."""
    names = Environment()
    found = []
    for path in PROJECT.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            relative = path.relative_to(PROJECT).as_posix()
            rendered = names.from_string(relative).render(cookiecutter=answers)
            if rendered and not rendered.endswith("/"):
                found.append(rendered)
    return found


def problems_in_the_way(project: Path, paths: list[str]) -> list[str]:
    """The places in an existing project where writing a template file would go wrong."""
    found = {}
    for relative in paths:
        parts = Path(relative).parts
        for depth in range(1, len(parts) + 1):
            place = "/".join(parts[:depth])
            here = project / place
            is_file = depth == len(parts)
            if here.is_symlink():
                found[place] = (
                    f"{place} is a symbolic link (to {here.readlink()}): the template's "
                    f"{'file' if is_file else 'files'} would be written through it, outside "
                    "the project; remove the link, or generate into another folder"
                )
            elif is_file and here.is_dir():
                found[place] = f"{place} is a folder where the template writes a file; move it"
            elif not is_file and here.exists() and not here.is_dir():
                found[place] = f"{place} is a file where the template makes a folder; move it"
            else:
                continue
            break
    return [f"{line} (in {project})" for _, line in sorted(found.items())]


def protect_the_output() -> None:
    """In cookiecutter's `generate_files`: waits for another run into the same folder, refuses
    what would go wrong, notes what an existing project holds, then arms the undo and the
    stops' guard (`stops`).

    Only for the environment that writes the files, the first one `generate_files` makes (its
    `env` is not assigned yet); the hooks are rendered in others, from the template's folder.
    """
    if (run := generating()) is None or "env" in run:
        return
    answers = run["context"]["cookiecutter"]
    output = Path(run["output_dir"]).absolute()
    project = output / str(answers.get("project_slug", ""))
    paths = output_paths(answers)
    template = Path(run["repo_dir"]).resolve()  # this run's copy, where its state goes
    ours = state.is_run_copy(template)
    if ours and output.is_dir():
        stops.one_run_at_a_time(output)
    if project.is_dir() and (found := problems_in_the_way(project, paths)):
        print("\n".join(f"error: {line}" for line in found), file=sys.stderr)
        raise SystemExit(1)
    if ours:  # a new project's note is empty: its folders left empty are the run's to remove
        try:
            state.write_snapshot(template, snapshot.take(project, paths))
        except OSError as error:
            print(f"error: {error.filename} cannot be read ({error.strerror}); the template "
                  "writes there: make it readable, or generate into another folder",
                  file=sys.stderr)  # fmt: skip
            raise SystemExit(1) from None
    undo_on_os_error(project, paths)
    stops.note_stops_while(in_generate_files, template)
    stops.hold_during_hooks(template)


def in_generate_files(frame: FrameType | None) -> bool:
    while frame is not None and not is_generate_files(frame.f_code.co_name, frame.f_globals):
        frame = frame.f_back
    return frame is not None


def undo_on_os_error(project: Path, paths: list[str]) -> None:
    """On an OSError out of this generate: one line, and what it wrote taken back."""
    made = not project.exists()
    kept = {} if made else {p: read(project / p) for p in paths}
    folders = set() if made else {d for d in project.rglob("*") if d.is_dir()}
    previous = sys.excepthook

    def undo() -> None:
        if made:
            shutil.rmtree(project, ignore_errors=True)
            return
        for relative, contents in kept.items():  # the added ones first: that frees the space
            if contents is None:
                (project / relative).unlink(missing_ok=True)
        for relative, contents in kept.items():
            if contents is not None and read(project / relative) != contents:
                (project / relative).write_bytes(contents)
        added = {d for d in project.rglob("*") if d.is_dir()} - folders
        for folder in sorted(added, key=lambda d: len(d.parts), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if not (issubclass(kind, OSError) and during_this_generate(trace)):
            previous(kind, error, trace)
            return
        undo()
        assert isinstance(error, OSError)
        where = f": {error.filename}" if error.filename else ""
        undone = f"{project} is removed" if made else f"{project} holds what it held before the run"
        print(f"error: {error.strerror or error}{where}; {undone}", file=sys.stderr)

    sys.excepthook = hook


def during_this_generate(trace: TracebackType | None) -> bool:
    """Whether the error came out of cookiecutter's `generate_files`: a program that called
    cookiecutter and fails later must not lose the project to this hook."""
    while trace is not None:
        if is_generate_files(trace.tb_frame.f_code.co_name, trace.tb_frame.f_globals):
            return True
        trace = trace.tb_next
    return False


def read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
