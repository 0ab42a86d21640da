"""copier's task after `copier copy`: the first build, as the post-generation hook does it.

    python hooks/after_copy.py <run_first_build: True or False>

copier runs it in the new project, at creation only (copier.yml), and deletes the project
when a task fails: like the hook, it exits 0 whatever happens.
"""

import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # copier runs a loose file
    from cookiecutter_pyo3 import first_build

    build_now = sys.argv[1:] == ["True"]
    sys.exit(first_build.guarded(Path.cwd(), None, build_now=build_now))
