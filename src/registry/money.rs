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
    // 39 digits of u128, the point and the sign.
    let mut text = [0u8; 41];
    let mut at = text.len();
    let mut push = |byte: u8| {
        at -= 1;
        text[at] = byte;
    };
    let mut rest = cents.unsigned_abs();
    let mut written = 0;
    while rest > 0 || written < 3 {
        if written == 2 {
            push(b'.');
        }
        // A u128 divides far slower than a u64, and real amounts fit in one.
        let digit;
        (rest, digit) = match u64::try_from(rest) {
            Ok(small) => (u128::from(small / 10), small % 10),
            Err(_) => (rest / 10, (rest % 10) as u64),
        };
        push(b'0' + digit as u8);
        written += 1;
    }
    if cents < 0 {
        push(b'-');
    }
    let mut out = AmountText::new_const();
    for &byte in &text[at..] {
        // 41 places hold any Decimal's digits, its point and its sign.
        let _ = out.try_push(char::from(byte));
    }
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
