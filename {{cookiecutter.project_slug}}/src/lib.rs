//! {{ cookiecutter.description | doc }}
//!
//! This file is the table of contents of the extension: one declarative module tree that exports
//! what the other files define. Everything PyO3 needs to know is in the tree, so
//! `maturin generate-stubs` writes complete `.pyi` files from it; the Python package around
//! `_core` (`python/{{ cookiecutter.module_name }}/__init__.py`) makes the submodules importable.

{%- if cookiecutter.examples == "full" %}
// Public for Rust code outside the crate: the fuzz targets in fuzz/.
pub mod color;
{%- endif %}
{%- if cookiecutter.examples == "full" or cookiecutter.async_example %}
mod compute;
{%- endif %}
{%- if cookiecutter.examples == "full" %}
mod counter;
{%- endif %}
pub mod errors;
mod my_module;
{%- if cookiecutter.async_example %}

// Coroutines: tokio futures awaited from asyncio.
mod async_example;
{%- endif %}

/// The compiled core of the package; import the package, not this module.
#[pyo3::pymodule(gil_used = false)]
pub mod _core {
{%- if cookiecutter.async_example %}
    #[pymodule_export]
    use crate::async_example::async_example;
{%- endif %}
{%- if cookiecutter.examples == "full" %}
    #[pymodule_export]
    use crate::color::Color;
    #[pymodule_export]
    use crate::counter::Counter;
{%- endif %}
    #[pymodule_export]
    use crate::errors::exceptions;
    #[pymodule_export]
    use crate::my_module::my_module;
}
