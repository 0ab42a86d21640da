"""Every entry point, called a thousand times, keeps no memory.

`nox -s memory` runs this under memray (pytest-memray), which fails the test when one place
in the code keeps more than the limit; a plain `pytest` runs it as an ordinary test.
"""

import contextlib
from collections.abc import Callable

import pytest

from {{ cookiecutter.module_name }} import Color, Counter
from {{ cookiecutter.module_name }}.exceptions import Error
from {{ cookiecutter.module_name }}.my_module import (
    estimate_pi,
    greet,
    greet_person,
    panic_on_purpose,
)


def call_every_entry_point() -> None:
    """Each function, method and error path once; no pytest helpers, which keep caches."""
    black, white = Color(0, 0, 0), Color(255, 255, 255)
    counter = Counter()
    greet()
    greet_person("Ferris", greeting="Hi", times=3)
    estimate_pi(10)
    assert Color.from_hex("#ff8800").mix(white, 0.25).hex == "#ffa640"
    assert hash(black) != hash(white)
    assert repr(counter) == "Counter(value=0)"
    counter.increment()
    counter.reset()
    failing: list[Callable[[], object]] = [
        lambda: Color(300, 0, 0),
        lambda: Color.from_hex("ff"),
        lambda: black.mix(white, 2),
    ]
    for call in failing:
        with contextlib.suppress(Error):
            call()
    caught = ""
    try:
        panic_on_purpose("boom")
    except BaseException as panic:  # noqa: BLE001 (PanicException cannot be imported)
        caught = type(panic).__name__
    assert caught == "PanicException"


@pytest.fixture(scope="module")
def warmed_up() -> None:
    """The first calls fill caches that last as long as the process (a panic's backtrace)."""
    call_every_entry_point()


# A leak of a few bytes per call passes 4 KB within the thousand calls; the one-off line
# tables that Python builds for the test function itself stay below it.
@pytest.mark.limit_leaks("4 KB")
@pytest.mark.thread_unsafe(reason="measures what one thread's calls keep")
@pytest.mark.usefixtures("warmed_up")
def test_entry_points_keep_no_memory() -> None:
    for _ in range(1_000):
        call_every_entry_point()
