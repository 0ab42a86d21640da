//! The crate's one error type and its one way into Python.
//!
//! Domain code returns `Result<T, Error>` and knows nothing of Python. At the boundary `?`
//! converts through the single `From<Error> for PyErr` below, whose exhaustive `match` means a
//! new variant does not compile until it has been given a Python exception.

use pyo3::PyErr;

/// Everything that can go wrong in this crate.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// Text that is not a `#rrggbb` colour.
    #[error("invalid colour {text:?}: {reason}")]
    InvalidColor { text: String, reason: &'static str },
    /// A number outside the range its parameter accepts.
    #[error("{name} must be between {min} and {max}, got {value}")]
    OutOfRange {
        name: &'static str,
        value: f64,
        min: f64,
        max: f64,
    },
    /// A counter that would pass `u64::MAX`.
    #[error("counter overflow: {current} + {step} does not fit in 64 bits")]
    CounterOverflow { current: u64, step: u64 },
}

/// The Python exception hierarchy: one base class, one subclass per kind of error.
///
/// Classes rather than `create_exception!`, so that stub generation sees them and the base class
/// appears in `_core.pyi` like any other export.
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

    /// Declares a subclass of `BaseError` that Python code can raise and catch like any exception.
    macro_rules! subclass {
        ($name:ident, $doc:literal) => {
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
        };
    }

    subclass!(InvalidColorError, "Text that is not a #rrggbb colour.");
    subclass!(OutOfRangeError, "A number outside its allowed range.");
    subclass!(CounterOverflowError, "A counter that would pass 2**64 - 1.");
}

impl From<Error> for PyErr {
    fn from(error: Error) -> Self {
        use exceptions::{CounterOverflowError, InvalidColorError, OutOfRangeError};

        let message = error.to_string();
        match error {
            Error::InvalidColor { .. } => PyErr::new::<InvalidColorError, _>(message),
            Error::OutOfRange { .. } => PyErr::new::<OutOfRangeError, _>(message),
            Error::CounterOverflow { .. } => PyErr::new::<CounterOverflowError, _>(message),
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
