"""Property tests: every entry point on arbitrary input, against a small Python reference.

On any input of the right Python type a call returns the reference's answer or raises this
package's own `Error` (an `int` too large for its Rust type raises `OverflowError` in PyO3's
conversion): never `PanicException`, never a crash. `nox -s tests` and CI run the thorough
profile (`--hypothesis-profile thorough`); a plain `pytest` runs the fast one.
"""

import math
import string

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from {{ cookiecutter.module_name }} import Color, Counter
from {{ cookiecutter.module_name }}.exceptions import CounterOverflowError, Error, InvalidColorError, OutOfRangeError
from {{ cookiecutter.module_name }}.my_module import estimate_pi, greet_person

U64_MAX = 2**64 - 1
channels = st.integers(min_value=0, max_value=255)
# Text near the `#rrggbb` shape finds more than arbitrary text: signs, spaces, non-ASCII digits.
hex_like = st.builds("#".__add__, st.text(alphabet=string.hexdigits + "+-_ xg#\u0660é", max_size=8))


def parse_hex(text: str) -> tuple[int, int, int] | None:
    """The reference parser: `#` and exactly six ASCII hex digits, any case."""
    digits = text.removeprefix("#")
    if len(text) != 7 or digits == text or not all(c in string.hexdigits for c in digits):
        return None
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


@given(st.one_of(st.text(), hex_like))
@example("#+f+f+f")
def test_from_hex_agrees_with_the_reference(text: str) -> None:
    expected = parse_hex(text)
    if expected is None:
        with pytest.raises(InvalidColorError):
            Color.from_hex(text)
    else:
        color = Color.from_hex(text)
        assert (color.red, color.green, color.blue) == expected
        assert color.hex == text.lower()


@given(channels, channels, channels)
def test_hex_round_trips(red: int, green: int, blue: int) -> None:
    color = Color(red, green, blue)
    assert Color.from_hex(color.hex) == color
    assert hash(Color.from_hex(color.hex.upper())) == hash(color)


@given(st.integers(), st.integers(), st.integers())
def test_color_accepts_channels_or_raises_its_own_error(red: int, green: int, blue: int) -> None:
    if all(0 <= value <= 255 for value in (red, green, blue)):
        assert (Color(red, green, blue).red, Color(red, green, blue).blue) == (red, blue)
    elif all(-(2**63) <= value < 2**63 for value in (red, green, blue)):
        with pytest.raises(OutOfRangeError):
            Color(red, green, blue)
    else:
        with pytest.raises((OutOfRangeError, OverflowError)):
            Color(red, green, blue)


def blend(start: int, end: int, factor: float) -> int:
    """Rust's `f64::round`: halves away from zero, unlike Python's `round`."""
    return math.floor(start + (end - start) * factor + 0.5)


@given(channels, channels, st.floats(allow_nan=True, allow_infinity=True))
def test_mix_agrees_with_the_reference(start: int, end: int, factor: float) -> None:
    black, other = Color(start, start, start), Color(end, end, end)
    if 0.0 <= factor <= 1.0:
        assert black.mix(other, factor).red == blend(start, end, factor)
    else:
        with pytest.raises(OutOfRangeError):
            black.mix(other, factor)


@given(st.integers(min_value=0, max_value=U64_MAX), st.lists(st.integers(0, U64_MAX)))
def test_counter_agrees_with_a_python_int(start: int, steps: list[int]) -> None:
    counter, model = Counter(start), start
    for step in steps:
        if model + step > U64_MAX:
            with pytest.raises(CounterOverflowError):
                counter.increment(step)
        else:
            model += step
            assert counter.increment(step) == model
        assert counter.value == model
    assert counter.reset() == model
    assert counter.value == 0


def leibniz_sum(terms: int) -> float:
    """The loop of `compute.rs`, term by term: the results are bit-identical."""
    total = 0.0
    for k in range(terms):
        total += (1.0 if k % 2 == 0 else -1.0) / (2.0 * k + 1.0)
    return total


@given(st.integers(min_value=0, max_value=2_000))
def test_estimate_pi_is_the_leibniz_sum(terms: int) -> None:
    estimate = estimate_pi(terms)
    assert estimate == 4.0 * leibniz_sum(terms)
    if terms:
        # The error of an alternating series is below its first omitted term.
        assert abs(estimate - math.pi) <= 4.0 / (2 * terms + 1)


@given(st.text(), st.text(), st.integers(min_value=-(2**70), max_value=2**70))
def test_greet_person_repeats_or_raises_its_own_error(name: str, greeting: str, times: int) -> None:
    try:
        greeted = greet_person(name, greeting=greeting, times=times)
    except OverflowError:
        assert not 0 <= times <= U64_MAX
    except Error:
        assert times > 1_000
    else:
        assert greeted == " ".join([f"{greeting}, {name}!"] * times)
