"""Builds the new project once, so that `import <module>` works straight away (hooks.first_build).

The answers arrive as JSON data, never as Python source; the hook exits 0 whatever happens.
"""

import json
import sys
from pathlib import Path

if __name__ == "__main__":
    ANSWERS = json.loads(r"""{{ cookiecutter | tojson }}""")
    Path(__file__).unlink()  # cookiecutter's rendered copy, in TMPDIR, holds every answer
    if "_repo_dir" in ANSWERS:  # cookiecutter's own run; cruft only renders to compare
        sys.path.insert(0, ANSWERS["_repo_dir"])  # cookiecutter runs a loose file
        from hooks import first_build

        template = Path(ANSWERS["_repo_dir"])
        sys.exit(first_build.guarded(Path.cwd(), template, build_now=ANSWERS["run_first_build"]))
