//! Number functions the core needs, written so that the wasm build needs no
//! standard library (`f64::floor`, `sqrt`, `exp` and friends live in std).
//! Host and wasm builds run the same code, so the host tests cover what the
//! tag runs.

/// 2^52: from here on every f64 is an integer.
const INTEGRAL: f64 = 4_503_599_627_370_496.0;

/// `x` with its fraction dropped (towards zero).
pub fn trunc(x: f64) -> f64 {
    if x.abs() < INTEGRAL {
        ((x as i64) as f64).copysign(x)
    } else {
        x
    }
}

/// Largest integer not above `x`.
pub fn floor(x: f64) -> f64 {
    let t = trunc(x);
    if t > x {
        t - 1.0
    } else {
        t
    }
}

/// Square root (NaN below zero): Newton's method from an estimate that
/// halves the exponent; five steps reach full precision for normal numbers.
pub fn sqrt(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 || x == f64::INFINITY {
        return x;
    }
    let mut y = f64::from_bits((x.to_bits() >> 1) + 0x1FF8_0000_0000_0000);
    for _ in 0..5 {
        y = 0.5 * (y + x / y);
    }
    y
}

/// Nearest integer, halves away from zero (like `f64::round`).
pub fn round(x: f64) -> f64 {
    let t = trunc(x);
    let frac = x - t;
    if frac >= 0.5 {
        t + 1.0
    } else if frac <= -0.5 {
        t - 1.0
    } else {
        t
    }
}

/// e to the power `x`, to a few units in the last place: `x` = k·ln 2 + r with
/// |r| ≤ ln 2 / 2, then 2^k times a Taylor series of e^r. 0 below −708 and
/// infinity above 709 (std's finite range reaches 709.78; the tag only takes
/// e^x of x ≤ 0).
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -708.0 {
        return 0.0;
    }
    // ln 2 split in two (high part with a short mantissa, so k·LN2_HI is
    // exact): r keeps full precision even for large k.
    const LN2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76);
    let k = round(x / core::f64::consts::LN_2);
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let (mut term, mut sum) = (1.0, 1.0);
    for n in 1..18 {
        term *= r / f64::from(n);
        sum += term;
    }
    // 2^k as a float: k is within the normal exponent range here.
    let scale = f64::from_bits(((k as i64 + 1023) as u64) << 52);
    sum * scale
}

/// A decimal number of ASCII digits only (no sign, no spaces), or `None`
/// when `s` is empty, holds anything else or is above `u32::MAX`. Shorter in
/// the wasm than `str::parse`; the tag reads such numbers in opening hours,
/// in the journey records it wrote itself and in `Intl`'s time parts.
pub fn parse_u32(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let mut n: u32 = 0;
    for b in s.bytes() {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u32::from(d))?;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_matches_std_including_halves_and_edges() {
        for x in [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            2.4999,
            -2.5001,
            1e15 + 0.5,
            123.456,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(round(x), x.round(), "{x}");
        }
        assert!(round(f64::NAN).is_nan());
        let mut x: f64 = -1000.0;
        while x < 1000.0 {
            assert_eq!(round(x), x.round(), "{x}");
            x += 0.0625;
        }
    }

    #[test]
    fn exp_is_close_to_std_over_the_range_softmax_and_callers_use() {
        let mut worst: f64 = 0.0;
        let mut x: f64 = -708.0;
        while x < 709.0 {
            let want = x.exp();
            worst = worst.max(((exp(x) - want) / want).abs());
            x += 0.173;
        }
        assert!(worst < 1e-14, "worst relative error {worst}");
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-800.0), 0.0);
        assert_eq!(exp(800.0), f64::INFINITY);
        assert!(exp(f64::NAN).is_nan());
    }

    #[test]
    fn parse_u32_reads_digits_only() {
        for s in ["0", "7", "0042", "4294967295", "123456"] {
            assert_eq!(parse_u32(s), s.parse::<u32>().ok(), "{s}");
        }
        for s in [
            "",
            "+1",
            "-1",
            " 1",
            "1 ",
            "1.5",
            "4294967296",
            "99999999999",
            "1a",
            "٣",
            "/",
            ":",
        ] {
            assert_eq!(parse_u32(s), None, "{s}");
        }
    }

    #[test]
    fn floor_trunc_sqrt_follow_std() {
        for x in [-2.5, -2.0, -0.1, -0.0, 0.0, 0.1, 2.0, 2.5, 1e300, -1e300] {
            assert_eq!(floor(x), x.floor(), "{x}");
            assert_eq!(trunc(x), x.trunc(), "{x}");
            assert_eq!(
                trunc(x).is_sign_negative(),
                x.trunc().is_sign_negative(),
                "{x}"
            );
        }
        assert!(floor(f64::NAN).is_nan());
        let mut x: f64 = 1e-300;
        while x < 1e300 {
            let want = x.sqrt();
            assert!(((sqrt(x) - want) / want).abs() < 4e-16, "{x}");
            x *= 1.37;
        }
        assert!(sqrt(-1.0).is_nan());
        assert_eq!(sqrt(0.0), 0.0);
        assert_eq!(sqrt(f64::INFINITY), f64::INFINITY);
    }
}
