"""Rust code called from many threads at once gives the same answers as from one."""

import sys
import sysconfig
from concurrent.futures import ThreadPoolExecutor

from {{ cookiecutter.module_name }} import Counter
from {{ cookiecutter.module_name }}.my_module import estimate_pi


def test_estimate_pi_from_many_threads() -> None:
    terms = [100_000 + i for i in range(16)]
    expected = [estimate_pi(n) for n in terms]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(estimate_pi, terms)) == expected


def test_counter_loses_no_increments() -> None:
    counter = Counter()
    threads, per_thread = 8, 10_000

    def work(_: int) -> None:
        for _ in range(per_thread):
            counter.increment()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(work, range(threads)))
    assert counter.value == threads * per_thread


def test_import_leaves_the_gil_disabled() -> None:
    """On a free-threaded build (3.14t and later) the module must not switch the GIL back on.

    PyO3 modules declare `gil_used = false` by default; a regular build always has a GIL.
    """
    free_threaded = sysconfig.get_config_var("Py_GIL_DISABLED") == 1
    gil_enabled = getattr(sys, "_is_gil_enabled", lambda: True)()
    assert gil_enabled is not free_threaded
