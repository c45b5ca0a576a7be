//! The value types protocol.md Appendix A gives the `X-` fields of the
//! domain commands, for the fields whose type is more than text: flags
//! (`0` or `1`), acceptances (`1`), whole numbers and closed lists. Generated
//! from the appendix's table (its rows with a list cut short by `…` are left
//! out: their values are not all known). Static data and its lookup only.

/// What a field's value may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRule {
    /// `0` or `1`.
    Flag,
    /// `1` only (an acceptance that can only be given).
    One,
    /// A whole number.
    Int,
    /// One of these texts, exactly.
    OneOf(&'static [&'static str]),
}

impl FieldRule {
    /// Whether `value` (not empty: an empty one removes a field) is of this
    /// type; else the rule it breaks, for the `505 ...; NAME: (value) <rule>` detail.
    pub fn check(self, value: &str) -> Result<(), String> {
        let fits = match self {
            FieldRule::Flag => matches!(value, "0" | "1"),
            FieldRule::One => value == "1",
            FieldRule::Int => !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()),
            FieldRule::OneOf(values) => values.contains(&value),
        };
        if fits {
            return Ok(());
        }
        Err(match self {
            FieldRule::Flag => "must be 0 or 1".to_owned(),
            FieldRule::One => "must be 1".to_owned(),
            FieldRule::Int => "must be a whole number".to_owned(),
            FieldRule::OneOf(values) => match values.split_last() {
                Some((last, [])) => format!("must be {last}"),
                Some((last, rest)) => format!("must be {} or {last}", rest.join(", ")),
                None => "has no allowed value".to_owned(),
            },
        })
    }
}

/// The type of the `X-` field `name` (upper case), when Appendix A gives it
/// one beyond text.
pub fn field_rule(name: &str) -> Option<FieldRule> {
    FIELDS
        .binary_search_by(|(known, _)| known.cmp(&name))
        .ok()
        .map(|at| FIELDS[at].1)
}

/// Appendix A's typed fields, sorted by name.
const FIELDS: &[(&str, FieldRule)] = &[
    ("X-ABOGADO-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    ("X-ACCEPT-REGISTRATION-TAC", FieldRule::Flag),
    ("X-ACCEPT-SSL-REQUIREMENT", FieldRule::Flag),
    ("X-ACCEPT-WHOISTRUSTEE-TAC", FieldRule::Flag),
    ("X-ACCEPT-WHOISTRUSTEELITE-TAC", FieldRule::Flag),
    ("X-ADMIN-DISCLOSE", FieldRule::Flag),
    ("X-AE-ACCEPT-REGISTRATION-TAC", FieldRule::Flag),
    ("X-AFNIC-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-AR-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-ASIA-CED-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-AT-ADMIN-DISCLOSE", FieldRule::Flag),
    ("X-AT-ADMIN-DISCLOSE-EMAIL", FieldRule::Flag),
    ("X-AT-ADMIN-DISCLOSE-FAX", FieldRule::Flag),
    ("X-AT-ADMIN-DISCLOSE-VOICE", FieldRule::Flag),
    ("X-AT-DISCLOSE", FieldRule::Flag),
    ("X-AT-DISCLOSE-EMAIL", FieldRule::Flag),
    ("X-AT-DISCLOSE-FAX", FieldRule::Flag),
    ("X-AT-DISCLOSE-VOICE", FieldRule::Flag),
    ("X-AT-REGISTRANT-DISCLOSE", FieldRule::Flag),
    ("X-AT-REGISTRANT-DISCLOSE-EMAIL", FieldRule::Flag),
    ("X-AT-REGISTRANT-DISCLOSE-FAX", FieldRule::Flag),
    ("X-AT-REGISTRANT-DISCLOSE-VOICE", FieldRule::Flag),
    ("X-AT-TECH-DISCLOSE", FieldRule::Flag),
    ("X-AT-TECH-DISCLOSE-EMAIL", FieldRule::Flag),
    ("X-AT-TECH-DISCLOSE-FAX", FieldRule::Flag),
    ("X-AT-TECH-DISCLOSE-VOICE", FieldRule::Flag),
    ("X-ATTORNEY-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::Flag),
    (
        "X-AU-REGISTRANT-ID-TYPE",
        FieldRule::OneOf(&["ABN", "ACN", "RBN", "TM", "OTHER"]),
    ),
    ("X-BAYERN-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-BERLIN-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-BIBLE-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    ("X-BILLING-DISCLOSE", FieldRule::Flag),
    ("X-BOATS-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    ("X-BR-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-BROKER-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    ("X-CA-DISCLOSE", FieldRule::Flag),
    // CIRA's registrant categories (the reference types it TEXT; CIRA's
    // registry refuses any other).
    (
        "X-CA-LEGALTYPE",
        FieldRule::OneOf(&[
            "CCO", "CCT", "RES", "GOV", "EDU", "ASS", "HOP", "PRT", "TDM", "TRD", "PLT", "LAM",
            "TRS", "ABO", "INB", "LGR", "OMK", "MAJ",
        ]),
    ),
    ("X-CAT-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    ("X-CFD-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    ("X-CHANNEL-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    ("X-CL-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-CN-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-CONFIRM-DA-NEW-REGISTRANT", FieldRule::Flag),
    ("X-CONFIRM-DA-OLD-REGISTRANT", FieldRule::Flag),
    ("X-COOP-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    (
        "X-CORE-PRIVACY-DISCLOSURE",
        FieldRule::OneOf(&["NATURAL-FALSE", "NATURAL-TRUE", "LEGAL"]),
    ),
    ("X-DE-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-DENTIST-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::Flag),
    ("X-DISCLOSE", FieldRule::Flag),
    ("X-ECO-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    ("X-EE-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-ES-ACCEPT-INDIVIDUAL-REGISTRATION-TAC", FieldRule::Flag),
    (
        "X-ES-ADMIN-TIPO-IDENTIFICACION",
        FieldRule::OneOf(&["0", "1", "3"]),
    ),
    (
        "X-ES-BILLING-TIPO-IDENTIFICACION",
        FieldRule::OneOf(&["0", "1", "3"]),
    ),
    (
        "X-ES-REGISTRANT-TIPO-IDENTIFICACION",
        FieldRule::OneOf(&["0", "1", "3", "4"]),
    ),
    (
        "X-ES-TECH-TIPO-IDENTIFICACION",
        FieldRule::OneOf(&["0", "1", "3"]),
    ),
    ("X-EU-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-FI-ACCEPT-REGISTRATION-TAC", FieldRule::Flag),
    ("X-FI-DOMAIN-NAME-HOLDER-COMPANY-TYPE", FieldRule::Int),
    ("X-FI-PERSON-NAME-REGISTRATION-ID", FieldRule::Int),
    ("X-FOREX-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    ("X-FR-ACCEPT-TRANSFER-TAC", FieldRule::Flag),
    ("X-FR-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-GAY-ACCEPT-REQUIREMENTS", FieldRule::Flag),
    ("X-HAMBURG-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-HEALTH-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    ("X-HK-ACCEPT-INDIVIDUAL-REGISTRATION-TAC", FieldRule::Flag),
    ("X-HOMES-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    ("X-HU-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-ID-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    (
        "X-IT-ACCEPT-DIFFUSION-AND-ACCESSIBILITY-TAC",
        FieldRule::Flag,
    ),
    ("X-IT-ACCEPT-EXPLICIT-TAC", FieldRule::Flag),
    ("X-IT-ACCEPT-LIABILITY-TAC", FieldRule::Flag),
    ("X-IT-ACCEPT-REGISTRATION-TAC", FieldRule::Flag),
    ("X-IT-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-IT-CONSENTFORPUBLISHING", FieldRule::Flag),
    ("X-JP-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-KR-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-LAW-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    ("X-LAWYER-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::Flag),
    ("X-MAKEUP-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    ("X-MARKETS-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    (
        "X-MELBOURNE-NEXUS-CATEGORY",
        FieldRule::OneOf(&["A", "B", "C"]),
    ),
    ("X-MK-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-MOBI-ACCEPT-INSTANTMOBILIZER-TAC", FieldRule::Flag),
    ("X-MY-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-MY-REGISTRANT-ORGANIZATION-TYPE", FieldRule::Int),
    (
        "X-MY-REGISTRANT-RACE",
        FieldRule::OneOf(&["MALAY", "CHINESE", "INDIAN", "OTHERS"]),
    ),
    ("X-NAME-NOEMAIL", FieldRule::Flag),
    ("X-NGO-ACCEPT-REGISTRATION-TAC", FieldRule::Flag),
    ("X-NICSE-DISCLOSE", FieldRule::Flag),
    ("X-NL-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-NOMINET-DATA-QUALITY-LOCK", FieldRule::One),
    ("X-NU-ACCEPT-REGISTRATION-TAC", FieldRule::Flag),
    (
        "X-NYC-REGISTRANT-NEXUS-CATEGORY",
        FieldRule::OneOf(&["1", "2"]),
    ),
    ("X-ONG-ACCEPT-REGISTRATION-TAC", FieldRule::Flag),
    ("X-PARIS-ACCEPT-REGISTRATION-TAC", FieldRule::Flag),
    ("X-PM-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-PRO-ACTIVATION", FieldRule::Flag),
    ("X-PT-ARBITRATION", FieldRule::OneOf(&["true", "false"])),
    ("X-RE-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-REGISTRANT-DISCLOSE", FieldRule::Flag),
    ("X-REQUEST-OPT-OUT-TRANSFERLOCK", FieldRule::Flag),
    ("X-RU-ACCEPT-INDIVIDUAL-REGISTRATION-TAC", FieldRule::Flag),
    ("X-RUHR-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-SE-ACCEPT-REGISTRATION-TAC", FieldRule::Flag),
    ("X-SG-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-SK-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    (
        "X-SPREADBETTING-ACCEPT-HIGHLY-REGULATED-TAC",
        FieldRule::One,
    ),
    ("X-SWISS-OWNER-TYPE", FieldRule::OneOf(&["P", "O"])),
    (
        "X-SYDNEY-NEXUS-CATEGORY",
        FieldRule::OneOf(&["A", "B", "C"]),
    ),
    ("X-TECH-DISCLOSE", FieldRule::Flag),
    ("X-TEL-PUBLISH", FieldRule::OneOf(&["Y", "N"])),
    ("X-TEL-WHOISTYPE", FieldRule::OneOf(&["Legal", "Natural"])),
    ("X-TF-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-TRADING-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    ("X-TRAVEL-INDUSTRY", FieldRule::One),
    ("X-UK-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    (
        "X-US-NEXUS-APPPURPOSE",
        FieldRule::OneOf(&["P1", "P2", "P3", "P4", "P5"]),
    ),
    (
        "X-US-NEXUS-CATEGORY",
        FieldRule::OneOf(&["C11", "C12", "C21", "C31", "C32"]),
    ),
    ("X-VE-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-WF-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-XXX-ACCEPT-REGISTRATION-TAC", FieldRule::Flag),
    ("X-XXX-NON-RESOLVING", FieldRule::Flag),
    ("X-YT-ACCEPT-TRUSTEE-TAC", FieldRule::Flag),
    ("X-ZA-ACCEPT-HIGHLY-REGULATED-TAC", FieldRule::One),
    ("X-ZUERICH-AGREEMENT", FieldRule::One),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_answers_by_name() {
        assert!(FIELDS.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert_eq!(
            field_rule("X-US-NEXUS-APPPURPOSE").map(|rule| rule.check("P9")),
            Some(Err("must be P1, P2, P3, P4 or P5".to_owned()))
        );
        assert_eq!(
            field_rule("X-US-NEXUS-APPPURPOSE").map(|rule| rule.check("P3")),
            Some(Ok(()))
        );
        assert_eq!(
            field_rule("X-IT-ACCEPT-LIABILITY-TAC"),
            Some(FieldRule::Flag)
        );
        assert_eq!(
            FieldRule::Flag.check("yes"),
            Err("must be 0 or 1".to_owned())
        );
        assert_eq!(FieldRule::One.check("0"), Err("must be 1".to_owned()));
        assert_eq!(
            FieldRule::Int.check("12a"),
            Err("must be a whole number".to_owned())
        );
        assert_eq!(
            FieldRule::OneOf(&["P"]).check("O"),
            Err("must be P".to_owned())
        );
        // Text fields have no rule.
        assert_eq!(field_rule("X-CA-LANGUAGE"), None);
        let legal = field_rule("X-CA-LEGALTYPE").expect("CIRA's categories");
        assert!(legal.check("CCT").is_ok());
        assert!(legal.check("XYZ").is_err());
    }
}
