"""What the project directory held before cookiecutter wrote into it, and what changed.

With `--overwrite-if-exists` cookiecutter writes over files without a word. As it starts to
write (`guards.output`), the files it will write that are already there are noted by content,
and every folder (`state.Snapshot`); the post-generation hook names the files it replaced, and
removes the folders this run left empty (a template folder whose every file is switched off by
an answer, such as `.github/` without GitHub). Only the template's own paths are read, each in
chunks: a user's data, of any size, is never read at all.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cookiecutter_pyo3 import state


def digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def digests(root: Path, paths: list[str]) -> dict[str, str]:
    """Each of `paths` that is a file below `root`, by a hash of its contents (OSError when one
    cannot be read)."""
    return {relative: digest(root / relative) for relative in paths if (root / relative).is_file()}


def folders(root: Path) -> list[str]:
    return [path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_dir()]


def take(project: Path, paths: list[str]) -> state.Snapshot:
    """What is in the project directory where the template writes, before cookiecutter does."""
    return state.Snapshot(digests(project, paths), folders(project))


def replaced(project: Path, template: Path) -> list[str]:
    """The files that were there before this generate and now hold other contents."""
    if (note := state.read_snapshot(template)) is None:
        return []
    now = digests(project, [name for name in note.files if (project / name).is_file()])
    return [name for name, before in sorted(note.files.items()) if now.get(name, before) != before]


def remove_empty_folders(project: Path, template: Path) -> None:
    """Removes the folders this run made and left empty, the deepest first."""
    if (note := state.read_snapshot(template)) is None:
        return
    for folder in sorted(set(folders(project)) - set(note.folders), reverse=True):
        if not any((project / folder).iterdir()):
            (project / folder).rmdir()
