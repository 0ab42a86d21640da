"""What one cookiecutter run's stages hand each other, and nothing else.

cookiecutter runs the pre-prompt hook in a copy of the template made for this run alone, and
the later stages (the extension in cookiecutter's own process, the pre- and post-generation
hooks) find that copy again: `_repo_dir` names it. Each stage writes its part into the copy's
`.run-state/` folder through this module and reads the others' here, one file each, so no two
stages ever write the same file. The copy goes when the run ends (cookiecutter removes it on
success, the head start's worker in every other case), and the state with it.

- the head start (pre-prompt hook): its worker's pid and its scratch folder;
- the snapshot (the extension, as cookiecutter starts to write): each template file an
  existing project holds, by its digest, and its folders;
- a stop (the extension, at SIGINT, SIGTERM or SIGHUP while cookiecutter generates): the
  first build does not start, or stops.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

FOLDER = ".run-state"


@dataclass(frozen=True)
class HeadStart:
    """The worker that compiles while the user answers, and the folder it compiles in."""

    worker: int
    scratch: Path | None


@dataclass(frozen=True)
class Snapshot:
    """An existing project as it was before cookiecutter wrote into it."""

    files: dict[str, str]  # path -> sha256 of the contents
    folders: list[str]


def is_run_copy(template: Path) -> bool:
    """Whether `template` is the copy cookiecutter made for this run (`create_tmp_repo_dir`).

    cookiecutter runs the pre-prompt hook in `<tmp>/cookiecutter<random>/<template name>`: a
    folder the run may fill, and whose end the head start's worker sees to. Anywhere else
    (a clone run without hooks, cruft's and copier's checkouts) nothing is written.
    """
    holder = template.resolve().parent
    temporary = Path(tempfile.gettempdir()).resolve()
    return holder.parent == temporary and holder.name.startswith("cookiecutter")


def _write(template: Path, name: str, data: object) -> None:
    folder = template / FOLDER
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(json.dumps(data), encoding="utf-8")


def _read(template: Path, name: str) -> dict | None:
    try:
        found = json.loads((template / FOLDER / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # never written, or cut short by a stop
        return None
    return found if isinstance(found, dict) else None


def write_head_start(template: Path, started: HeadStart) -> None:
    scratch = str(started.scratch) if started.scratch else None
    _write(template, "head-start.json", {"worker": started.worker, "scratch": scratch})


def read_head_start(template: Path) -> HeadStart | None:
    if (found := _read(template, "head-start.json")) is None:
        return None
    scratch = Path(found["scratch"]) if found["scratch"] else None
    return HeadStart(worker=int(found["worker"]), scratch=scratch)


def write_snapshot(template: Path, snapshot: Snapshot) -> None:
    _write(template, "snapshot.json", {"files": snapshot.files, "folders": snapshot.folders})


def read_snapshot(template: Path) -> Snapshot | None:
    if (found := _read(template, "snapshot.json")) is None:
        return None
    return Snapshot(files=dict(found["files"]), folders=list(found["folders"]))


def note_stop(template: Path) -> None:
    _write(template, "stopped.json", {"stopped": True})


def stopped(template: Path) -> bool:
    return _read(template, "stopped.json") is not None
