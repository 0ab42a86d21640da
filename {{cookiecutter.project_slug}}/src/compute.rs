//! CPU-bound work in plain Rust, free of Python so it can run with the GIL released.

/// Estimates π from the first `terms` terms of the Leibniz series 4 * (1 - 1/3 + 1/5 - ...).
///
/// Deliberately naive (it converges slowly): the point is a loop that Python and Rust write the
/// same way and that gives bit-identical results in both, so the benchmark compares languages,
/// not algorithms.
#[expect(
    clippy::cast_precision_loss,
    reason = "exact for k < 2**53, beyond any practical `terms`"
)]
pub fn leibniz_pi(terms: u64) -> f64 {
    let sum: f64 = (0..terms)
        .map(|k| {
            let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
            sign / (2.0 * k as f64 + 1.0)
        })
        .sum();
    4.0 * sum
}

#[cfg(test)]
mod tests {
    use super::leibniz_pi;

    #[test]
    #[expect(
        clippy::float_cmp,
        reason = "these sums are exact in binary floating point"
    )]
    fn first_terms_are_exact() {
        assert_eq!(leibniz_pi(0), 0.0);
        assert_eq!(leibniz_pi(1), 4.0);
        assert_eq!(leibniz_pi(2), 4.0 * (1.0 - 1.0 / 3.0));
    }

    #[test]
    fn converges_to_pi() {
        assert!((leibniz_pi(1_000_000) - std::f64::consts::PI).abs() < 1e-5);
    }
}
