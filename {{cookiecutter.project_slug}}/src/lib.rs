//! {{ cookiecutter.description | doc }}
//!
//! This file is the table of contents of the extension: one declarative module tree that exports
//! what the other files define. The Rust code never names the Python package; `_core` learns it
//! when it is imported (see [`package`]), so the package can be renamed without touching Rust.

{% if cookiecutter.async_example %}mod async_example;
{% endif %}mod color;
mod compute;
mod counter;
pub mod errors;
mod my_module;
mod package;

pub use color::Color;
pub use compute::leibniz_pi;
pub use counter::Counter;
pub use errors::Error;

/// The compiled core of the package; import the package, not this module.
#[pyo3::pymodule(gil_used = false)]
pub mod _core {
    use pyo3::prelude::*;

{% if cookiecutter.async_example %}    #[pymodule_export]
    use crate::async_example::async_example;
{% endif %}    #[pymodule_export]
    use crate::color::Color;
    #[pymodule_export]
    use crate::counter::Counter;
    #[pymodule_export]
    use crate::errors::exceptions::{
        CounterOverflowError, Error, InvalidColorError, OutOfRangeError,
    };
    #[pymodule_export]
    use crate::my_module::my_module;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        crate::package::adopt(m)
    }
}
