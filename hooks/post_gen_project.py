"""Build the new project once, so that `import <module>` works straight away.

Why a hook: a template that only writes files leaves the user to find a Python, the venv,
maturin and the stubs on their own. The project's own `scripts/bootstrap.py` does all that, for
this first build and for every clone later: one path, so that both stay true. Whatever happens
here the hook exits 0, because cookiecutter deletes the whole project when a hook fails, and a
missing compiler is no reason to lose it: the set-up says what to run to finish.
"""

from __future__ import annotations

import hashlib
import json
import shlex
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

# cookiecutter fills this in as JSON; a raw string keeps the file Python before rendering too.
ANSWERS = r"""{{ cookiecutter | tojson }}"""
SET_UP = Path("scripts", "bootstrap.py")
# The project's own set-up, for what the hook does alike: stop on signals, print to stderr.
sys.path.insert(0, str(SET_UP.parent.resolve()))
from bootstrap import Interrupted, hardened, shell, tell


def replaced_files(root: Path) -> list[str]:
    """The files that were there before this generate and now hold other contents.

    The pre-generation hook noted them (`snapshot`), under a name made from the directory.
    """
    key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    snapshot = Path(tempfile.gettempdir()) / f"cookiecutter-pyo3-{key}.json"
    try:
        before = json.loads(snapshot.read_text(encoding="utf-8"))
        snapshot.unlink()
    except (OSError, ValueError):
        return []
    changed = []
    for name, digest in sorted(before.items()):
        path = root / name
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            changed.append(name)
    return changed


def first_build(root: Path) -> None:
    """Runs the project's set-up and waits for it, even through Ctrl-C: it reports its own stop.

    Ctrl-C reaches the set-up too (one process group); a signal to the hook alone is passed on.
    """
    with subprocess.Popen([sys.executable, str(SET_UP)], cwd=root) as setup:
        while setup.poll() is None:
            try:
                setup.wait()
            except (KeyboardInterrupt, Interrupted):
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                setup.terminate()


def adopt_speculation(template: Path, root: Path, *, take: bool) -> None:
    """Stops the compile the pre-prompt hook started and, with `take`, moves its crates in."""
    sys.path.insert(0, str(template / "hooks"))
    import speculation

    if moved := speculation.adopt(root, take=take):
        print(f"Took {len(moved)} crates compiled while you answered: {', '.join(sorted(moved))}.")


def main() -> None:
    answers = json.loads(ANSWERS)
    root = Path.cwd()
    if replaced := replaced_files(root):
        tell(f"Replaced {len(replaced)} files that were here: {', '.join(replaced)}")
    if "_repo_dir" in answers:  # cookiecutter's pre-prompt hook ran (cruft runs none)
        adopt_speculation(Path(answers["_repo_dir"]), root, take=answers["run_first_build"])
    if answers["run_first_build"]:
        first_build(root)
    else:
        command = f"cd {shlex.quote(str(root))} && {shell([sys.executable, str(SET_UP)], root)}"
        print(f"\nCreated {root}. To set it up (.venv, the build, the tools): {command}")


def guarded() -> int:
    """Runs `main` and returns 0 whatever happens: cookiecutter deletes the project otherwise.

    Output that cannot be encoded (a path in a legacy code page) is escaped, a closed pipe
    silences the rest, Ctrl-C and SIGTERM stop the build with the commands to finish it, and
    anything unforeseen is one line, not a traceback.
    """
    hardened()
    try:
        main()
    except (KeyboardInterrupt, Interrupted):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        tell(f"\nStopped. The project is kept; `python3 {SET_UP}` in it finishes the build.")
    except Exception as error:  # noqa: BLE001 (the one place that must catch everything)
        tell(
            f"\nThe first build stopped on an unexpected {type(error).__name__}: {error}",
            f"The project is kept; `python3 {SET_UP}` in it finishes the build.",
        )
    return 0


if __name__ == "__main__":
    sys.exit(guarded())
