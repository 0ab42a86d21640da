"""The classes and the exception hierarchy."""

import pickle

import pytest

from {{ cookiecutter.module_name }} import Color, Counter
from {{ cookiecutter.module_name }}.exceptions import CounterOverflowError, Error, InvalidColorError, OutOfRangeError


def test_color_is_a_value() -> None:
    color = Color(255, 136, 0)
    assert color == Color.from_hex("#ff8800") == Color.from_hex("#FF8800")
    assert hash(color) == hash(Color(255, 136, 0))
    assert len({color, Color(255, 136, 0)}) == 1
    assert (color.red, color.green, color.blue, color.hex) == (255, 136, 0, "#ff8800")
    assert repr(color) == "Color(red=255, green=136, blue=0)"


def test_color_is_immutable() -> None:
    color = Color(1, 2, 3)
    with pytest.raises(AttributeError):
        color.red = 4  # type: ignore[misc]


@pytest.mark.parametrize("text", ["ff8800", "#ff88", "#ff88zz", "#ff88é", ""])
def test_from_hex_names_what_is_wrong(text: str) -> None:
    with pytest.raises(InvalidColorError, match="invalid colour"):
        Color.from_hex(text)


@pytest.mark.parametrize("channels", [(256, 0, 0), (0, -1, 0), (0, 0, 1000)])
def test_color_constructor_validates(channels: tuple[int, int, int]) -> None:
    with pytest.raises(OutOfRangeError, match="must be between 0 and 255"):
        Color(*channels)


def test_mix() -> None:
    black, white = Color(0, 0, 0), Color(255, 255, 255)
    assert black.mix(white) == Color(128, 128, 128)
    assert black.mix(white, factor=1.0) == white
    with pytest.raises(OutOfRangeError, match=r"factor must be between 0 and 1, got 1\.5"):
        black.mix(white, 1.5)


def test_counter() -> None:
    counter = Counter()
    assert counter.increment() == 1
    assert counter.increment(5) == 6
    assert counter.value == 6
    assert repr(counter) == "Counter(value=6)"
    assert counter.reset() == 6
    assert counter.value == 0


def test_counter_overflow_is_an_error() -> None:
    counter = Counter(2**64 - 1)
    with pytest.raises(CounterOverflowError, match="does not fit in 64 bits"):
        counter.increment()
    assert counter.value == 2**64 - 1


@pytest.mark.parametrize("exception", [InvalidColorError, OutOfRangeError, CounterOverflowError])
def test_exceptions_share_one_base(exception: type[Error]) -> None:
    assert issubclass(exception, Error)
    assert issubclass(Error, Exception)


def test_exceptions_pickle_by_public_name() -> None:
    error = InvalidColorError("bad")
    restored = pickle.loads(pickle.dumps(error))
    assert type(restored) is InvalidColorError
    assert restored.args == ("bad",)
