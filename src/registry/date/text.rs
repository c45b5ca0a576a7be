//! Short protocol texts built on the stack: a date (`2026-01-01 00:00:00`),
//! a period (`1Y`, `18M`), a day count (`30d`), a small number. Wide answers
//! (StatusDomain: a dozen dates, periods and flags) copy them into the
//! response with `push_str`; through `Display` and `core::fmt::write` each
//! cost more than the rest of its property, and `to_string` a heap
//! allocation besides (BENCHMARKS.md, "The domain lifecycle").

use std::fmt;

use arrayvec::ArrayString;

use super::{DAY, DateTime, Period, Timestamp, civil_from_days};

/// Up to 24 bytes of text, kept on the stack (`arrayvec`'s `ArrayString`,
/// which hands its text out without checking it again).
#[derive(Clone, Copy)]
pub struct ShortText(ArrayString<24>);

impl ShortText {
    const fn new() -> ShortText {
        ShortText(ArrayString::new_const())
    }

    /// Appends an ASCII byte; a byte past the capacity is dropped (no text
    /// made here comes near it).
    fn push(&mut self, byte: u8) {
        let _ = self.0.try_push(char::from(byte));
    }

    /// Appends `value` in decimal.
    fn push_number(&mut self, value: u64) {
        let _ = self.0.try_push_str(itoa::Buffer::new().format(value));
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
        self.0.as_str()
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
    /// The length of a date's text (`2026-01-01 00:00:00`).
    pub const TEXT_LEN: usize = 19;

    /// The date as the protocol writes it (`2026-01-01 00:00:00`; never:
    /// `0000-00-00 00:00:00`).
    pub fn text(self) -> ShortText {
        let mut text = ShortText::new();
        let mut buffer = [[0; DateTime::TEXT_LEN]];
        let [date] = DateTime::texts([self], &mut buffer);
        let _ = text.0.try_push_str(date);
        text
    }

    /// The texts of `dates`, written into `buffer` and checked as UTF-8
    /// once for all (StatusDomain writes eight: one check, not eight).
    pub fn texts<const N: usize>(
        dates: [DateTime; N],
        buffer: &mut [[u8; DateTime::TEXT_LEN]; N],
    ) -> [&str; N] {
        // A date equal to the one before it (StatusDomain's updated date is
        // usually its created date) is copied, not worked out again.
        for at in 0..N {
            match at.checked_sub(1) {
                Some(before) if dates[before] == dates[at] => buffer[at] = buffer[before],
                _ => dates[at].write(&mut buffer[at]),
            }
        }
        // ASCII digits and separators: always UTF-8.
        let all = std::str::from_utf8(buffer.as_flattened()).unwrap_or_default();
        std::array::from_fn(|at| {
            all.get(at * DateTime::TEXT_LEN..(at + 1) * DateTime::TEXT_LEN)
                .unwrap_or("")
        })
    }

    /// Writes the date's text into `bytes`: two digits at a time from a
    /// table, into fixed places (no division loop per digit, no capacity
    /// check per byte).
    fn write(self, bytes: &mut [u8; DateTime::TEXT_LEN]) {
        *bytes = *b"0000-00-00 00:00:00";
        let Some(Timestamp(seconds)) = self.0 else {
            return;
        };
        let (year, month, day) = civil_from_days(seconds / DAY);
        let year = u32::try_from(year).unwrap_or(0).min(9999);
        let time = (seconds % DAY) as u32;
        for (at, value) in [
            (0, year / 100),
            (2, year),
            (5, month),
            (8, day),
            (11, time / 3600),
            (14, time / 60 % 60),
            (17, time % 60),
        ] {
            let pair = (value % 100) as usize * 2;
            bytes[at] = PAIRS[pair];
            bytes[at + 1] = PAIRS[pair + 1];
        }
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
        let dates = [1_767_225_600, 0].map(|seconds| Timestamp(seconds).datetime());
        let mut buffer = [[0; DateTime::TEXT_LEN]; 3];
        let texts = DateTime::texts([dates[0], DateTime(None), dates[1]], &mut buffer);
        assert_eq!(
            texts,
            [
                "2026-01-01 00:00:00",
                "0000-00-00 00:00:00",
                "1970-01-01 00:00:00"
            ]
        );
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
