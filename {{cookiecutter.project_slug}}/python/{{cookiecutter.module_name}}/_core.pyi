"""
The compiled core of the package; import the package, not this module.
"""

{% if cookiecutter.async_example -%}
from . import async_example as async_example, exceptions as exceptions, my_module as my_module
{% else -%}
from . import exceptions as exceptions, my_module as my_module
{% endif -%}
{% if cookiecutter.examples == "full" -%}
from typing import SupportsFloat, SupportsIndex, final
{% endif %}
{% if cookiecutter.examples == "full" and cookiecutter.async_example -%}
__all__ = ["Color", "Counter", "async_example", "exceptions", "my_module"]
{% elif cookiecutter.examples == "full" -%}
__all__ = ["Color", "Counter", "exceptions", "my_module"]
{% elif cookiecutter.async_example -%}
__all__ = ["async_example", "exceptions", "my_module"]
{% else -%}
__all__ = ["exceptions", "my_module"]
{% endif -%}
{% if cookiecutter.examples == "full" %}
@final
class Color:
    """
    An RGB colour. Immutable and hashable.
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self, /) -> int: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, red: SupportsIndex, green: SupportsIndex, blue: SupportsIndex) -> Color:
        """
        Creates a colour from three channels in 0..=255.
        """
    def __repr__(self, /) -> str: ...
    @property
    def blue(self, /) -> int: ...
    @staticmethod
    def from_hex(text: str) -> Color:
        """
        Parses `#rrggbb` (any case); raises `InvalidColorError` otherwise.
        """
    @property
    def green(self, /) -> int: ...
    @property
    def hex(self, /) -> str:
        """
        The colour as `#rrggbb`.
        """
    def mix(self, /, other: Color, factor: SupportsFloat | SupportsIndex = 0.5) -> Color:
        """
        A new colour `factor` of the way from this one to `other`.
        """
    @property
    def red(self, /) -> int: ...

@final
class Counter:
    """
    A counter that many threads may increment at once.
    """
    def __new__(cls, /, start: SupportsIndex = 0) -> Counter: ...
    def __repr__(self, /) -> str: ...
    def increment(self, /, step: SupportsIndex = 1) -> int:
        """
        Adds `step` (default 1) and returns the new value.
        """
    def reset(self, /) -> int:
        """
        Sets the counter to zero and returns the value it had.
        """
    @property
    def value(self, /) -> int: ...
{% endif -%}
