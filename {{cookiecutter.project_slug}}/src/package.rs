//! Makes the Rust module tree behave like a Python package.
//!
//! Python's import system finds `package.submodule` in `sys.modules`, never through attributes
//! of the parent, so a submodule built in Rust is reachable as `package._core.my_module` but
//! `import package.my_module` and `from package.my_module import greet` fail until it is
//! registered. Classes and exceptions defined in Rust report the module they are re-exported
//! from, so `repr()` and `pickle` use the public name.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyModule, PyType};

/// Registers every submodule of `core` under the package that contains it.
///
/// The package is `core.__name__` minus its last part (`pkg._core` -> `pkg`); a module loaded on
/// its own, as in the embedded-interpreter tests, is its own package (`_core` -> `_core`).
pub fn adopt(core: &Bound<'_, PyModule>) -> PyResult<()> {
    let name = core.name()?;
    let name = name.to_str()?;
    let package = name.rsplit_once('.').map_or(name, |(package, _)| package);
    let sys_modules = core.py().import("sys")?.getattr("modules")?;
    adopt_members(core, package, sys_modules.cast()?)
}

fn adopt_members(
    module: &Bound<'_, PyModule>,
    public_name: &str,
    sys_modules: &Bound<'_, PyDict>,
) -> PyResult<()> {
    for (attribute, value) in module.dict().iter() {
        if let Ok(submodule) = value.cast::<PyModule>() {
            let qualified = format!("{public_name}.{attribute}");
            submodule.setattr("__name__", &qualified)?;
            sys_modules.set_item(&qualified, submodule)?;
            adopt_members(submodule, &qualified, sys_modules)?;
        } else if let Ok(class) = value.cast::<PyType>() {
            class.setattr("__module__", public_name)?;
        }
    }
    Ok(())
}
