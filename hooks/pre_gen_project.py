"""Notes what an existing project holds before cookiecutter writes over it (first_build.snapshot).

The answers' rules ran before this hook, once, where they could still stop the run: the
`checked` filter as cookiecutter rendered the answers, or `guards.sources` for a replay. This
hook's rendered copy, in TMPDIR, holds no answer: only the template's path, as JSON data.
"""

import json
import sys
from pathlib import Path

if __name__ == "__main__":
    GIVEN = json.loads(r"""{{ {"template": cookiecutter.get("_repo_dir")} | tojson }}""")
    TEMPLATE = GIVEN["template"]
    Path(__file__).unlink()  # cookiecutter's rendered copy of this file
    if TEMPLATE is not None:  # cookiecutter's own run; cruft only renders to compare
        sys.path.insert(0, TEMPLATE)  # cookiecutter runs a loose file
        from cookiecutter_pyo3 import state
        from cookiecutter_pyo3.first_build import snapshot

        if state.is_run_copy(Path(TEMPLATE)):
            snapshot.take(Path.cwd(), Path(TEMPLATE))
