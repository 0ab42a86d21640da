"""
Example functions implemented in Rust.
"""

{% if cookiecutter.examples == "full" -%}
from typing import SupportsIndex

__all__ = ["estimate_pi", "greet", "greet_person", "panic_on_purpose"]

def estimate_pi(terms: SupportsIndex) -> float:
    """
    Estimates pi from `terms` terms of the Leibniz series (0.0 for none), with the GIL
    released; Ctrl-C stops it.

    `detach` lets other Python threads run meanwhile, so several threads calling this run
    in parallel; the closure cannot touch Python objects, the compiler checks that. Every
    few milliseconds it takes the GIL back for a moment to look for signals, so Ctrl-C
    raises `KeyboardInterrupt` however many terms were asked for.
    """

{% else -%}
__all__ = ["greet"]

{% endif -%}
def greet() -> str:
    """
    Returns a greeting from Rust.
    """
{%- if cookiecutter.examples == "full" %}

def greet_person(name: str, *, greeting: str = "Hello", times: SupportsIndex = 1) -> str:
    """
    Greets `name` `times` times (at most 1000, and 1 MiB in all); `greeting` and `times`
    are keyword arguments with defaults.

    Arguments arrive converted: a `str` becomes `&str`, an `int` a `usize` (a negative number
    raises `OverflowError` before this code runs).
    """

def panic_on_purpose(message: str) -> None:
    """
    Panics on purpose: PyO3 turns the panic into `pyo3_runtime.PanicException`, and the
    interpreter keeps running.
    """
{%- endif %}
