{% if cookiecutter.examples == "full" -%}
"""`my_module`: its functions, called as Python calls them.

Conversions, defaults, keywords, bounds on what a caller can make Rust allocate, a panic,
Ctrl-C during work that released the GIL; each against a few lines of Python that say what it
should return (the property tests, whose arbitrary input comes from entry_points.py).
"""

import math
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from {{ cookiecutter.module_name }}.exceptions import OutOfRangeError, TooLongError
from {{ cookiecutter.module_name }}.my_module import (
    estimate_pi,
    greet,
    greet_person,
    panic_on_purpose,
)
{%- else -%}
"""`my_module`: its functions, called as Python calls them."""

from {{ cookiecutter.module_name }}.my_module import greet
{%- endif %}


def test_greet() -> None:
    assert greet() == "Hello from Rust!"
{%- if cookiecutter.examples == "full" %}


def test_greet_person_defaults() -> None:
    assert greet_person("Ferris") == "Hello, Ferris!"


def test_greet_person_keywords() -> None:
    assert greet_person("Ferris", greeting="Hi", times=2) == "Hi, Ferris! Hi, Ferris!"


def test_greet_person_keywords_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        greet_person("Ferris", "Hi")  # type: ignore[call-arg]


def test_argument_conversion_rejects_wrong_types() -> None:
    with pytest.raises(TypeError):
        greet_person(42)  # type: ignore[arg-type]
    with pytest.raises(OverflowError):
        greet_person("Ferris", times=-1)


def test_greet_person_refuses_a_count_too_large_to_build() -> None:
    with pytest.raises(OutOfRangeError, match="times must be between 0 and 1000, got 1001"):
        greet_person("Ferris", times=1001)


def test_greet_person_refuses_a_greeting_too_large_to_allocate() -> None:
    """Ten megabytes a name, a thousand times: an error, not an allocation that aborts."""
    with pytest.raises(TooLongError, match="more than the 1048576 allowed"):
        greet_person("x" * 10**7, times=1000)


# The longest greeting greet_person makes, in bytes.
MAX_GREETING_BYTES = 1 << 20
U64_MAX = 2**64 - 1


@given(st.text(), st.text(), st.integers(min_value=-(2**70), max_value=2**70))
@example("x" * 10**4, "", 1_000)  # ten megabytes: refused, not allocated
@example("x" * 1_045, "", 1_000)  # just under the limit
def test_greet_person_repeats_or_raises_its_own_error(name: str, greeting: str, times: int) -> None:
    size = (len(greeting.encode()) + len(name.encode()) + 3) * times + max(times - 1, 0)
    try:
        greeted = greet_person(name, greeting=greeting, times=times)
    except OverflowError:
        assert not 0 <= times <= U64_MAX
    except OutOfRangeError:
        assert times > 1_000
    except TooLongError:
        assert size > MAX_GREETING_BYTES
    else:
        assert greeted == " ".join([f"{greeting}, {name}!"] * times)


def test_estimate_pi() -> None:
    assert math.copysign(1.0, estimate_pi(0)) == 1.0, "no terms is 0.0, not -0.0"
    assert estimate_pi(1) == 4.0
    assert estimate_pi(1_000_000) == pytest.approx(math.pi, abs=1e-5)


def test_estimate_pi_rejects_negative_terms() -> None:
    with pytest.raises(OverflowError):
        estimate_pi(-1)


def leibniz_sum(terms: int) -> float:
    """The loop of `compute.rs`, term by term: the results are bit-identical."""
    total = 0.0
    for k in range(terms):
        total += (1.0 if k % 2 == 0 else -1.0) / (2.0 * k + 1.0)
    return total


@given(st.integers(min_value=0, max_value=2_000))
@example(0)
def test_estimate_pi_is_the_leibniz_sum(terms: int) -> None:
    estimate = estimate_pi(terms)
    assert math.copysign(1.0, estimate) == 1.0, "no terms is 0.0, not -0.0"
    assert estimate == 4.0 * leibniz_sum(terms)
    if terms:
        # The error of an alternating series is below its first omitted term.
        assert abs(estimate - math.pi) <= 4.0 / (2 * terms + 1)


def test_estimate_pi_from_many_threads() -> None:
    """The GIL is released while it sums: threads share one interpreter, and the results."""
    terms = [100_000 + i for i in range(16)]
    expected = [estimate_pi(n) for n in terms]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(estimate_pi, terms)) == expected


def test_panic_becomes_exception_and_interpreter_survives() -> None:
    with pytest.raises(BaseException, match="boom") as caught:
        panic_on_purpose("boom")
    assert type(caught.value).__name__ == "PanicException"
    assert not isinstance(caught.value, Exception)  # `except Exception` does not swallow it
    assert greet() == "Hello from Rust!"


@pytest.mark.thread_unsafe(reason="the signal is the main thread's")
def test_ctrl_c_stops_a_long_estimate_within_a_second() -> None:
    """2**63 terms would take centuries; the loop looks for signals as it goes.

    Python's own Ctrl-C handler for the test: a run started in the background of a shell, or
    by a CI runner, may inherit SIGINT ignored, and then nothing could stop the loop.
    """
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(0.2, signal.raise_signal, [signal.SIGINT])
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            estimate_pi(2**63)
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    assert time.monotonic() - started < 1.2
{%- endif %}
