"""Refuses answers that would give a broken project, before any file is written.

The `checked` filter applied the same rules while the answers were rendered; replays skip that
rendering, so they are applied again here. cookiecutter removes the directory it created when
this hook exits non-zero. The answers arrive as JSON data, never as Python source.
"""

import json
import sys
from pathlib import Path

if __name__ == "__main__":
    ANSWERS = json.loads(r"""{{ cookiecutter | tojson }}""")
    Path(__file__).unlink()  # cookiecutter's rendered copy, in TMPDIR, holds every answer
    if "_repo_dir" in ANSWERS:  # cookiecutter's own run; cruft checks them while prompting
        sys.path.insert(0, ANSWERS["_repo_dir"])  # cookiecutter runs a loose file
        from hooks import rules, snapshot, speculation

        template = Path(ANSWERS["_repo_dir"])
        for problem in (found := rules.problems(ANSWERS, rules.declared(template))):
            print(f"error: {problem}", file=sys.stderr)
        if not found and speculation.is_run_copy(template):
            snapshot.take(Path.cwd(), template)
        sys.exit(1 if found else 0)
