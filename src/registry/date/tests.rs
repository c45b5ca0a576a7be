//! Unit tests of `date.rs`: calendar arithmetic against a reference
//! form, periods, and the date forms requests send.

use super::*;

const NEW_YEAR_2026: Timestamp = Timestamp(1_767_225_600);

#[test]
fn a_list_date_has_exactly_the_forms_width() {
    assert_eq!(Timestamp::parse("2026-01-01"), Some(NEW_YEAR_2026));
    let noon = Timestamp(NEW_YEAR_2026.0 + 12 * 3600);
    assert_eq!(Timestamp::parse("2026-01-01 12:00:00"), Some(noon));
    for bad in [
        "2026-001-01",
        "2026-1-1",
        "+2026-01-01",
        "2026-01-01 1:00:00",
        "2026-01-01 12:00:+0",
        "02026-01-01",
    ] {
        assert_eq!(Timestamp::parse(bad), None, "{bad}");
    }
}

/// The era/year-of-era form `civil_from_days` replaced, as the reference.
fn civil_by_eras(days: i64) -> (i32, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year as i32, month, day)
}

#[test]
fn civil_dates_match_the_era_form_on_every_day() {
    let far = (0..200_000).map(|n| 3_000_000 + n * 997_331);
    for days in (0..3_000_000).chain(far).chain([u64::MAX / DAY]) {
        let (year, month, day) = civil_from_days(days);
        assert_eq!((year, month, day), civil_by_eras(days as i64), "{days}");
        if days < 3_000_000 {
            assert_eq!(days_from_civil(year, month, day), days as i64, "{days}");
        }
    }
}

#[test]
fn renders_and_parses_protocol_dates() {
    assert_eq!(NEW_YEAR_2026.datetime().to_string(), "2026-01-01 00:00:00");
    assert_eq!(DateTime(None).to_string(), "0000-00-00 00:00:00");
    let later = Timestamp::parse("2028-02-29 13:05:09").unwrap();
    assert_eq!(later.datetime().to_string(), "2028-02-29 13:05:09");
    assert_eq!(Timestamp::parse("2026-01-01"), Some(NEW_YEAR_2026));
    for bad in [
        "2027-02-29",
        "2026-13-01",
        "2026-1-1 25:00:00",
        "x",
        "",
        "2026-01-01 1:2",
    ] {
        assert_eq!(Timestamp::parse(bad), None, "{bad}");
    }
}

#[test]
fn reads_and_writes_rfc_3339_times() {
    let new_year_2027 = Timestamp::parse("2027-01-01 00:00:00").unwrap();
    for (text, expected) in [
        ("2027-01-01T00:00:00Z", new_year_2027),
        ("2027-01-01t00:00:00z", new_year_2027),
        ("2027-01-01 00:00:00Z", new_year_2027),
        ("2027-01-01T02:00:00+02:00", new_year_2027),
        ("2026-12-31T18:30:00-05:30", new_year_2027),
        ("2027-01-01T00:00:00.999Z", new_year_2027),
        ("2027-01-01T00:00:00.5+00:00", new_year_2027),
        (
            "2028-02-29T13:05:09Z",
            Timestamp::parse("2028-02-29 13:05:09").unwrap(),
        ),
        ("1970-01-01T01:00:00+01:00", Timestamp(0)),
    ] {
        assert_eq!(Timestamp::parse_rfc3339(text), Some(expected), "{text}");
    }
    for bad in [
        "",
        "tomorrow",
        "2027-01-01",
        "2027-01-01T00:00:00",
        "2027-01-01 00:00:00",
        "2027-01-01T00:00Z",
        "2027-1-01T00:00:00Z",
        "2027-02-29T00:00:00Z",
        "2027-01-01T24:00:00Z",
        "2027-01-01T00:00:60Z",
        "2027-01-01T00:00:00.Z",
        "2027-01-01T00:00:00+2:00",
        "2027-01-01T00:00:00+24:00",
        "2027-01-01T00:00:00+02:00x",
        "2027-01-01T00:00:00 02:00",
        "1970-01-01T00:00:00+01:00",
        "+027-01-01T00:00:00Z",
        "2027-01-01T00:00:00Zé",
    ] {
        assert_eq!(Timestamp::parse_rfc3339(bad), None, "{bad}");
    }
    assert_eq!(NEW_YEAR_2026.rfc3339(), "2026-01-01T00:00:00Z");
    let later = Timestamp::parse("2026-03-03 07:08:09").unwrap();
    assert_eq!(later.rfc3339(), "2026-03-03T07:08:09Z");
    assert_eq!(Timestamp::parse_rfc3339(&later.rfc3339()), Some(later));
}

#[test]
fn adds_months_and_years_clamping_the_day() {
    let jan31 = Timestamp::parse("2026-01-31 10:00:00").unwrap();
    assert_eq!(
        jan31.plus_months(1).datetime().to_string(),
        "2026-02-28 10:00:00"
    );
    let leap = Timestamp::parse("2028-02-29 00:00:00").unwrap();
    assert_eq!(
        leap.plus(Period::years(1)).datetime().to_string(),
        "2029-02-28 00:00:00"
    );
    assert_eq!(
        NEW_YEAR_2026.plus(Period::years(10)).datetime().to_string(),
        "2036-01-01 00:00:00"
    );
    assert_eq!(
        NEW_YEAR_2026.plus_days(45).datetime().to_string(),
        "2026-02-15 00:00:00"
    );
}

#[test]
fn reads_periods_as_clients_send_them() {
    assert_eq!(Period::parse("1"), Some(Period::years(1)));
    assert_eq!(Period::parse("2Y"), Some(Period::years(2)));
    assert_eq!(Period::parse("2y"), Some(Period::years(2)));
    assert_eq!(
        Period::parse("12M").map(|p| p.to_string()).as_deref(),
        Some("1Y")
    );
    assert_eq!(
        Period::parse("1M").map(|p| p.to_string()).as_deref(),
        Some("1M")
    );
    for bad in ["", "Y", "1.5", "-1", "1W", "9999Y"] {
        assert_eq!(Period::parse(bad), None, "{bad}");
    }
}
