//! The `my_module` submodule: free functions showing argument conversion, keyword and default
//! arguments, panics and releasing the GIL.

/// Example functions implemented in Rust.
#[pyo3::pymodule(submodule)]
pub mod my_module {
    use pyo3::prelude::*;

    use crate::compute::leibniz_pi;
    use crate::errors::Error;

    /// The most repetitions `greet_person` makes: more is a mistake, and an unbounded count
    /// would ask for more memory than exists, which aborts the process instead of raising.
    const MAX_TIMES: usize = 1_000;

    /// Returns a greeting from Rust.
    #[pyfunction]
    fn greet() -> &'static str {
        "Hello from Rust!"
    }

    /// Greets `name` `times` times (at most 1000); `greeting` and `times` are keyword
    /// arguments with defaults.
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
        Ok(vec![format!("{greeting}, {name}!"); times].join(" "))
    }

    /// Estimates pi from `terms` terms of the Leibniz series, with the GIL released.
    ///
    /// `detach` lets other Python threads run meanwhile, so several threads calling this run
    /// in parallel. The closure cannot touch Python objects: the compiler checks that.
    #[pyfunction]
    fn estimate_pi(py: Python<'_>, terms: u64) -> f64 {
        py.detach(|| leibniz_pi(terms))
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
}
