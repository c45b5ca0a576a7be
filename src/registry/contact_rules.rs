//! The rules of a contact's fields, as a registry checks them: required
//! fields, lengths, e-mail, ISO 3166 country, and phone numbers normalised to
//! `+CC.NUMBER` from what clients send; the same for a TMCH mark's holder.
//! Must not touch the `System`: the handles and their indexes are
//! `contact.rs`'s.

use super::ContactData;
use super::name::DomainName;
use crate::error::{Error, Result};

mod holder;

/// The longest value a contact text field may hold.
const MAX_FIELD: usize = 255;

impl ContactData {
    /// `FIRSTNAME LASTNAME` (StatusContact `NAME`), without stray spaces.
    pub fn full_name(&self) -> String {
        match (self.first_name.is_empty(), self.last_name.is_empty()) {
            (false, false) => format!("{} {}", self.first_name, self.last_name),
            (false, true) => self.first_name.clone(),
            _ => self.last_name.clone(),
        }
    }

    /// Checks and normalises the data as the registry would: the required
    /// fields, lengths, the e-mail, the country (ISO 3166 alpha-2, upper case)
    /// and the phone and fax numbers (`+CC.NUMBER`; a bare national number gets
    /// the country's calling code, as WHMCS sends US numbers). `prefix` is put
    /// before field names in error details (`OWNERCONTACT0`).
    pub fn validate(&mut self, prefix: &str) -> Result<()> {
        let field = |name: &str| format!("{prefix}{name}");
        self.street.retain(|line| !line.is_empty());
        // The SDKs delete `{...}` from answers, so a brace could never be read back.
        if let Some((name, _)) = self.texts().find(|(_, text)| text.contains(['{', '}'])) {
            return Err(Error::syntax_rule(
                &field(name),
                "...",
                "may not hold curly braces (the SDKs delete braced tokens from answers)",
            ));
        }
        // Nor a character that cannot be printed ([`unprintable`]).
        if let Some((name, text)) = self.texts().find(|(_, text)| text.contains(unprintable)) {
            check_printable(&field(name), text)?;
        }
        if self.first_name.is_empty() && self.last_name.is_empty() && self.organization.is_empty() {
            return Err(Error::missing(format!(
                "{} (or {}, or {})",
                field("FIRSTNAME"),
                field("NAME"),
                field("ORGANIZATION")
            )));
        }
        if self.street.is_empty() {
            return Err(Error::missing(field("STREET")));
        }
        for (name, value) in [
            ("CITY", &self.city),
            ("ZIP", &self.zip),
            ("COUNTRY", &self.country),
            ("PHONE", &self.phone),
            ("EMAIL", &self.email),
        ] {
            if value.is_empty() {
                return Err(Error::missing(field(name)));
            }
        }
        for (name, value) in self.texts() {
            if value.chars().count() > MAX_FIELD {
                return Err(Error::syntax_rule(
                    &field(name),
                    value,
                    format_args!("is longer than {MAX_FIELD} characters"),
                ));
            }
        }
        self.country = self.country.to_ascii_uppercase();
        let Some(calling_code) = calling_code(&self.country) else {
            return Err(Error::syntax_rule(
                &field("COUNTRY"),
                &self.country,
                "is not an ISO 3166-1 alpha-2 country code (DE, US, GB, ...)",
            ));
        };
        if !is_email(&self.email) {
            return Err(Error::syntax_rule(
                &field("EMAIL"),
                &self.email,
                "is not an e-mail address (local@domain.tld)",
            ));
        }
        self.phone = normalise_phone(&self.phone, &self.country, calling_code)
            .ok_or_else(|| phone_error(&field("PHONE"), &self.phone))?;
        if !self.fax.is_empty() {
            self.fax = normalise_phone(&self.fax, &self.country, calling_code)
                .ok_or_else(|| phone_error(&field("FAX"), &self.fax))?;
        }
        Ok(())
    }

    /// Every text field with its parameter name (street lines as STREET).
    fn texts(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("TITLE", &self.title),
            ("FIRSTNAME", &self.first_name),
            ("MIDDLENAME", &self.middle_name),
            ("LASTNAME", &self.last_name),
            ("ORGANIZATION", &self.organization),
            ("CITY", &self.city),
            ("STATE", &self.state),
            ("ZIP", &self.zip),
            ("EMAIL", &self.email),
            ("VATID", &self.vat_id),
            ("IDNUMBER", &self.id_number),
            ("IDAUTHORITY", &self.id_authority),
        ]
        .into_iter()
        .map(|(name, value)| (name, value.as_str()))
        .chain(self.street.iter().map(|line| ("STREET", line.as_str())))
    }
}

/// Whether `code` is an ISO 3166-1 alpha-2 country code (upper case).
pub fn is_country(code: &str) -> bool {
    calling_code(code).is_some()
}

/// Whether `text` is an e-mail address as a contact's EMAIL must be.
pub fn is_email_address(text: &str) -> bool {
    is_email(text)
}

/// A phone number in the registry's `+CC.NUMBER` form, as a contact's PHONE
/// is normalised: a national number takes `country`'s calling code; without
/// a country only an international number (`+CC...`, `00CC...`) is one.
pub fn phone_number(text: &str, country: Option<&str>) -> Option<String> {
    match country.and_then(|country| calling_code(country).map(|code| (country, code))) {
        Some((country, code)) => normalise_phone(text, country, code),
        // No calling code matches `-`: the number must name its own.
        None => normalise_phone(text, "", "-"),
    }
}

fn phone_error(name: &str, value: &str) -> Error {
    Error::syntax_rule(
        name,
        value,
        "is not a phone number (+CC.NUMBER, +CC NUMBER, +CCNUMBER, or the national number of the contact's country)",
    )
}

/// `local@domain.tld` with no spaces, one `@`, a local part that neither
/// starts nor ends with a dot nor holds two in a row, and a domain that is
/// a host name (letters, digits and hyphens, a TLD that is not all digits:
/// no address literal).
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && DomainName::parse_host(domain).is_ok()
}

/// `+CC.NUMBER` from what clients send: `+49.1234`, `+49 1234`, `+49-1234`,
/// `0049 1234`, `+491234` (the calling code found as the known prefix), or a
/// bare national number (`2125550100`, `030 1234567`), which gets the
/// contact's `calling_code` (after dropping a trunk `0`, or a NANP `1`).
fn normalise_phone(text: &str, country: &str, calling_code: &str) -> Option<String> {
    const SEPARATORS: &[char] = &[' ', '.', '-', '(', ')', '/'];
    let digits_of = |text: &str| -> Option<String> {
        let digits: String = text.chars().filter(|c| !SEPARATORS.contains(c)).collect();
        digits.bytes().all(|b| b.is_ascii_digit()).then_some(digits)
    };
    let text = text.trim();
    let international = text.strip_prefix('+').or_else(|| text.strip_prefix("00"));
    let (code, number) = match international {
        Some(rest) => {
            let rest = rest.trim_start();
            let end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            let (lead, tail) = rest.split_at(end);
            // `+CC.NUMBER`, the registry's own form, names its code: one that
            // is no country's is wrong, not glued to the number.
            if tail.starts_with('.') && !is_calling_code(lead) {
                return None;
            }
            if (1..=3).contains(&lead.len()) && tail.starts_with(SEPARATORS) {
                if !is_calling_code(lead) {
                    return None;
                }
                // "+49 (0)30 ...": the national trunk zero written in brackets.
                let tail = tail.trim_start().strip_prefix("(0)").unwrap_or(tail);
                (lead.to_owned(), digits_of(tail)?)
            } else {
                let all = digits_of(rest)?;
                let code = if all.starts_with(calling_code) {
                    calling_code
                } else {
                    (1..=3).find_map(|n| all.get(..n).filter(|code| is_calling_code(code)))?
                };
                (code.to_owned(), all[code.len()..].to_owned())
            }
        }
        None => {
            let all = digits_of(text)?;
            let national = match (calling_code, country) {
                // Italy, San Marino and the Vatican keep the leading 0.
                (_, "IT" | "SM" | "VA") => all.as_str(),
                ("1", _) if all.len() == 11 => all.strip_prefix('1').unwrap_or(&all),
                _ => all.trim_start_matches('0'),
            };
            (calling_code.to_owned(), national.to_owned())
        }
    };
    let valid = code.bytes().all(|b| b.is_ascii_digit())
        && (1..=3).contains(&code.len())
        && (4..=14).contains(&number.len());
    valid.then(|| format!("+{code}.{number}"))
}

/// The international calling code of an ISO 3166-1 alpha-2 country.
fn calling_code(country: &str) -> Option<&'static str> {
    COUNTRIES
        .binary_search_by(|(code, _)| code.cmp(&country))
        .ok()
        .map(|index| COUNTRIES[index].1)
}

/// Whether `code` is some country's calling code. The codes are prefix-free
/// (E.164), so a glued `+CCNUMBER` has at most one reading.
fn is_calling_code(code: &str) -> bool {
    COUNTRIES.iter().any(|(_, cc)| *cc == code)
}

/// Every ISO 3166-1 alpha-2 code with its international calling code, sorted
/// by code (a test keeps it so). NANP members share `1`; territories without
/// their own code use their state's (BV, SJ: 47; HM, AQ, NF: 672).
#[rustfmt::skip]
static COUNTRIES: &[(&str, &str)] = &[
    ("AD", "376"), ("AE", "971"), ("AF", "93"), ("AG", "1"), ("AI", "1"), ("AL", "355"), ("AM", "374"), ("AO", "244"),
    ("AQ", "672"), ("AR", "54"), ("AS", "1"), ("AT", "43"), ("AU", "61"), ("AW", "297"), ("AX", "358"), ("AZ", "994"),
    ("BA", "387"), ("BB", "1"), ("BD", "880"), ("BE", "32"), ("BF", "226"), ("BG", "359"), ("BH", "973"), ("BI", "257"),
    ("BJ", "229"), ("BL", "590"), ("BM", "1"), ("BN", "673"), ("BO", "591"), ("BQ", "599"), ("BR", "55"), ("BS", "1"),
    ("BT", "975"), ("BV", "47"), ("BW", "267"), ("BY", "375"), ("BZ", "501"), ("CA", "1"), ("CC", "61"), ("CD", "243"),
    ("CF", "236"), ("CG", "242"), ("CH", "41"), ("CI", "225"), ("CK", "682"), ("CL", "56"), ("CM", "237"), ("CN", "86"),
    ("CO", "57"), ("CR", "506"), ("CU", "53"), ("CV", "238"), ("CW", "599"), ("CX", "61"), ("CY", "357"), ("CZ", "420"),
    ("DE", "49"), ("DJ", "253"), ("DK", "45"), ("DM", "1"), ("DO", "1"), ("DZ", "213"), ("EC", "593"), ("EE", "372"),
    ("EG", "20"), ("EH", "212"), ("ER", "291"), ("ES", "34"), ("ET", "251"), ("FI", "358"), ("FJ", "679"), ("FK", "500"),
    ("FM", "691"), ("FO", "298"), ("FR", "33"), ("GA", "241"), ("GB", "44"), ("GD", "1"), ("GE", "995"), ("GF", "594"),
    ("GG", "44"), ("GH", "233"), ("GI", "350"), ("GL", "299"), ("GM", "220"), ("GN", "224"), ("GP", "590"), ("GQ", "240"),
    ("GR", "30"), ("GS", "500"), ("GT", "502"), ("GU", "1"), ("GW", "245"), ("GY", "592"), ("HK", "852"), ("HM", "672"),
    ("HN", "504"), ("HR", "385"), ("HT", "509"), ("HU", "36"), ("ID", "62"), ("IE", "353"), ("IL", "972"), ("IM", "44"),
    ("IN", "91"), ("IO", "246"), ("IQ", "964"), ("IR", "98"), ("IS", "354"), ("IT", "39"), ("JE", "44"), ("JM", "1"),
    ("JO", "962"), ("JP", "81"), ("KE", "254"), ("KG", "996"), ("KH", "855"), ("KI", "686"), ("KM", "269"), ("KN", "1"),
    ("KP", "850"), ("KR", "82"), ("KW", "965"), ("KY", "1"), ("KZ", "7"), ("LA", "856"), ("LB", "961"), ("LC", "1"),
    ("LI", "423"), ("LK", "94"), ("LR", "231"), ("LS", "266"), ("LT", "370"), ("LU", "352"), ("LV", "371"), ("LY", "218"),
    ("MA", "212"), ("MC", "377"), ("MD", "373"), ("ME", "382"), ("MF", "590"), ("MG", "261"), ("MH", "692"), ("MK", "389"),
    ("ML", "223"), ("MM", "95"), ("MN", "976"), ("MO", "853"), ("MP", "1"), ("MQ", "596"), ("MR", "222"), ("MS", "1"),
    ("MT", "356"), ("MU", "230"), ("MV", "960"), ("MW", "265"), ("MX", "52"), ("MY", "60"), ("MZ", "258"), ("NA", "264"),
    ("NC", "687"), ("NE", "227"), ("NF", "672"), ("NG", "234"), ("NI", "505"), ("NL", "31"), ("NO", "47"), ("NP", "977"),
    ("NR", "674"), ("NU", "683"), ("NZ", "64"), ("OM", "968"), ("PA", "507"), ("PE", "51"), ("PF", "689"), ("PG", "675"),
    ("PH", "63"), ("PK", "92"), ("PL", "48"), ("PM", "508"), ("PN", "64"), ("PR", "1"), ("PS", "970"), ("PT", "351"),
    ("PW", "680"), ("PY", "595"), ("QA", "974"), ("RE", "262"), ("RO", "40"), ("RS", "381"), ("RU", "7"), ("RW", "250"),
    ("SA", "966"), ("SB", "677"), ("SC", "248"), ("SD", "249"), ("SE", "46"), ("SG", "65"), ("SH", "290"), ("SI", "386"),
    ("SJ", "47"), ("SK", "421"), ("SL", "232"), ("SM", "378"), ("SN", "221"), ("SO", "252"), ("SR", "597"), ("SS", "211"),
    ("ST", "239"), ("SV", "503"), ("SX", "1"), ("SY", "963"), ("SZ", "268"), ("TC", "1"), ("TD", "235"), ("TF", "262"),
    ("TG", "228"), ("TH", "66"), ("TJ", "992"), ("TK", "690"), ("TL", "670"), ("TM", "993"), ("TN", "216"), ("TO", "676"),
    ("TR", "90"), ("TT", "1"), ("TV", "688"), ("TW", "886"), ("TZ", "255"), ("UA", "380"), ("UG", "256"), ("UM", "1"),
    ("US", "1"), ("UY", "598"), ("UZ", "998"), ("VA", "39"), ("VC", "1"), ("VE", "58"), ("VG", "1"), ("VI", "1"),
    ("VN", "84"), ("VU", "678"), ("WF", "681"), ("WS", "685"), ("YE", "967"), ("YT", "262"), ("ZA", "27"), ("ZM", "260"),
    ("ZW", "263"),
];

/// `505` naming `name` (and not echoing the value) when `value` holds an
/// [`unprintable`] character: every contact field and `X-` value.
pub fn check_printable(name: &str, value: &str) -> Result<()> {
    match value.contains(unprintable) {
        false => Ok(()),
        true => Err(Error::syntax_rule(
            name,
            "...",
            "may not hold control or invisible characters",
        )),
    }
}

/// Whether `c` may not be part of a field as printed: a control character
/// or an invisible space (NUL, ESC, a line break, a zero-width space), or a
/// bidi embedding, override or isolate, which reorders what follows it on
/// screen (the joiners and direction marks of Persian or Hebrew text may).
fn unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_phones_as_clients_send_them() {
        let cases = [
            ("+49.1234567890", "DE", Some("+49.1234567890")),
            ("2125550100", "US", Some("+1.2125550100")),
            ("1-212-555-0100", "US", Some("+1.2125550100")),
            ("+1 212 555 0100", "US", Some("+1.2125550100")),
            ("+1.2125550100", "DE", Some("+1.2125550100")),
            ("+44 20 7946 0000", "DE", Some("+44.2079460000")),
            ("+442079460000", "DE", Some("+44.2079460000")),
            ("+4930123456", "DE", Some("+49.30123456")),
            ("0049 30 123456", "DE", Some("+49.30123456")),
            ("030 1234567", "DE", Some("+49.301234567")),
            ("06 1234 5678", "IT", Some("+39.0612345678")),
            ("+44.", "GB", None),
            ("+9991234567", "DE", None),
            ("+999 1234567", "DE", None),
            ("+49 (0)30 1234567", "DE", Some("+49.301234567")),
            ("+44 (0) 20 7946 0000", "DE", Some("+44.2079460000")),
            ("call me", "DE", None),
            ("+49.12a45", "DE", None),
            // A code written before the registry's dot that is no country's.
            ("+4912.34567", "DE", None),
            ("+1234.5678901", "US", None),
            ("+12345.1", "US", None),
        ];
        for (input, country, expected) in cases {
            let code = calling_code(country).unwrap();
            assert_eq!(
                normalise_phone(input, country, code).as_deref(),
                expected,
                "{input}"
            );
        }
    }

    #[test]
    fn countries_are_sorted_complete_and_codes_prefix_free() {
        assert!(COUNTRIES.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert_eq!(COUNTRIES.len(), 249);
        for (_, a) in COUNTRIES {
            for (_, b) in COUNTRIES {
                assert!(a == b || !b.starts_with(a), "{a} is a prefix of {b}");
            }
        }
    }

    #[test]
    fn validation_names_the_parameter() {
        let mut data = ContactData {
            first_name: "John".into(),
            street: vec!["1 Example Street".into()],
            city: "Springfield".into(),
            zip: "10001".into(),
            country: "us".into(),
            phone: "2125550100".into(),
            email: "x".into(),
            ..ContactData::default()
        };
        assert_eq!(
            data.clone()
                .validate("OWNERCONTACT0")
                .unwrap_err()
                .to_string(),
            "Invalid attribute value syntax; OWNERCONTACT0EMAIL: (x) is not an e-mail address (local@domain.tld)"
        );
        data.email = "john@example.net".into();
        data.city.clear();
        assert_eq!(
            data.clone().validate("").unwrap_err().to_string(),
            "Missing required attribute; CITY"
        );
        data.city = "Springfield".into();
        data.validate("").unwrap();
        assert_eq!(
            (data.country.as_str(), data.phone.as_str()),
            ("US", "+1.2125550100")
        );
    }

    #[test]
    fn control_and_invisible_characters_are_refused_where_text_is_printed() {
        for (value, refused) in [
            ("Main\0St", true),
            ("Main\u{1b}[31mSt", true),
            ("1 Main\r\nCODE=200", true),
            ("Main\u{200B}St", true),
            ("J\u{202E}nhoJ", true),
            ("Main\u{2066}St\u{2069}", true),
            ("Main\u{2028}St", true),
            ("\u{5E9}\u{5DC}\u{200F}\u{5D5}\u{5DD}", false),
            ("Main St", false),
            (
                "\u{645}\u{6CC}\u{200C}\u{62E}\u{648}\u{627}\u{647}\u{645}",
                false,
            ),
        ] {
            let mut data = ContactData {
                first_name: "Jo".into(),
                street: vec![value.into()],
                city: "Berlin".into(),
                zip: "10115".into(),
                country: "DE".into(),
                phone: "+49.301234567".into(),
                email: "jo@example.com".into(),
                ..ContactData::default()
            };
            let result = data.validate("");
            assert_eq!(result.is_err(), refused, "{value:?}: {result:?}");
        }
    }

    #[test]
    fn e_mail_rules() {
        assert!(is_email("a@b.c"));
        assert!(!is_email("a@b"));
        assert!(!is_email("a@@b.c"));
        assert!(!is_email("a b@c.d"));
        assert!(!is_email("a@b..c"));
        assert!(!is_email("@b.c"));
        for refused in [
            "a@-b.com",
            "a@b.c-",
            "a@b_c.com",
            "a@1.2.3.4",
            "a@[127.0.0.1]",
            ".a@b.com",
            "a.@b.com",
            "a..b@c.com",
        ] {
            assert!(!is_email(refused), "{refused}");
        }
        assert!(is_email("first.last+tag@sub.example.co.uk"));
        assert!(is_email("jo@bücher.de"));
    }
}
