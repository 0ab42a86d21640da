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
pub mod exceptions {
    use pyo3::create_exception;
    use pyo3::exceptions::PyException;

    // The `_core` path is a placeholder: `package::adopt` sets the public module at import.
    create_exception!(
        _core,
        Error,
        PyException,
        "Base class of every error this package raises."
    );
    create_exception!(
        _core,
        InvalidColorError,
        Error,
        "Text that is not a #rrggbb colour."
    );
    create_exception!(
        _core,
        OutOfRangeError,
        Error,
        "A number outside its allowed range."
    );
    create_exception!(
        _core,
        CounterOverflowError,
        Error,
        "A counter that would pass 2**64 - 1."
    );
}

impl From<Error> for PyErr {
    fn from(error: Error) -> Self {
        let message = error.to_string();
        match error {
            Error::InvalidColor { .. } => exceptions::InvalidColorError::new_err(message),
            Error::OutOfRange { .. } => exceptions::OutOfRangeError::new_err(message),
            Error::CounterOverflow { .. } => exceptions::CounterOverflowError::new_err(message),
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
