"""Type stubs for the compiled core; `mypy.stubtest` checks them against the built module."""

from typing import final

{% if cookiecutter.async_example %}from . import async_example as async_example
{% endif %}from . import my_module as my_module

__all__ = [
    "Color",
    "Counter",
    "CounterOverflowError",
    "Error",
    "InvalidColorError",
    "OutOfRangeError",
    "__version__",
{% if cookiecutter.async_example %}    "async_example",
{% endif %}    "my_module",
]

__version__: str

class Error(Exception):
    """Base class of every error this package raises."""

class InvalidColorError(Error):
    """Text that is not a #rrggbb colour."""

class OutOfRangeError(Error):
    """A number outside its allowed range."""

class CounterOverflowError(Error):
    """A counter that would pass 2**64 - 1."""

@final
class Color:
    """An RGB colour. Immutable and hashable."""

    def __new__(cls, red: int, green: int, blue: int) -> Color: ...
    @staticmethod
    def from_hex(text: str) -> Color: ...
    @property
    def red(self) -> int: ...
    @property
    def green(self) -> int: ...
    @property
    def blue(self) -> int: ...
    @property
    def hex(self) -> str: ...
    def mix(self, other: Color, factor: float = 0.5) -> Color: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Counter:
    """A counter that many threads may increment at once."""

    def __new__(cls, start: int = 0) -> Counter: ...
    def increment(self, step: int = 1) -> int: ...
    def reset(self) -> int: ...
    @property
    def value(self) -> int: ...
