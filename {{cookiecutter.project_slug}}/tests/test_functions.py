"""Every example function: conversions, defaults, keywords, bounds, panics, Ctrl-C."""

import math
import signal
import threading
import time

import pytest

from {{ cookiecutter.module_name }} import Color
from {{ cookiecutter.module_name }}.exceptions import InvalidColorError, OutOfRangeError, TooLongError
from {{ cookiecutter.module_name }}.my_module import (
    estimate_pi,
    greet,
    greet_person,
    panic_on_purpose,
)


def test_greet() -> None:
    assert greet() == "Hello from Rust!"


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


def test_an_error_quotes_a_long_text_short() -> None:
    with pytest.raises(InvalidColorError) as caught:
        Color.from_hex("#" + "f" * 10**6)
    assert len(str(caught.value)) < 200


def test_estimate_pi() -> None:
    assert math.copysign(1.0, estimate_pi(0)) == 1.0, "no terms is 0.0, not -0.0"
    assert estimate_pi(1) == 4.0
    assert estimate_pi(1_000_000) == pytest.approx(math.pi, abs=1e-5)


def test_estimate_pi_rejects_negative_terms() -> None:
    with pytest.raises(OverflowError):
        estimate_pi(-1)


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
