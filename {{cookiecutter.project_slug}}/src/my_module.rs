{% if cookiecutter.examples == "full" -%}
//! The `my_module` submodule: free functions showing argument conversion, keyword and default
//! arguments, bounds on what a caller can make Rust allocate, panics, and releasing the GIL
//! while staying stoppable.
{% else -%}
//! The `my_module` submodule: a free function, and where the next ones go.
{% endif %}
/// Example functions implemented in Rust.
#[pyo3::pymodule(submodule)]
pub mod my_module {
    use pyo3::prelude::*;
{%- if cookiecutter.examples == "full" %}

    use crate::compute::leibniz_pi;
    use crate::errors::Error;
{%- endif %}

    /// Returns a greeting from Rust.
    #[pyfunction]
    fn greet() -> &'static str {
        "Hello from Rust!"
    }
{%- if cookiecutter.examples == "full" %}

    /// The most repetitions `greet_person` makes: more is a mistake.
    const MAX_TIMES: usize = 1_000;
    /// The longest greeting `greet_person` makes, in bytes. An allocation the caller sizes
    /// must be bounded: asking for more memory than exists aborts the process, where Python
    /// code would raise.
    const MAX_GREETING_BYTES: usize = 1 << 20;

    /// Greets `name` `times` times (at most 1000, and 1 MiB in all); `greeting` and `times`
    /// are keyword arguments with defaults.
    ///
    /// Arguments arrive converted: a `str` becomes `&str`, an `int` a `usize` (a negative number
    /// raises `OverflowError` before this code runs).
    #[pyfunction]
    #[pyo3(signature = (name, *, greeting = "Hello", times = 1))]
    fn greet_person(name: &str, greeting: &str, times: usize) -> Result<String, Error> {
        if times > MAX_TIMES {
            #[expect(clippy::cast_precision_loss, reason = "only shown in the message")]
            return Err(Error::OutOfRange {
                name: "times",
                value: times as f64,
                min: 0.0,
                max: MAX_TIMES as f64,
            });
        }
        // "{greeting}, {name}!" `times` times, a space between two.
        let bytes = (greeting.len() + name.len() + 3)
            .saturating_mul(times)
            .saturating_add(times.saturating_sub(1));
        if bytes > MAX_GREETING_BYTES {
            return Err(Error::TooLong {
                what: "the greeting",
                bytes,
                max: MAX_GREETING_BYTES,
            });
        }
        Ok(vec![format!("{greeting}, {name}!"); times].join(" "))
    }

    /// Estimates pi from `terms` terms of the Leibniz series (0.0 for none), with the GIL
    /// released; Ctrl-C stops it.
    ///
    /// `detach` lets other Python threads run meanwhile, so several threads calling this run
    /// in parallel; the closure cannot touch Python objects, the compiler checks that. Every
    /// few milliseconds it takes the GIL back for a moment to look for signals, so Ctrl-C
    /// raises `KeyboardInterrupt` however many terms were asked for.
    #[pyfunction]
    fn estimate_pi(py: Python<'_>, terms: u64) -> PyResult<f64> {
        py.detach(|| leibniz_pi(terms, signals))
    }

    /// Runs Python's handlers of pending signals: Ctrl-C becomes `KeyboardInterrupt` here.
    #[expect(
        clippy::redundant_closure_for_method_calls,
        reason = "`Python::check_signals` itself is not general over the lifetime"
    )]
    fn signals() -> PyResult<()> {
        Python::attach(|py| py.check_signals())
    }

    /// Panics on purpose: PyO3 turns the panic into `pyo3_runtime.PanicException`, and the
    /// interpreter keeps running.
    #[pyfunction]
    #[expect(
        clippy::panic,
        reason = "demonstrates that a Rust panic cannot crash Python"
    )]
    fn panic_on_purpose(message: &str) {
        panic!("{message}");
    }
{%- endif %}
}
