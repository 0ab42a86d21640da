"""Builds the new project once, so that `import <module>` works straight away (first_build).

Its rendered copy, in TMPDIR, holds no answer but whether to build: the template's path and
that yes or no arrive as JSON data. The hook exits 0 whatever happens: cookiecutter deletes
the project when a hook fails. `cruft create` builds too; cruft's renders for `diff`, `check`
and `update` (no `_repo_dir`, no creation) do nothing.
"""

import json
import sys
from pathlib import Path

if __name__ == "__main__":
    GIVEN = json.loads(
        r"""{{ {"template": cookiecutter.get("_repo_dir") or cruft_creates_from, "build": cookiecutter.run_first_build} | tojson }}"""
    )
    TEMPLATE, BUILD = GIVEN["template"], GIVEN["build"]
    Path(__file__).unlink()  # cookiecutter's rendered copy of this file
    if TEMPLATE is not None:  # a creation; cruft's other commands only render to compare
        sys.path.insert(0, TEMPLATE)  # cookiecutter runs a loose file
        from cookiecutter_pyo3 import first_build

        sys.exit(first_build.guarded(Path.cwd(), Path(TEMPLATE), build_now=BUILD))
