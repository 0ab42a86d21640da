"""
The exceptions this package raises: one base class, one subclass per kind of error.
"""

from typing import final
from typing_extensions import disjoint_base

{% if cookiecutter.examples == "full" -%}
__all__ = ["CounterOverflowError", "Error", "InvalidColorError", "OutOfRangeError", "TooLongError"]

@final
class CounterOverflowError(Error):
    """
    A counter that would pass 2**64 - 1.
    """
    def __new__(cls, /, *args: "object") -> CounterOverflowError: ...
{% else -%}
__all__ = ["Error", "OutOfRangeError"]
{% endif %}
@disjoint_base
class Error(Exception):
    """
    Base class of every error this package raises.
    """
    def __new__(cls, /, *args: "object") -> Error: ...
{% if cookiecutter.examples == "full" %}
@final
class InvalidColorError(Error):
    """
    Text that is not a #rrggbb colour.
    """
    def __new__(cls, /, *args: "object") -> InvalidColorError: ...
{% endif %}
@final
class OutOfRangeError(Error):
    """
    A number outside its allowed range.
    """
    def __new__(cls, /, *args: "object") -> OutOfRangeError: ...
{%- if cookiecutter.examples == "full" %}

@final
class TooLongError(Error):
    """
    A result larger than what a call may allocate.
    """
    def __new__(cls, /, *args: "object") -> TooLongError: ...
{%- endif %}
