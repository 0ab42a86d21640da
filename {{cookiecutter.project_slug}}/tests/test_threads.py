"""Rust code called from many threads at once gives the same answers as from one.

Every entry point's example runs in many threads at once (entry_points.py, so a new export
is covered too); each example's own test file shares its objects between threads and checks
an exact result. On a free-threaded Python (`nox -s tests`) pytest-run-parallel also runs
every test in several threads at once.
"""

import sys
import sysconfig
from concurrent.futures import ThreadPoolExecutor

import pytest
from entry_points import ENTRY_POINTS


@pytest.mark.parametrize("name", sorted(name for name, e in ENTRY_POINTS.items() if not e.panics))
def test_every_entry_point_gives_one_answer_from_many_threads(name: str) -> None:
    example = ENTRY_POINTS[name].example
    expected = example()
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(lambda _: example(), range(32))) == [expected] * 32


def test_import_leaves_the_gil_disabled() -> None:
    """On a free-threaded build (3.14t and later) the module must not switch the GIL back on.

    PyO3 modules declare `gil_used = false` by default; a regular build always has a GIL.
    """
    free_threaded = sysconfig.get_config_var("Py_GIL_DISABLED") == 1
    gil_enabled = getattr(sys, "_is_gil_enabled", lambda: True)()
    assert gil_enabled is not free_threaded
