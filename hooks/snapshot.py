"""The files a generate over an existing project finds, so that those it replaced are named.

With `--overwrite-if-exists` cookiecutter writes over them without a word. The
pre-generation hook notes each file by content; the post-generation hook compares. The note
lives in the template copy cookiecutter made for this run, which goes when the run does.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

# Build products and tools' state: never the template's files, and large.
NOT_NOTED = frozenset({".git", ".venv", ".nox", "target", "__pycache__", "node_modules"})
NOTE = "snapshot.json"


def digests(root: Path) -> dict[str, str]:
    """Each file below `root` but build products, by its path and a hash of its contents."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file() and not NOT_NOTED & set(path.relative_to(root).parts)
    }


def take(project: Path, scratch: Path) -> None:
    """Notes the files that are in the project directory before cookiecutter writes."""
    if files := digests(project):
        (scratch / NOTE).write_text(json.dumps(files), encoding="utf-8")


def replaced(project: Path, scratch: Path) -> list[str]:
    """The files that were there before this generate and now hold other contents."""
    try:
        before = json.loads((scratch / NOTE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    now = digests(project)
    return [name for name, digest in sorted(before.items()) if now.get(name, digest) != digest]
