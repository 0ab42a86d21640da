//! Shared mutable state, done safely.
//!
//! A `#[pyclass]` with `&mut self` methods is guarded by a runtime borrow flag: two threads that
//! call it at once get a `RuntimeError` ("Already borrowed"), and free-threaded Python makes
//! that race real. A `frozen` class with atomic (or `Mutex`) fields needs no borrow flag: every
//! method takes `&self`, and the type system forces the synchronisation to be explicit.

use std::sync::atomic::{AtomicU64, Ordering};

use pyo3::prelude::*;

use crate::errors::Error;

/// A counter that many threads may increment at once.
#[pyclass(frozen)]
#[derive(Debug, Default)]
pub struct Counter {
    value: AtomicU64,
}

impl Counter {
    /// Adds `step` and returns the new value, or an error if it would overflow.
    pub fn add(&self, step: u64) -> Result<u64, Error> {
        let previous = self
            .value
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |current| {
                current.checked_add(step)
            })
            .map_err(|current| Error::CounterOverflow { current, step })?;
        // `fetch_update` only stored `previous + step` because it did not overflow.
        Ok(previous.wrapping_add(step))
    }

    /// The current value.
    pub fn get(&self) -> u64 {
        self.value.load(Ordering::SeqCst)
    }
}

#[pymethods]
impl Counter {
    #[new]
    #[pyo3(signature = (start = 0))]
    fn new(start: u64) -> Self {
        Self {
            value: AtomicU64::new(start),
        }
    }

    /// Adds `step` (default 1) and returns the new value.
    #[pyo3(signature = (step = 1))]
    fn increment(&self, step: u64) -> Result<u64, Error> {
        self.add(step)
    }

    /// Sets the counter to zero and returns the value it had.
    fn reset(&self) -> u64 {
        self.value.swap(0, Ordering::SeqCst)
    }

    #[getter]
    fn value(&self) -> u64 {
        self.get()
    }

    fn __repr__(&self) -> String {
        format!("Counter(value={})", self.get())
    }
}

#[cfg(test)]
mod tests {
    use super::{Counter, Error};
    use std::sync::atomic::AtomicU64;

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        let counter = Counter {
            value: AtomicU64::new(u64::MAX - 1),
        };
        assert_eq!(counter.add(1), Ok(u64::MAX));
        assert_eq!(
            counter.add(1),
            Err(Error::CounterOverflow {
                current: u64::MAX,
                step: 1
            })
        );
        assert_eq!(counter.get(), u64::MAX);
    }
}
