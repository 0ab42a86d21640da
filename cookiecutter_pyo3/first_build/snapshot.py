"""What the project directory held before cookiecutter wrote into it, and what changed.

With `--overwrite-if-exists` cookiecutter writes over files without a word: the
pre-generation hook notes each file by content and each folder (`state.Snapshot`), the
post-generation hook names the files it replaced, and removes the folders this run left empty
(a template folder whose every file is switched off by an answer, such as `.github/` without
GitHub).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cookiecutter_pyo3 import state

# Build products and tools' state: never the template's files, and large.
NOT_NOTED = frozenset({".git", ".venv", ".nox", "target", "__pycache__", "node_modules"})


def digests(root: Path) -> dict[str, str]:
    """Each file below `root` but build products, by its path and a hash of its contents."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file() and not NOT_NOTED & set(path.relative_to(root).parts)
    }


def folders(root: Path) -> list[str]:
    return [path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_dir()]


def take(project: Path, template: Path) -> None:
    """Notes what is in the project directory before cookiecutter writes."""
    state.write_snapshot(template, state.Snapshot(digests(project), folders(project)))


def replaced(project: Path, template: Path) -> list[str]:
    """The files that were there before this generate and now hold other contents."""
    if (note := state.read_snapshot(template)) is None:
        return []
    now = digests(project)
    return [name for name, digest in sorted(note.files.items()) if now.get(name, digest) != digest]


def remove_empty_folders(project: Path, template: Path) -> None:
    """Removes the folders this run made and left empty, the deepest first."""
    if (note := state.read_snapshot(template)) is None:
        return
    for folder in sorted(set(folders(project)) - set(note.folders), reverse=True):
        if not any((project / folder).iterdir()):
            (project / folder).rmdir()
