"""How much the Rust examples buy: Rust vs pure Python, one thread vs two.

Run with the project's venv after `maturin develop --release`:

    .venv/bin/python benchmarks/bench.py

Debug builds (plain `maturin develop`) are several times slower; compare release builds.
"""

import argparse
import os
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from {{ cookiecutter.module_name }}.my_module import estimate_pi


def estimate_pi_python(terms: int) -> float:
    """The same series as the Rust `leibniz_pi`, in the same order, written plainly in Python."""
    total = 0.0
    for k in range(terms):
        sign = 1.0 if k % 2 == 0 else -1.0
        total += sign / (2.0 * k + 1.0)
    return 4.0 * total


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """Median wall time of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def in_threads(function: Callable[[int], float], terms: int, calls: int, threads: int) -> None:
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(function, [terms] * calls))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    terms, repeat = args.terms, args.repeat
    assert estimate_pi(terms) == estimate_pi_python(terms)

    rust = best_of(repeat, lambda: estimate_pi(terms))
    python = best_of(max(1, repeat // 2), lambda: estimate_pi_python(terms))
    print(f"estimate_pi({terms:_}): Rust {rust * 1e3:.1f} ms, Python {python * 1e3:.1f} ms")
    print(f"  Rust / pure Python speedup: {python / rust:.1f}x")

    calls, heavy = 8, terms * 10  # enough work per call that thread start-up is noise
    one = best_of(repeat, lambda: in_threads(estimate_pi, heavy, calls, 1))
    two = best_of(repeat, lambda: in_threads(estimate_pi, heavy, calls, 2))
    print(f"{calls} calls on 1 thread {one * 1e3:.0f} ms, on 2 threads {two * 1e3:.0f} ms")
    print(f"  GIL released, 2 threads vs 1: {one / two:.2f}x (cores: {os.cpu_count()})")
    small = terms // 10
    py_one = best_of(1, lambda: in_threads(estimate_pi_python, small, calls, 1))
    py_two = best_of(1, lambda: in_threads(estimate_pi_python, small, calls, 2))
    print(f"  pure Python, GIL held, 2 threads vs 1: {py_one / py_two:.2f}x")


if __name__ == "__main__":
    main()
