"""Every entry point, called a thousand times, keeps no memory.

`nox -s memory` runs this under memray (pytest-memray), which fails the test when one place
in the code keeps more than the limit; a plain `pytest`, where nothing measures, calls each
once. The entry points and their examples come from entry_points.py, so a new export is
measured too.
"""

import pytest
from entry_points import ENTRY_POINTS


def call_every_entry_point() -> None:
    """Each entry point's example once; no pytest helpers, which keep caches."""
    for entry in ENTRY_POINTS.values():
        try:
            entry.example()
        except BaseException as raised:  # PanicException cannot be imported
            if not entry.panics or type(raised).__name__ != "PanicException":
                raise


@pytest.fixture(scope="module")
def warmed_up() -> None:
    """The first calls fill caches that last as long as the process (a panic's backtrace)."""
    call_every_entry_point()


# A leak of a few bytes per call passes 4 KB within the thousand calls; the one-off line
# tables that Python builds for the test function itself stay below it.
@pytest.mark.limit_leaks("4 KB")
@pytest.mark.thread_unsafe(reason="measures what one thread's calls keep")
@pytest.mark.usefixtures("warmed_up")
def test_entry_points_keep_no_memory(request: pytest.FixtureRequest) -> None:
    measured = request.config.getoption("--memray", default=False)
    for _ in range(1_000 if measured else 1):
        call_every_entry_point()
