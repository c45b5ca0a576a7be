//! Short protocol texts built on the stack: a date (`2026-01-01 00:00:00`),
//! a period (`1Y`, `18M`), a day count (`30d`), a small number. Wide answers
//! (StatusDomain: a dozen dates, periods and flags) copy them into the
//! response with `push_str`; through `Display` and `core::fmt::write` each
//! cost more than the rest of its property, and `to_string` a heap
//! allocation besides (BENCHMARKS.md, "The domain lifecycle").

use std::fmt;

use super::{DAY, DateTime, Period, Timestamp, civil_from_days};

/// Up to 24 bytes of ASCII text, kept on the stack. Only ASCII is ever
/// stored (every writer below checks or writes digits and ASCII literals),
/// which is what lets [`ShortText::as_str`] skip UTF-8 validation.
#[derive(Clone, Copy)]
pub struct ShortText {
    bytes: [u8; 24],
    len: u8,
}

impl ShortText {
    const fn new() -> ShortText {
        ShortText {
            bytes: [0; 24],
            len: 0,
        }
    }

    /// Appends an ASCII byte; anything else, or a byte past the capacity,
    /// is dropped (no text made here comes near either).
    fn push(&mut self, byte: u8) {
        debug_assert!(byte.is_ascii());
        if let (true, Some(slot)) = (byte.is_ascii(), self.bytes.get_mut(usize::from(self.len))) {
            *slot = byte;
            self.len += 1;
        }
    }

    /// Appends `value` in decimal.
    fn push_number(&mut self, mut value: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (value % 10) as u8;
            value /= 10;
            if value == 0 {
                break;
            }
        }
        let (start, digits) = (usize::from(self.len), &digits[at..]);
        // At most 20 digits: a number fits whenever the text holds at most four bytes.
        if let Some(slots) = self.bytes.get_mut(start..start + digits.len()) {
            slots.copy_from_slice(digits);
            self.len += digits.len() as u8;
        }
    }

    /// `value` in decimal (`12`).
    pub fn number(value: u64) -> ShortText {
        let mut text = ShortText::new();
        text.push_number(value);
        text
    }

    /// A day count as the protocol writes periods of days (`30d`).
    pub fn days(days: u64) -> ShortText {
        let mut text = ShortText::number(days);
        text.push(b'd');
        text
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        let bytes = &self.bytes[..usize::from(self.len)];
        debug_assert!(bytes.is_ascii());
        // SAFETY: only ASCII bytes are ever stored (see the type's doc), and
        // ASCII is UTF-8. Validating instead cost a quarter of writing a date
        // (about 75 instructions, twenty texts per StatusDomain).
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }
}

impl fmt::Display for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<str> for ShortText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ShortText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// `00` to `99`, two ASCII digits each.
const PAIRS: &[u8; 200] = b"\
    0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

impl DateTime {
    /// The date as the protocol writes it (`2026-01-01 00:00:00`; never:
    /// `0000-00-00 00:00:00`), written digit by digit.
    pub fn text(self) -> ShortText {
        const NEVER: &[u8; 19] = b"0000-00-00 00:00:00";
        let mut text = ShortText::new();
        text.bytes[..NEVER.len()].copy_from_slice(NEVER);
        text.len = NEVER.len() as u8;
        let Some(Timestamp(seconds)) = self.0 else {
            return text;
        };
        let (year, month, day) = civil_from_days((seconds / DAY) as i64);
        let year = u32::try_from(year).unwrap_or(0).min(9999);
        let time = (seconds % DAY) as u32;
        // Two digits at a time, from a table: no division loop per digit.
        let mut put = |at: usize, value: u32| {
            let pair = (value % 100) as usize * 2;
            text.bytes[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
        };
        put(0, year / 100);
        put(2, year);
        put(5, month);
        put(8, day);
        put(11, time / 3600);
        put(14, time / 60 % 60);
        put(17, time % 60);
        text
    }
}

impl Period {
    /// The period as the protocol writes it: `1Y` for whole years, `18M` otherwise.
    pub fn text(self) -> ShortText {
        let (count, unit) = match self.whole_years() {
            Some(years) => (years, b'Y'),
            None => (self.months, b'M'),
        };
        let mut text = ShortText::number(u64::from(count));
        text.push(unit);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_the_protocol_forms() {
        for (seconds, expected) in [
            (0, "1970-01-01 00:00:00"),
            (1_767_225_600, "2026-01-01 00:00:00"),
            (1_830_003_661, "2027-12-28 14:21:01"),
            (253_402_300_799, "9999-12-31 23:59:59"),
        ] {
            let date = Timestamp(seconds).datetime();
            assert_eq!(date.text(), expected);
            assert_eq!(date.to_string(), expected);
        }
        assert_eq!(DateTime(None).text(), "0000-00-00 00:00:00");
        for months in [0, 1, 11, 12, 18, 24, 120, 2_880] {
            let period = Period { months };
            assert_eq!(period.text(), period.to_string().as_str());
        }
        assert_eq!(Period { months: 18 }.text(), "18M");
        assert_eq!(Period::years(2).text(), "2Y");
        assert_eq!(ShortText::days(0), "0d");
        assert_eq!(ShortText::days(30), "30d");
        assert_eq!(ShortText::number(u64::MAX), u64::MAX.to_string().as_str());
    }
}
