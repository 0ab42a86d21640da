//! An immutable value type.
//!
//! `frozen` makes every field read-only from Python and Rust alike, so a `Color` can be shared
//! between threads and used as a dict key without locks; `eq` and `hash` derive the Python
//! protocols from the Rust traits, so the two can never disagree.

use pyo3::prelude::*;

use crate::errors::Error;

/// An RGB colour. Immutable and hashable.
#[pyclass(frozen, eq, hash)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    red: u8,
    green: u8,
    blue: u8,
}

impl Color {
    /// Linear interpolation towards `other`; `factor` 0.0 is `self`, 1.0 is `other`.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] unless `factor` is between 0.0 and 1.0.
    pub fn blend(self, other: Self, factor: f64) -> Result<Self, Error> {
        if !(0.0..=1.0).contains(&factor) {
            return Err(Error::OutOfRange {
                name: "factor",
                value: factor,
                min: 0.0,
                max: 1.0,
            });
        }
        let mix = |from: u8, to: u8| {
            round_to_channel(f64::from(from) + (f64::from(to) - f64::from(from)) * factor)
        };
        Ok(Self {
            red: mix(self.red, other.red),
            green: mix(self.green, other.green),
            blue: mix(self.blue, other.blue),
        })
    }
}

#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "callers pass a value between two u8 values"
)]
fn round_to_channel(value: f64) -> u8 {
    value.round() as u8
}

/// The most characters of a text an error message quotes.
const MAX_QUOTED: usize = 40;

fn channel(name: &'static str, value: i64) -> Result<u8, Error> {
    u8::try_from(value).map_err(|_| Error::OutOfRange {
        name,
        #[expect(
            clippy::cast_precision_loss,
            reason = "only shown in the message; an i64 from Python needs no more precision"
        )]
        value: value as f64,
        min: 0.0,
        max: 255.0,
    })
}

#[pymethods]
impl Color {
    /// Creates a colour from three channels in 0..=255.
    #[new]
    fn new(red: i64, green: i64, blue: i64) -> Result<Self, Error> {
        Ok(Self {
            red: channel("red", red)?,
            green: channel("green", green)?,
            blue: channel("blue", blue)?,
        })
    }

    /// Parses `#rrggbb` (any case); raises `InvalidColorError` otherwise.
    #[staticmethod]
    #[expect(
        clippy::missing_errors_doc,
        reason = "this is Python's docstring, which names the exception"
    )]
    pub fn from_hex(text: &str) -> Result<Self, Error> {
        // The message quotes the text, cut short: its size is the caller's to choose.
        let invalid = |reason| Error::InvalidColor {
            text: text.chars().take(MAX_QUOTED).collect(),
            reason,
        };
        let digits = text
            .strip_prefix('#')
            .ok_or_else(|| invalid("must start with '#'"))?;
        // Checked here, not left to `from_str_radix`, which also takes a sign: "#+f+f+f".
        if digits.len() != 6 || !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(invalid("needs exactly six hex digits after '#'"));
        }
        let channel = |range| {
            digits
                .get(range)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .ok_or_else(|| invalid("needs exactly six hex digits after '#'"))
        };
        Ok(Self {
            red: channel(0..2)?,
            green: channel(2..4)?,
            blue: channel(4..6)?,
        })
    }

    #[getter]
    fn red(&self) -> u8 {
        self.red
    }

    #[getter]
    fn green(&self) -> u8 {
        self.green
    }

    #[getter]
    fn blue(&self) -> u8 {
        self.blue
    }

    /// The colour as `#rrggbb`.
    #[getter]
    #[must_use]
    pub fn hex(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.red, self.green, self.blue)
    }

    /// A new colour `factor` of the way from this one to `other`.
    #[pyo3(signature = (other, factor = 0.5))]
    fn mix(&self, other: &Bound<'_, Self>, factor: f64) -> Result<Self, Error> {
        self.blend(*other.get(), factor)
    }

    fn __repr__(&self) -> String {
        format!(
            "Color(red={}, green={}, blue={})",
            self.red, self.green, self.blue
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{Color, Error};

    #[test]
    fn parses_hex() {
        assert_eq!(
            Color::from_hex("#FF8800"),
            Ok(Color {
                red: 255,
                green: 136,
                blue: 0
            })
        );
    }

    #[test]
    fn rejects_malformed_text() {
        for text in ["ff8800", "#ff88", "#ff88zz", "#ff88é", "#+f+f+f"] {
            assert!(
                matches!(Color::from_hex(text), Err(Error::InvalidColor { .. })),
                "{text}"
            );
        }
    }

    #[test]
    fn blend_checks_its_factor() -> Result<(), Error> {
        let black = Color::from_hex("#000000")?;
        let white = Color::from_hex("#ffffff")?;
        assert_eq!(black.blend(white, 0.5)?.red, 128);
        assert!(matches!(
            black.blend(white, 1.5),
            Err(Error::OutOfRange { .. })
        ));
        Ok(())
    }
}
