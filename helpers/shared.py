"""What the template's tests, its README's rendering (cog) and its benchmark all need."""

from __future__ import annotations

import os
from pathlib import Path

from cookiecutter.main import cookiecutter

TEMPLATE = Path(__file__).resolve().parents[1]


def bake(output_dir: Path, *, hooks: bool = True, **answers: object) -> Path:
    """Generates a project without the first build (unless asked) and returns its directory."""
    return Path(
        cookiecutter(
            str(TEMPLATE),
            no_input=True,
            output_dir=str(output_dir),
            extra_context={"run_first_build": False, **answers},
            accept_hooks=hooks,
        )
    )


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
