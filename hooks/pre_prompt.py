"""Starts the compile of what every project needs while the user answers (first_build.head_start).

A pre-prompt hook that fails stops cookiecutter before the first question, so nothing here
may fail: without the head start the first build simply compiles everything itself.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # cookiecutter runs a loose file

try:
    from cookiecutter_pyo3.first_build import head_start

    head_start.start(Path.cwd())
except Exception:  # noqa: BLE001, S110 (a head start is never worth a failed generate)
    pass
