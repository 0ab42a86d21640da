"""Property tests: every entry point on arbitrary input, and each against a Python reference.

On any input of the right Python type a call returns or raises this package's own `Error`
(an `int` too large for its Rust type raises `OverflowError` in PyO3's conversion): never
`PanicException`, never a crash. The entry points come from the package itself (entry_points.py),
so a new export is tested, or named, at once. `nox -s tests` and CI run the thorough profile
(`--hypothesis-profile thorough`); a plain `pytest` runs the fast one. The `@example`s are the
edges every run must meet, whatever Hypothesis draws: a parser's byte boundaries, the limits.
"""

import math
import string

import pytest
from entry_points import ENTRY_POINTS, U64_MAX, exported, hex_text
from hypothesis import example, given
from hypothesis import strategies as st

from {{ cookiecutter.module_name }} import Color, Counter
from {{ cookiecutter.module_name }}.exceptions import (
    CounterOverflowError,
    Error,
    InvalidColorError,
    OutOfRangeError,
    TooLongError,
)
from {{ cookiecutter.module_name }}.my_module import estimate_pi, greet_person


def test_every_export_is_in_the_suite() -> None:
    """A new function, class or method gets its strategy and example in entry_points.py."""
    missing = sorted(exported() - ENTRY_POINTS.keys())
    assert not missing, f"add these to ENTRY_POINTS in tests/entry_points.py: {missing}"
    gone = sorted(ENTRY_POINTS.keys() - exported())
    assert not gone, f"these are no longer exported; remove them from ENTRY_POINTS: {gone}"


@pytest.mark.parametrize("name", sorted(ENTRY_POINTS))
@given(data=st.data())
def test_no_input_makes_an_entry_point_panic(name: str, data: st.DataObject) -> None:
    entry = ENTRY_POINTS[name]
    call = data.draw(entry.calls)
    try:
        call()
    except (Error, OverflowError):
        assert not entry.panics
    except BaseException as raised:
        panicked = type(raised).__name__ == "PanicException"
        if not (panicked and entry.panics):
            raise
    else:
        assert not entry.panics


def parse_hex(text: str) -> tuple[int, int, int] | None:
    """The reference parser: `#` and exactly six ASCII hex digits, any case."""
    digits = text.removeprefix("#")
    if len(text) != 7 or digits == text or not all(c in string.hexdigits for c in digits):
        return None
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


@given(st.one_of(st.text(), hex_text()))
@example("#+f+f+f")  # from_str_radix takes a sign
# Six bytes after `#` in characters of two, three and four bytes: a check of the byte length
# followed by a slice by bytes meets a character split in two.
@example("#aébcd")
@example("#€abc")
@example("#ab€c")
@example("#😀ab")
@example("#ééé")
@example("#")
@example("")
def test_from_hex_agrees_with_the_reference(text: str) -> None:
    expected = parse_hex(text)
    if expected is None:
        with pytest.raises(InvalidColorError):
            Color.from_hex(text)
    else:
        color = Color.from_hex(text)
        assert (color.red, color.green, color.blue) == expected
        assert color.hex == text.lower()


channels = st.integers(min_value=0, max_value=255)


@given(channels, channels, channels)
def test_hex_round_trips(red: int, green: int, blue: int) -> None:
    color = Color(red, green, blue)
    assert Color.from_hex(color.hex) == color
    assert hash(Color.from_hex(color.hex.upper())) == hash(color)


@given(st.integers(), st.integers(), st.integers())
@example(-1, 0, 0)
@example(256, 0, 0)
@example(2**63, 0, 0)
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
@example(0, 255, 0.0)
@example(0, 255, 1.0)
@example(0, 255, math.nan)
@example(0, 1, 0.5)  # a half rounds away from zero
def test_mix_agrees_with_the_reference(start: int, end: int, factor: float) -> None:
    black, other = Color(start, start, start), Color(end, end, end)
    if 0.0 <= factor <= 1.0:
        assert black.mix(other, factor).red == blend(start, end, factor)
    else:
        with pytest.raises(OutOfRangeError):
            black.mix(other, factor)


@given(st.integers(min_value=0, max_value=U64_MAX), st.lists(st.integers(0, U64_MAX)))
@example(U64_MAX - 1, [1, 1])
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
@example(0)
def test_estimate_pi_is_the_leibniz_sum(terms: int) -> None:
    estimate = estimate_pi(terms)
    assert math.copysign(1.0, estimate) == 1.0, "no terms is 0.0, not -0.0"
    assert estimate == 4.0 * leibniz_sum(terms)
    if terms:
        # The error of an alternating series is below its first omitted term.
        assert abs(estimate - math.pi) <= 4.0 / (2 * terms + 1)


# The longest greeting greet_person makes, in bytes.
MAX_GREETING_BYTES = 1 << 20


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
