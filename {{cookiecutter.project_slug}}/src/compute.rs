//! CPU-bound work in plain Rust, free of Python so it can run with the GIL released.

/// How many terms `leibniz_pi` sums between two calls of its `keep_going`: a few milliseconds
/// of work, so that a Ctrl-C is seen well within a second.
pub const TERMS_BETWEEN_CHECKS: u64 = 1 << 20;

/// Estimates π from the first `terms` terms of the Leibniz series 4 * (1 - 1/3 + 1/5 - ...).
///
/// Deliberately naive (it converges slowly): the point is a loop that Python and Rust write the
/// same way and that gives bit-identical results in both, so the benchmark compares languages,
/// not algorithms. No terms is 0.0 (not the -0.0 of an empty `Iterator::sum`).
///
/// # Errors
///
/// Whatever `keep_going` returns, which it asks every [`TERMS_BETWEEN_CHECKS`] terms: the
/// caller decides when a long sum should stop (Python's Ctrl-C, say).
#[expect(
    clippy::cast_precision_loss,
    reason = "exact for k < 2**53, beyond any practical `terms`"
)]
pub fn leibniz_pi<E>(terms: u64, mut keep_going: impl FnMut() -> Result<(), E>) -> Result<f64, E> {
    let mut sum = 0.0;
    for k in 0..terms {
        if k % TERMS_BETWEEN_CHECKS == 0 && k > 0 {
            keep_going()?;
        }
        let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
        sum += sign / (2.0 * k as f64 + 1.0);
    }
    Ok(4.0 * sum)
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use super::{TERMS_BETWEEN_CHECKS, leibniz_pi};

    fn uninterrupted(terms: u64) -> f64 {
        let Ok(pi) = leibniz_pi(terms, || Ok::<(), Infallible>(()));
        pi
    }

    #[test]
    #[expect(
        clippy::float_cmp,
        reason = "these sums are exact in binary floating point"
    )]
    fn first_terms_are_exact() {
        assert_eq!(
            uninterrupted(0).to_bits(),
            0.0_f64.to_bits(),
            "0.0, not -0.0"
        );
        assert_eq!(uninterrupted(1), 4.0);
        assert_eq!(uninterrupted(2), 4.0 * (1.0 - 1.0 / 3.0));
    }

    #[test]
    fn converges_to_pi() {
        assert!((uninterrupted(1_000_000) - std::f64::consts::PI).abs() < 1e-5);
    }

    #[test]
    fn stops_when_asked() {
        let mut asked = 0;
        let stopped = leibniz_pi(u64::MAX, || {
            asked += 1;
            if asked < 3 { Ok(()) } else { Err("stop") }
        });
        assert_eq!(stopped, Err("stop"));
        assert_eq!(asked, 3, "asked every {TERMS_BETWEEN_CHECKS} terms");
    }
}
