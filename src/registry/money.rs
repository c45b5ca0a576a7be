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
fn two_decimals(value: Decimal, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    write!(f, "{rounded}")
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        two_decimals(self.0, f)
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        two_decimals(self.0, f)
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
        ];
        for (input, shown) in cases {
            assert_eq!(Money(Decimal::from_str(input).unwrap()).to_string(), shown);
        }
        assert_eq!(Percent(Decimal::new(19, 0)).to_string(), "19.00");
        assert_eq!(Money::from_cents(151762).to_string(), "1517.62");
    }
}
