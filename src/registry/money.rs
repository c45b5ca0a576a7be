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

    /// `value` rounded to cents by the one rule of every amount (half away
    /// from zero, as the wire writes it and `catalogue::convert` rounds): a
    /// computed price or VAT is charged and listed as it is shown.
    pub fn rounded(value: Decimal) -> Money {
        Money(value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }
}

/// Writes `value` with exactly two decimals, rounding half away from zero.
///
/// The whole part is written by `itoa` and the cents by hand into a stack
/// text: going through `Decimal`'s (or even `u128`'s) `Display` was the
/// largest single cost of StatusAccount (BENCHMARKS.md, "Profile").
fn two_decimals(value: Decimal) -> AmountText {
    let mut rounded = value;
    if rounded.scale() != 2 {
        rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        rounded.rescale(2);
    }
    let cents = rounded.mantissa();
    let mut out = AmountText::new_const();
    if cents < 0 {
        out.push('-');
    }
    // 41 places hold any Decimal's digits, its point and its sign. A u128
    // divides far slower than a u64, and real amounts fit in one.
    let mut digits = itoa::Buffer::new();
    let fraction = match u64::try_from(cents.unsigned_abs()) {
        Ok(cents) => {
            let _ = out.try_push_str(digits.format(cents / 100));
            (cents % 100) as u8
        }
        Err(_) => {
            let cents = cents.unsigned_abs();
            let _ = out.try_push_str(digits.format(cents / 100));
            (cents % 100) as u8
        }
    };
    out.push('.');
    let _ = out.try_push(char::from(b'0' + fraction / 10));
    let _ = out.try_push(char::from(b'0' + fraction % 10));
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
