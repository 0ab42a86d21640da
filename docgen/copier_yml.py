"""copier.yml's questions, rendered from cookiecutter.json with cog (`cog -r copier.yml`).

cookiecutter.json is the one list of questions: each becomes a copier question with the same
help text, default and choices, and every text answer gets a validator that runs the same
rules (`cookiecutter_pyo3.rules`), so copier shows the same one-line error.
"""

from __future__ import annotations

import json

from cookiecutter_pyo3.questions import CONFIG, PROMPTS


def question(name: str, value: object) -> list[str]:
    """One question's lines of YAML."""
    lines = [f"{name}:"]
    if isinstance(value, bool):
        lines += ["  type: bool", f"  default: {json.dumps(value)}"]
    elif isinstance(value, list):
        lines += [
            "  type: str",
            f"  choices: {json.dumps(value)}",
            f"  default: {json.dumps(value[0])}",
        ]
    else:
        lines += ["  type: str", f"  default: {json.dumps(value, ensure_ascii=False)}"]
    lines.append(f"  help: {json.dumps(PROMPTS[name], ensure_ascii=False)}")
    if isinstance(value, str):  # every text answer: NUL characters, and its field's rule
        lines.append(f"  validator: \"{{{{ cookiecutter | problem_with('{name}') }}}}\"")
    return lines


def yaml() -> str:
    """Every question of cookiecutter.json, in its order."""
    questions = [question(name, value) for name, value in CONFIG.items() if name[0] != "_"]
    return "\n\n".join("\n".join(lines) for lines in questions)
