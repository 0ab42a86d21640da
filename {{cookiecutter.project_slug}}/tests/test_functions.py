"""Every example function: conversions, defaults, keywords, panics."""

import math

import pytest

from {{ cookiecutter.module_name }}.exceptions import OutOfRangeError
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


def test_estimate_pi() -> None:
    assert estimate_pi(0) == 0.0
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
