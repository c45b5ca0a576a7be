//! Unit tests of CheckUserProperties' field checks (`user_check.rs`).

use super::*;

#[test]
fn non_ascii_values_fail_without_splitting_a_character() {
    for text in ["DEUTé1234", "ABCDéFFXXX", "é1234567", "DÉ123456789"] {
        assert!(check_bic(text).is_err(), "{text}");
        assert!(check_vat(text).is_err(), "{text}");
    }
    assert!(check_zip("12ä45").is_err());
}

#[test]
fn vies_reads_the_prefix_the_syntax_check_reads() {
    for vat in ["D.E.123456789", "-DE123456789", " de 123456789"] {
        assert!(check_vat(vat).is_ok(), "{vat}");
        assert!(check_vies(vat, true).is_ok(), "{vat}");
    }
    assert!(check_vies("-XX123456789", true).is_err());
}

#[test]
fn a_phone_prefix_names_the_calling_code() {
    assert!(check_phone("445321001", Some("+380"), None).is_ok());
    assert!(check_phone("0445321001", Some("00380"), None).is_ok());
    assert!(check_phone("445321001", Some("380x"), None).is_err());
    // A number written in full next to its prefix is read as it is.
    assert!(check_phone("+4915731490123", Some("+49"), None).is_ok());
    assert!(check_phone("+49.15731490123", Some("49"), None).is_ok());
    assert_eq!(
        check_phone("+4915731490123", Some("+380"), None).map_err(|(code, _)| code),
        Err(541)
    );
    assert!(check_phone("2125550100", None, None).is_err());
    assert!(check_phone("2125550100", None, Some("US")).is_ok());
}

#[test]
fn a_bic_is_four_letters_a_country_and_a_location() {
    assert!(check_bic("DEUTDEFF").is_ok());
    assert!(check_bic("deutdeff500").is_ok());
    assert!(check_bic("DEUTXXFF").is_err());
    assert!(check_bic("DEUTDEFF5").is_err());
    assert!(check_bic("DE1TDEFF").is_err());
}
