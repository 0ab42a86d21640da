"""The template's questions: cookiecutter.json, read once.

Everything that needs the questions (the rules, the extension, copier's entry, the docs and
the tests) reads them here: their order, their choices and yes/no defaults, their prompts.
"""

from __future__ import annotations

import json
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[1]
PROJECT = TEMPLATE / "{{cookiecutter.project_slug}}"
CONFIG: dict[str, object] = json.loads((TEMPLATE / "cookiecutter.json").read_text("utf-8"))

# The choice lists and yes/no defaults, by question: what `rules.offered` checks.
Declared = dict[str, list[str] | bool]
DECLARED: Declared = {
    name: value
    for name, value in CONFIG.items()
    if isinstance(value, list | bool) and not name.startswith("_")
}
# The questions whose answer is text (the others are choices and yes/no).
TEXTS = [name for name, value in CONFIG.items() if isinstance(value, str) and name[0] != "_"]
# The questions in the order cookiecutter asks them.
ASKED = [name for name in CONFIG if not name.startswith("_")]
PROMPTS: dict[str, str] = CONFIG["__prompts__"]  # type: ignore[assignment]
