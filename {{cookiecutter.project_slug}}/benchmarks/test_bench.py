{% if cookiecutter.examples == "full" -%}
"""What the Rust examples buy: Rust against pure Python, one thread against two.
{% else -%}
"""What a call into Rust costs: `greet` against the same function in Python.
{% endif %}
`nox -s bench` runs these against a release build, keeps every run in `.benchmarks/` and
draws the histogram `.benchmarks/histogram.svg`; `pytest-benchmark compare` lists past runs.
"""
{%- if cookiecutter.examples == "full" %}

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from {{ cookiecutter.module_name }}.my_module import estimate_pi

TERMS = 200_000
CALLS = 8


def estimate_pi_python(terms: int) -> float:
    """The series of the Rust `leibniz_pi`, in the same order, written plainly in Python."""
    total = 0.0
    for k in range(terms):
        sign = 1.0 if k % 2 == 0 else -1.0
        total += sign / (2.0 * k + 1.0)
    return 4.0 * total


def in_threads(function: Callable[[int], float], threads: int) -> list[float]:
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(function, [TERMS] * CALLS))


@pytest.mark.benchmark(group="estimate_pi: Rust against Python")
@pytest.mark.parametrize("function", [estimate_pi, estimate_pi_python], ids=["rust", "python"])
def test_language(benchmark: BenchmarkFixture, function: Callable[[int], float]) -> None:
    assert benchmark(function, TERMS) == estimate_pi(TERMS)


@pytest.mark.benchmark(group=f"{CALLS} calls to Rust's estimate_pi: the GIL is released")
@pytest.mark.parametrize("threads", [1, 2])
def test_threads(benchmark: BenchmarkFixture, threads: int) -> None:
    assert benchmark(in_threads, estimate_pi, threads) == [estimate_pi(TERMS)] * CALLS
{%- else %}

from collections.abc import Callable

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from {{ cookiecutter.module_name }}.my_module import greet


def greet_python() -> str:
    return "Hello from Rust!"


@pytest.mark.benchmark(group="a call: Rust against Python")
@pytest.mark.parametrize("function", [greet, greet_python], ids=["rust", "python"])
def test_call(benchmark: BenchmarkFixture, function: Callable[[], str]) -> None:
    assert benchmark(function) == greet()
{%- endif %}
