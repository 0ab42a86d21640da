//! The crate's one error type and its one way into Python.
//!
//! Domain code returns `Result<T, Error>` and knows nothing of Python. At the boundary `?`
//! converts through the single `From<Error> for PyErr` below, whose exhaustive `match` means a
//! new variant does not compile until it has been given a Python exception.
//!
//! A new kind of error takes three edits in this file, each checked: a variant of `Error`; a
//! line in `exceptions!`, which declares and exports its Python class; an arm in the `match`,
//! which the compiler demands and which names that class.

use pyo3::PyErr;

/// Everything that can go wrong in this crate.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
{%- if cookiecutter.examples == "full" %}
    /// Text that is not a `#rrggbb` colour.
    #[error("invalid colour {text:?}: {reason}")]
    InvalidColor { text: String, reason: &'static str },
{%- endif %}
    /// A number outside the range its parameter accepts.
    #[error("{name} must be between {min} and {max}, got {value}")]
    OutOfRange {
        name: &'static str,
        value: f64,
        min: f64,
        max: f64,
    },
{%- if cookiecutter.examples == "full" %}
    /// A counter that would pass `u64::MAX`.
    #[error("counter overflow: {current} + {step} does not fit in 64 bits")]
    CounterOverflow { current: u64, step: u64 },
    /// A result larger than the bound on what a caller can make Rust allocate.
    #[error("{what} would take {bytes} bytes, more than the {max} allowed")]
    TooLong {
        what: &'static str,
        bytes: usize,
        max: usize,
    },
{%- endif %}
}

/// Declares the `exceptions` submodule: `Error`, then one subclass of it per line.
///
/// The classes are written out inside the module, where PyO3 exports each without a list to
/// keep, and where stub generation sees them; `__init__.py` names their module
/// `<package>.exceptions`. Classes rather than `create_exception!`, which stubs do not see.
macro_rules! exceptions {
    ($($name:ident: $doc:literal,)+) => {
        /// The exceptions this package raises: one base class, one subclass per kind of error.
        #[pyo3::pymodule(submodule)]
        pub mod exceptions {
            use pyo3::exceptions::PyException;
            use pyo3::prelude::*;
            use pyo3::types::PyTuple;

            /// Base class of every error this package raises.
            // `BaseError` in Rust, so it never meets the crate's `Error` enum; `Error` in Python.
            #[pyclass(name = "Error", extends = PyException, subclass)]
            pub struct BaseError;

            #[pymethods]
            impl BaseError {
                // `BaseException.__init__` stores the arguments, so `str(error)` is the message.
                #[new]
                #[pyo3(signature = (*args: "object"))]
                fn new(args: &Bound<'_, PyTuple>) -> Self {
                    let _ = args;
                    Self
                }
            }

            $(
                #[doc = $doc]
                #[pyclass(extends = BaseError)]
                pub struct $name;

                #[pymethods]
                impl $name {
                    #[new]
                    #[pyo3(signature = (*args: "object"))]
                    fn new(args: &Bound<'_, PyTuple>) -> PyClassInitializer<Self> {
                        PyClassInitializer::from(BaseError::new(args)).add_subclass(Self)
                    }
                }
            )+
        }
    };
}

// A new kind of error: a variant of `Error` above, a line here, an arm in the `match` below.
exceptions! {
{%- if cookiecutter.examples == "full" %}
    InvalidColorError: "Text that is not a #rrggbb colour.",
{%- endif %}
    OutOfRangeError: "A number outside its allowed range.",
{%- if cookiecutter.examples == "full" %}
    CounterOverflowError: "A counter that would pass 2**64 - 1.",
    TooLongError: "A result larger than what a call may allocate.",
{%- endif %}
}

impl From<Error> for PyErr {
    fn from(error: Error) -> Self {
        let message = error.to_string();
        match error {
{%- if cookiecutter.examples == "full" %}
            Error::InvalidColor { .. } => PyErr::new::<exceptions::InvalidColorError, _>(message),
{%- endif %}
            Error::OutOfRange { .. } => PyErr::new::<exceptions::OutOfRangeError, _>(message),
{%- if cookiecutter.examples == "full" %}
            Error::CounterOverflow { .. } => {
                PyErr::new::<exceptions::CounterOverflowError, _>(message)
            }
            Error::TooLong { .. } => PyErr::new::<exceptions::TooLongError, _>(message),
{%- endif %}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn messages_name_the_problem() {
        let error = Error::OutOfRange {
            name: "factor",
            value: 2.0,
            min: 0.0,
            max: 1.0,
        };
        assert_eq!(error.to_string(), "factor must be between 0 and 1, got 2");
    }
}
