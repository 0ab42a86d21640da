"""Every entry point of the package, found in the package itself, and how the suite calls it.

`exported()` walks the package as Python sees it: each function of each Rust submodule, and
each class with its constructor, methods and properties, wherever it lives (the exception
classes are data, not entry points). ENTRY_POINTS gives each one a Hypothesis strategy of
calls, built for the structure of its input with the edges in it, and one plain example, in a
section per example: removing an example removes its section.
test_properties.py runs every strategy, test_memory.py and test_threads.py every example; a
new export that is not here fails `test_every_export_is_in_the_suite`, naming it.

What the property tests accept from a call: a return, this package's `Error`, `OverflowError`
(an `int` too large for its Rust type), and the exceptions its entry declares in `raises`.
"""

from __future__ import annotations
{% if cookiecutter.async_example %}
import asyncio
{%- endif %}
{%- if cookiecutter.async_example %}
from collections.abc import Awaitable, Callable
{%- else %}
from collections.abc import Callable
{%- endif %}
from dataclasses import dataclass
from types import ModuleType

from hypothesis import strategies as st

import {{ cookiecutter.module_name }}
{%- if cookiecutter.async_example %}
from {{ cookiecutter.module_name }}.async_example import estimate_pi_async, greet_after
{%- endif %}
{%- if cookiecutter.examples == "full" %}
from {{ cookiecutter.module_name }}.my_module import (
    estimate_pi,
    greet,
    greet_person,
    panic_on_purpose,
)
{%- else %}
from {{ cookiecutter.module_name }}.my_module import greet
{%- endif %}

Call = Callable[[], object]


@dataclass(frozen=True)
class EntryPoint:
    """How the suite calls one entry point."""

    calls: st.SearchStrategy[Call]  # calls on arbitrary input, edges included
    example: Call  # a call that succeeds and gives the same result every time
    panics: bool = False  # it panics on purpose (PanicException), on every input
    raises: tuple[type[BaseException], ...] = ()  # what it may raise beyond `Error`


def exported(package: ModuleType = {{ cookiecutter.module_name }}) -> set[str]:
    """`submodule.function`, `Class` and `Class.member` for every public name of the package,
    a class in a submodule as `submodule.Class` and `submodule.Class.member`."""
    found = set()

    def walk(module: ModuleType, prefix: str) -> None:
        for name in getattr(module, "__all__", [n for n in vars(module) if n[0] != "_"]):
            value = getattr(module, name)
            if isinstance(value, ModuleType) and name != "exceptions":
                walk(value, f"{prefix}{name}.")
            elif isinstance(value, type):
                found.add(f"{prefix}{name}")
                found.update(f"{prefix}{name}.{a}" for a in vars(value) if not a.startswith("_"))
            elif callable(value):
                found.add(f"{prefix}{name}")

    walk(package._core, "")
    return found

{%- if cookiecutter.async_example %}


def awaited(make: Callable[[], Awaitable[object]]) -> Call:
    """Calls a coroutine function inside an event loop and returns what it gives."""

    async def main() -> object:
        return await make()

    return lambda: asyncio.run(main())
{%- endif %}


ENTRY_POINTS: dict[str, EntryPoint] = {}

# my_module: src/my_module.rs
ENTRY_POINTS |= {
    "my_module.greet": EntryPoint(st.just(greet), greet),
{%- if cookiecutter.examples == "full" %}
    "my_module.greet_person": EntryPoint(
        st.builds(
            lambda name, greeting, times: (
                lambda: greet_person(name, greeting=greeting, times=times)
            ),
            st.text(),
            st.text(),
            st.one_of(st.integers(-1, 1_001), st.integers()),
        ),
        lambda: greet_person("Ferris", greeting="Hi", times=3),
    ),
    "my_module.estimate_pi": EntryPoint(
        st.builds(lambda terms: lambda: estimate_pi(terms), st.integers(-(2**64), 5_000)),
        lambda: estimate_pi(1_000),
    ),
    "my_module.panic_on_purpose": EntryPoint(
        st.builds(lambda message: lambda: panic_on_purpose(message), st.text()),
        lambda: panic_on_purpose("boom"),
        panics=True,
    ),
{%- endif %}
}
{%- if cookiecutter.examples == "full" %}

# Color: src/color.rs
Color = {{ cookiecutter.module_name }}.Color


def hex_text() -> st.SearchStrategy[str]:
    """Text in the shape `Color.from_hex` parses, and beside it: `#` and up to eight
    characters of every UTF-8 width (1 to 4 bytes), hex digits and signs among them, so that
    a check of the byte length with a slice by bytes is met by a character split in two."""
    widths = st.sampled_from([*"0123456789abcdefABCDEF+- #", "é", "\u0660", "€", "😀"])
    return st.builds("".join, st.lists(widths, max_size=8)).map("#".__add__)


channels = st.integers(0, 255)
colors = st.builds(Color, channels, channels, channels)
ENTRY_POINTS |= {
    "Color": EntryPoint(
        st.builds(lambda *rgb: lambda: Color(*rgb), *[st.integers()] * 3),
        lambda: Color(255, 136, 0),
    ),
    "Color.from_hex": EntryPoint(
        # Every text, and text the shape of a colour: the parser's input is text from outside.
        st.builds(lambda text: lambda: Color.from_hex(text), st.one_of(st.text(), hex_text())),
        lambda: Color.from_hex("#ff8800"),
    ),
    "Color.mix": EntryPoint(
        st.builds(
            lambda a, b, f: lambda: a.mix(b, f),
            colors,
            colors,
            st.floats(-1e300, 1e300) | st.floats(),
        ),
        lambda: Color(0, 0, 0).mix(Color(255, 255, 255), 0.25),
    ),
    "Color.hex": EntryPoint(st.builds(lambda c: lambda: c.hex, colors), lambda: Color(1, 2, 3).hex),
    "Color.red": EntryPoint(st.builds(lambda c: lambda: c.red, colors), lambda: Color(1, 2, 3).red),
    "Color.green": EntryPoint(
        st.builds(lambda c: lambda: c.green, colors), lambda: Color(1, 2, 3).green
    ),
    "Color.blue": EntryPoint(
        st.builds(lambda c: lambda: c.blue, colors), lambda: Color(1, 2, 3).blue
    ),
}

# Counter: src/counter.rs
Counter = {{ cookiecutter.module_name }}.Counter
counters = st.builds(Counter, st.integers(0, 2**64 - 1))
ENTRY_POINTS |= {
    "Counter": EntryPoint(
        st.builds(lambda start: lambda: Counter(start), st.integers()), lambda: Counter(7).value
    ),
    "Counter.increment": EntryPoint(
        st.builds(lambda c, step: lambda: c.increment(step), counters, st.integers()),
        lambda: Counter(7).increment(2),
    ),
    "Counter.reset": EntryPoint(
        st.builds(lambda c: lambda: c.reset(), counters), lambda: Counter(7).reset()
    ),
    "Counter.value": EntryPoint(
        st.builds(lambda c: lambda: c.value, counters), lambda: Counter(7).value
    ),
}
{%- endif %}
{%- if cookiecutter.async_example %}

# async_example: src/async_example.rs
ENTRY_POINTS |= {
    "async_example.greet_after": EntryPoint(
        st.builds(
            lambda name, seconds: awaited(lambda: greet_after(name, seconds)),
            st.text(),
            st.floats(max_value=0.001) | st.floats(min_value=3600.5),
        ),
        awaited(lambda: greet_after("Ferris", 0)),
    ),
    "async_example.estimate_pi_async": EntryPoint(
        st.builds(
            lambda terms: awaited(lambda: estimate_pi_async(terms)), st.integers(-(2**64), 5_000)
        ),
        awaited(lambda: estimate_pi_async(1_000)),
    ),
}
{%- endif %}
