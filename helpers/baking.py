"""Baking projects as cookiecutter does, for the template's tests, its docs (cog) and its benchmark."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

from cookiecutter.main import cookiecutter

from cookiecutter_pyo3.questions import TEMPLATE

# cookiecutter's prompts in a terminal: a dimmed "[3/14]", then the default and ": ".
PROMPT, ANSWER_HERE = re.compile(r"\x1b\[2m\[(\d+)/(\d+)\]"), re.compile(r"\x1b\[0m: ")


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


def rendering(**answers: object) -> tuple[Any, dict[str, object]]:
    """cookiecutter's environment for this template and the answers it renders, as in a bake."""
    from cookiecutter.environment import StrictEnvironment
    from cookiecutter.generate import generate_context
    from cookiecutter.prompt import prompt_for_config

    context = generate_context(
        context_file=str(TEMPLATE / "cookiecutter.json"), extra_context=answers
    )
    context["cookiecutter"] = prompt_for_config(context, no_input=True)
    return StrictEnvironment(context=context), context["cookiecutter"]


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


def answer(
    child: Any, answers: dict[int, str] | None = None, *, until: int = 0, pace: float = 0.0
) -> None:
    """Types into cookiecutter at a terminal (a pexpect child) the answers by prompt number,
    the default for the others, `pace` seconds after each prompt; up to prompt `until` (not
    answered) or to the last."""
    while True:
        child.expect(PROMPT)
        number, total = int(child.match.group(1)), int(child.match.group(2))
        child.expect(ANSWER_HERE)
        if number == until:
            return
        time.sleep(pace)
        child.sendline((answers or {}).get(number, ""))
        if number == total:
            return
