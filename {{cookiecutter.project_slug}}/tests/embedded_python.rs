//! The extension as Python code sees it, tested from `cargo test` with an embedded interpreter.
//!
//! `_core` is registered as a built-in module before the interpreter starts, so these tests
//! import it as a Python program would, without building a wheel first. They test the Rust side;
//! the package around it (`import pkg.my_module`) is tested by pytest.

use std::ffi::CStr;
use std::sync::Once;

use pyo3::PyTypeInfo;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use {{ cookiecutter.__crate_name }}::_core;
use {{ cookiecutter.__crate_name }}::errors::Error;
use {{ cookiecutter.__crate_name }}::errors::exceptions;

/// Runs `f` attached to an interpreter that has `_core` available as a built-in module.
fn with_python<F, R>(f: F) -> R
where
    F: for<'py> FnOnce(Python<'py>) -> R,
{
    static START: Once = Once::new();
    START.call_once(|| {
        pyo3::append_to_inittab!(_core);
        Python::initialize();
    });
    Python::attach(f)
}

/// Runs Python statements in a fresh namespace and returns it.
fn run<'py>(py: Python<'py>, code: &CStr) -> PyResult<Bound<'py, PyDict>> {
    let namespace = PyDict::new(py);
    py.run(code, Some(&namespace), None)?;
    Ok(namespace)
}

#[test]
fn submodule_is_an_attribute_of_the_core() {
    with_python(|py| {
        run(
            py,
            c"
import _core
from _core import my_module
assert my_module.greet() == 'Hello from Rust!'
assert 'my_module' in _core.__all__
",
        )
        .unwrap();
    });
}

/// Checks that `error` arrives in Python as the exception `T`, an `Error`, with its message.
fn assert_raises<T: PyTypeInfo>(py: Python<'_>, error: Error) {
    let message = error.to_string();
    let raised = PyErr::from(error);
    assert!(raised.get_type(py).is(py.get_type::<T>()), "{message}");
    assert!(raised.is_instance_of::<exceptions::BaseError>(py));
    assert_eq!(raised.value(py).to_string(), message);
}

#[test]
fn error_variants_map_to_their_exceptions() {
    with_python(|py| {
{%- if cookiecutter.examples == "full" %}
        assert_raises::<exceptions::InvalidColorError>(
            py,
            Error::InvalidColor {
                text: "red".into(),
                reason: "must start with '#'",
            },
        );
{%- endif %}
        assert_raises::<exceptions::OutOfRangeError>(
            py,
            Error::OutOfRange {
                name: "factor",
                value: 2.0,
                min: 0.0,
                max: 1.0,
            },
        );
{%- if cookiecutter.examples == "full" %}
        assert_raises::<exceptions::CounterOverflowError>(
            py,
            Error::CounterOverflow {
                current: u64::MAX,
                step: 1,
            },
        );
{%- endif %}
    });
}

#[test]
fn python_sees_the_exception_types() {
    with_python(|py| {
        run(
            py,
            c"
from _core import exceptions
assert issubclass(exceptions.OutOfRangeError, exceptions.Error)
assert issubclass(exceptions.Error, Exception)
",
        )
        .unwrap();
{%- if cookiecutter.examples == "full" %}
        let raised = run(
            py,
            c"
from _core import my_module
my_module.greet_person('Ferris', times=1001)
",
        )
        .unwrap_err();
        assert!(raised.is_instance_of::<exceptions::OutOfRangeError>(py));
{%- endif %}
    });
}
{%- if cookiecutter.examples == "full" %}

#[test]
fn gil_is_released_for_heavy_work() {
    with_python(|py| {
        run(
            py,
            c"
from concurrent.futures import ThreadPoolExecutor
from _core import my_module
estimate_pi = my_module.estimate_pi
expected = estimate_pi(10_000)
with ThreadPoolExecutor(max_workers=4) as pool:
    assert list(pool.map(estimate_pi, [10_000] * 8)) == [expected] * 8
",
        )
        .unwrap();
    });
}

#[test]
fn panic_is_a_python_exception() {
    // Caught in Python: a `PanicException` that propagates back into Rust resumes the panic.
    with_python(|py| {
        run(
            py,
            c"
from _core import my_module
try:
    my_module.panic_on_purpose('boom')
except Exception:
    raise AssertionError('a panic must not be an ordinary Exception')
except BaseException as error:
    assert type(error).__name__ == 'PanicException', type(error)
    assert 'boom' in str(error)
assert my_module.greet() == 'Hello from Rust!'
",
        )
        .unwrap();
    });
}
{%- endif %}
