//! Calendar arithmetic on [`Timestamp`] (UTC, whole seconds) and the one
//! date rendering of the protocol, `YYYY-MM-DD hh:mm:ss`; registration
//! periods (`1Y`, `12M`). Pure functions: never reads the clock.

use std::fmt;

use super::Timestamp;

mod text;
pub use text::ShortText;

const DAY: u64 = 86_400;

impl Timestamp {
    /// The same instant `days` days later.
    pub fn plus_days(self, days: u64) -> Timestamp {
        Timestamp(self.0 + days * DAY)
    }

    /// The same instant `days` days earlier (never before the epoch).
    pub fn minus_days(self, days: u64) -> Timestamp {
        Timestamp(self.0.saturating_sub(days * DAY))
    }

    /// The same time of day `months` calendar months later; a day that the
    /// target month lacks becomes its last day (Jan 31 + 1M = Feb 28/29).
    pub fn plus_months(self, months: u32) -> Timestamp {
        let (days, seconds) = (self.0 / DAY, self.0 % DAY);
        let (year, month, day) = civil_from_days(days);
        let index = i64::from(year) * 12 + i64::from(month - 1) + i64::from(months);
        let (year, month) = ((index / 12) as i32, (index % 12) as u32 + 1);
        let day = day.min(days_in_month(year, month));
        Timestamp(days_from_civil(year, month, day) as u64 * DAY + seconds)
    }

    /// `self` plus a registration period.
    pub fn plus(self, period: Period) -> Timestamp {
        self.plus_months(period.months)
    }

    /// The same time of day `months` calendar months earlier, the day
    /// clamped as [`Timestamp::plus_months`] does (never before year 0).
    pub fn minus_months(self, months: u32) -> Timestamp {
        let (days, seconds) = (self.0 / DAY, self.0 % DAY);
        let (year, month, day) = civil_from_days(days);
        let index = (i64::from(year) * 12 + i64::from(month - 1) - i64::from(months)).max(0);
        let (year, month) = ((index / 12) as i32, (index % 12) as u32 + 1);
        let day = day.min(days_in_month(year, month));
        Timestamp(days_from_civil(year, month, day).max(0) as u64 * DAY + seconds)
    }

    /// Midnight of the first day of this instant's calendar month.
    pub fn month_start(self) -> Timestamp {
        let (year, month, _) = civil_from_days(self.0 / DAY);
        Timestamp(days_from_civil(year, month, 1).max(0) as u64 * DAY)
    }

    /// Reads `YYYY-MM-DD` or `YYYY-MM-DD hh:mm:ss` (UTC), as list filters
    /// send them: each field exactly as wide as the form says, digits only
    /// (`2026-001-01` or `2026-1-1` is no date).
    pub fn parse(text: &str) -> Option<Timestamp> {
        let (date, time) = text.split_once(' ').unwrap_or((text, "00:00:00"));
        let field = |text: &str, width: usize| {
            (text.len() == width && text.bytes().all(|b| b.is_ascii_digit()))
                .then(|| text.parse::<u32>().ok())
                .flatten()
        };
        let mut date = date.splitn(3, '-');
        let year = field(date.next()?, 4)?;
        let (month, day) = (field(date.next()?, 2)?, field(date.next()?, 2)?);
        let mut time = time.splitn(3, ':');
        let hour = u64::from(field(time.next()?, 2)?);
        let (minute, second) = (field(time.next()?, 2)?, field(time.next()?, 2)?);
        let (minute, second) = (u64::from(minute), u64::from(second));
        let valid = (1970..=9999).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year as i32, month)).contains(&day)
            && hour < 24
            && minute < 60
            && second < 60;
        valid.then(|| {
            let days = days_from_civil(year as i32, month, day) as u64;
            Timestamp(days * DAY + hour * 3600 + minute * 60 + second)
        })
    }

    /// Reads an RFC 3339 time as the admin clock endpoint takes it:
    /// `2027-01-01T00:00:00Z`, an offset `+02:00` / `-05:30` instead of `Z`,
    /// `t`/`z` or a space for `T` allowed, fractional seconds read and
    /// ignored. `None` for anything else (or a time before 1970).
    pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
        let bytes = text.as_bytes();
        let digits = |from: usize, width: usize| -> Option<u64> {
            let field = bytes.get(from..from + width)?;
            field.iter().try_fold(0u64, |value, &byte| {
                byte.is_ascii_digit()
                    .then(|| value * 10 + u64::from(byte - b'0'))
            })
        };
        let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
        let separated = separators
            .iter()
            .all(|&(at, byte)| bytes.get(at) == Some(&byte))
            && matches!(bytes.get(10), Some(b'T' | b't' | b' '));
        if !separated {
            return None;
        }
        let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
        let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
        let mut rest = &bytes[19..];
        if let Some(fraction) = rest.strip_prefix(b".") {
            let count = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
            if count == 0 {
                return None;
            }
            rest = &fraction[count..];
        }
        let offset = match rest {
            b"Z" | b"z" => 0i64,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let two = |a: u8, b: u8| -> Option<i64> {
                    (a.is_ascii_digit() && b.is_ascii_digit())
                        .then(|| i64::from(a - b'0') * 10 + i64::from(b - b'0'))
                };
                let (hours, minutes) = (two(*h1, *h2)?, two(*m1, *m2)?);
                if hours > 23 || minutes > 59 {
                    return None;
                }
                let seconds = hours * 3600 + minutes * 60;
                if *sign == b'-' { -seconds } else { seconds }
            }
            _ => return None,
        };
        let date = format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}");
        let local = Timestamp::parse(&date)?;
        let utc = i64::try_from(local.0).ok()? - offset;
        u64::try_from(utc).ok().map(Timestamp)
    }

    /// This instant in RFC 3339, UTC: `2026-03-03T00:00:00Z`.
    pub fn rfc3339(self) -> String {
        let mut text = self.datetime().to_string();
        text.replace_range(10..11, "T");
        text.push('Z');
        text
    }

    /// This instant as the protocol writes dates: `2026-01-01 00:00:00`.
    pub fn datetime(self) -> DateTime {
        DateTime(Some(self))
    }
}

/// A date in the protocol's `YYYY-MM-DD hh:mm:ss` form; `None` is the
/// protocol's "never", `0000-00-00 00:00:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime(pub Option<Timestamp>);

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text().as_str())
    }
}

/// A registration, renewal or transfer period. On the wire `1Y` or `12M`; a
/// bare number means years (what WHMCS sends, whmcs-module.md §1.1).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Period {
    pub months: u32,
}

impl Period {
    pub const fn years(years: u32) -> Period {
        Period { months: years * 12 }
    }

    /// Reads `1`, `1Y`, `1y`, `12M`; `None` for anything else (or absurd values).
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let (digits, unit) = match text.as_bytes().last()? {
            b'Y' | b'y' => (&text[..text.len() - 1], 12),
            b'M' | b'm' => (&text[..text.len() - 1], 1),
            _ => (text, 12),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 3 {
            return None;
        }
        let count: u32 = digits.parse().ok()?;
        Some(Period {
            months: count * unit,
        })
    }

    /// Whole years, if the period is a whole number of years.
    pub fn whole_years(self) -> Option<u32> {
        self.months.is_multiple_of(12).then_some(self.months / 12)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text().as_str())
    }
}

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The days of `month` (1..=12) in `year` (proleptic Gregorian).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day count since 1970-01-01 (inverse of [`days_from_civil`]),
/// by Neri and Schneider's Euclidean affine functions ("Euclidean affine
/// functions and their application to calendar algorithms", 2022): one
/// division by a constant and a few multiplications, about a third of the
/// instructions of the era/year-of-era form (StatusDomain writes six dates).
fn civil_from_days(days: u64) -> (i32, u32, u32) {
    // Days since 0000-03-01: years start in March, so leap days come last.
    let n = days + 719_468;
    let n1 = 4 * n + 3;
    let century = n1 / 146_097;
    let day_of_century = (n1 % 146_097) / 4;
    let p2 = 2_939_745 * (4 * day_of_century + 3);
    let year = 100 * century + (p2 >> 32);
    // The day of the (March) year, 0 to 365.
    let day_of_year = (p2 & 0xFFFF_FFFF) / 2_939_745 / 4;
    let n3 = 2_141 * day_of_year + 197_913;
    let (month, day) = ((n3 >> 16) as u32, ((n3 & 0xFFFF) / 2_141) as u32 + 1);
    // January and February belong to the next calendar year.
    match day_of_year >= 306 {
        true => ((year + 1) as i32, month - 12, day),
        false => (year as i32, month, day),
    }
}

#[cfg(test)]
mod tests;
