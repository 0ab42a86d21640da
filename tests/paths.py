"""PATH manipulation shared by the template tests and the benchmark."""

from __future__ import annotations

import os
from pathlib import Path


def path_without(shims: Path, *programs: str) -> str:
    """PATH with `programs` hidden, to test or time the journey of a user who lacks them.

    Each directory on PATH that holds one of them is replaced by a directory of symlinks to
    everything else it holds, so the rest of that directory (python, maturin) stays reachable.
    """
    entries = []
    for index, entry in enumerate(os.environ.get("PATH", "").split(os.pathsep)):
        directory = Path(entry)
        if not any((directory / program).exists() for program in programs):
            entries.append(entry)
            continue
        shim = shims / f"path-{index}"
        if not shim.exists():
            shim.mkdir(parents=True)
            for found in directory.iterdir():
                if found.name not in programs:
                    (shim / found.name).symlink_to(found)
        entries.append(str(shim))
    return os.pathsep.join(entries)
