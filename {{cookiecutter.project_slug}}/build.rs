//! Lets `cargo test` run the embedded interpreter without `LD_LIBRARY_PATH`.
//!
//! Test binaries link libpython; when Python lives outside the system library path (pyenv,
//! uv, conda) the loader would not find it. This records its directory as an rpath. Wheels are
//! unaffected: maturin does not link libpython into extension modules.

fn main() {
    pyo3_build_config::add_libpython_rpath_link_args();
}
