//! Money and percentages on `rust_decimal`, with the one rendering rule used
//! for every amount on the wire: two decimals, `.` as separator, no grouping.
//! Never `f64`.

use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;

/// An amount in an account's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Money(pub Decimal);

/// A percentage such as a VAT rate (`19.00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Percent(pub Decimal);

impl Money {
    /// `cents / 100`, exact.
    pub fn from_cents(cents: i64) -> Money {
        Money(Decimal::new(cents, 2))
    }
}

/// Writes `value` with exactly two decimals, rounding half away from zero.
///
/// The digits of the rounded mantissa are written by hand into a stack buffer
/// and handed out in one piece: going through `Decimal`'s (or
/// even `u128`'s) `Display` was the largest single cost of StatusAccount
/// (BENCHMARKS.md, "Profile").
fn two_decimals(value: Decimal) -> AmountText {
    let mut rounded = value;
    if rounded.scale() != 2 {
        rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        rounded.rescale(2);
    }
    let cents = rounded.mantissa();
    // 39 digits of u128, at least three (`0.05` has its leading zero).
    let mut digits = [b'0'; 39];
    let mut at = digits.len();
    let mut rest = cents.unsigned_abs();
    // A u128 divides far slower than a u64, and real amounts fit in one:
    // only the digits above a u64 take the slow path.
    let mut small = loop {
        match u64::try_from(rest) {
            Ok(small) => break small,
            Err(_) => {
                at -= 1;
                digits[at] = b'0' + (rest % 10) as u8;
                rest /= 10;
            }
        }
    };
    loop {
        at -= 1;
        digits[at] = b'0' + (small % 10) as u8;
        small /= 10;
        if small == 0 {
            break;
        }
    }
    let digits = &digits[at.min(digits.len() - 3)..];
    let (whole, fraction) = digits.split_at(digits.len() - 2);
    let mut out = AmountText::new_const();
    if cents < 0 {
        out.push('-');
    }
    // ASCII digits: both parts are UTF-8, and 41 places hold any Decimal's
    // digits, its point and its sign.
    let _ = out.try_push_str(std::str::from_utf8(whole).unwrap_or_default());
    out.push('.');
    let _ = out.try_push_str(std::str::from_utf8(fraction).unwrap_or_default());
    out
}

/// An amount's text on the stack: what [`Money::text`] gives.
pub type AmountText = arrayvec::ArrayString<41>;

impl Money {
    /// The amount as the wire writes it, without the formatter: for
    /// `Response::push_str` where an answer is mostly amounts (StatusAccount).
    pub fn text(self) -> AmountText {
        two_decimals(self.0)
    }
}

impl Percent {
    /// The percentage as the wire writes it (see [`Money::text`]).
    pub fn text(self) -> AmountText {
        two_decimals(self.0)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&two_decimals(self.0))
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&two_decimals(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn renders_two_decimals() {
        let cases = [
            ("0", "0.00"),
            ("1000000", "1000000.00"),
            ("9902.034", "9902.03"),
            ("0.005", "0.01"),
            ("-12.5", "-12.50"),
            ("-0.05", "-0.05"),
            ("-0.004", "0.00"),
            (
                "79228162514264337593543950.335",
                "79228162514264337593543950.34",
            ),
        ];
        for (input, shown) in cases {
            assert_eq!(Money(Decimal::from_str(input).unwrap()).to_string(), shown);
        }
        assert_eq!(Percent(Decimal::new(19, 0)).to_string(), "19.00");
        assert_eq!(Money::from_cents(151762).to_string(), "1517.62");
    }
}
