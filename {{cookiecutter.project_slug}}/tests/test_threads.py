"""Rust code called from many threads at once gives the same answers as from one.

Every entry point's example runs in many threads at once (entry_points.py, so a new export
is covered too), and the tests below share one object between threads and check an exact
result. On a free-threaded Python (`nox -s tests`) pytest-run-parallel also runs every test in
several threads at once.
"""

import sys
import sysconfig
from concurrent.futures import ThreadPoolExecutor

import pytest
from entry_points import ENTRY_POINTS

from {{ cookiecutter.module_name }} import Color, Counter
from {{ cookiecutter.module_name }}.my_module import estimate_pi


@pytest.mark.parametrize("name", sorted(name for name, e in ENTRY_POINTS.items() if not e.panics))
def test_every_entry_point_gives_one_answer_from_many_threads(name: str) -> None:
    example = ENTRY_POINTS[name].example
    expected = example()
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(lambda _: example(), range(32))) == [expected] * 32


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


def test_colors_are_shared_dict_keys() -> None:
    """Frozen values hash and compare the same in every thread: a shared dict stays exact."""
    palette = {Color(i, 255 - i, i // 2): i for i in range(256)}

    def look_up(offset: int) -> int:
        return sum(
            palette[Color.from_hex(f"#{i:02x}{255 - i:02x}{i // 2:02x}")] for i in range(256)
        )

    with ThreadPoolExecutor(max_workers=8) as pool:
        totals = list(pool.map(look_up, range(32)))
    assert totals == [sum(range(256))] * 32


def test_a_shared_color_mixes_the_same_everywhere() -> None:
    base, white = Color(10, 20, 30), Color(255, 255, 255)
    expected = [base.mix(white, step / 100) for step in range(101)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda step: base.mix(white, step / 100), range(101)))
    assert results == expected


def test_import_leaves_the_gil_disabled() -> None:
    """On a free-threaded build (3.14t and later) the module must not switch the GIL back on.

    PyO3 modules declare `gil_used = false` by default; a regular build always has a GIL.
    """
    free_threaded = sysconfig.get_config_var("Py_GIL_DISABLED") == 1
    gil_enabled = getattr(sys, "_is_gil_enabled", lambda: True)()
    assert gil_enabled is not free_threaded
