"""{{ cookiecutter.description | doc }}"""

from ._core import (
    Color,
    Counter,
    CounterOverflowError,
    Error,
    InvalidColorError,
    OutOfRangeError,
    __version__,
{% if cookiecutter.async_example %}    async_example,
{% endif %}    my_module,
)

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
