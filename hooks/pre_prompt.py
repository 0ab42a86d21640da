"""Starts the compile of what every project needs while the user answers (first_build.head_start).

A pre-prompt hook that fails stops cookiecutter before the first question, so nothing here
may fail: without the head start the first build simply compiles everything itself.
"""

import signal
import sys
from pathlib import Path

# A stop now is cookiecutter's (it ends before the first question); the hook still starts the
# worker, which sees cookiecutter go and removes this run's copy of the template.
for name in ("SIGINT", "SIGTERM", "SIGHUP"):
    if hasattr(signal, name):
        signal.signal(getattr(signal, name), lambda _signum, _frame: None)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # cookiecutter runs a loose file

try:
    from cookiecutter_pyo3.first_build import head_start

    head_start.start(Path.cwd())
except Exception:  # noqa: BLE001, S110 (a head start is never worth a failed generate)
    pass
