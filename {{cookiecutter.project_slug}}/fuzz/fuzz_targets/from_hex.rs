//! `Color::from_hex`, the parser of text from outside, against everything libFuzzer tries.
//!
//! The target fails on a panic, and when a text it accepts does not print back as itself (in
//! lower case): `#` and six hex digits, nothing more. `nox -s fuzz` runs it.

#![no_main]

use libfuzzer_sys::fuzz_target;
use {{ cookiecutter.__crate_name }}::color::Color;

fuzz_target!(|text: &str| {
    if let Ok(color) = Color::from_hex(text) {
        assert_eq!(color.hex(), text.to_ascii_lowercase());
    }
});
