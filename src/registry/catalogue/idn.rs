//! The IDN language tags of the catalogue's zones (CNR QueryIDNTagList and
//! AddDomain's `X-IDN-LANGUAGE`): one table keyed by zone, the tag as the
//! registry writes it and its description. Data and one lookup only: which
//! zones take IDNs at all is `Tld::idn` (a unit test keeps the two in step).

use super::Tld;

/// One IDN language tag and its description.
pub type IdnTag = (&'static str, &'static str);

/// Verisign's tags (.com, .net, .cc, .tv): the three-letter ISO 639-2 codes in upper case.
const VERISIGN: &[IdnTag] = &[
    ("ALB", "Albanian"),
    ("ARA", "Arabic"),
    ("ARM", "Armenian"),
    ("AZE", "Azerbaijani"),
    ("BEL", "Belarusian"),
    ("BEN", "Bengali"),
    ("BOS", "Bosnian"),
    ("BUL", "Bulgarian"),
    ("CAT", "Catalan"),
    ("CHI", "Chinese"),
    ("CZE", "Czech"),
    ("DAN", "Danish"),
    ("DUT", "Dutch"),
    ("EST", "Estonian"),
    ("FAO", "Faroese"),
    ("FIN", "Finnish"),
    ("FRE", "French"),
    ("GEO", "Georgian"),
    ("GER", "German"),
    ("GRE", "Greek"),
    ("GUJ", "Gujarati"),
    ("HEB", "Hebrew"),
    ("HIN", "Hindi"),
    ("HUN", "Hungarian"),
    ("ICE", "Icelandic"),
    ("ITA", "Italian"),
    ("JPN", "Japanese"),
    ("KHM", "Khmer"),
    ("KOR", "Korean"),
    ("KUR", "Kurdish"),
    ("LAO", "Lao"),
    ("LAV", "Latvian"),
    ("LIT", "Lithuanian"),
    ("MAC", "Macedonian"),
    ("NOR", "Norwegian"),
    ("POL", "Polish"),
    ("POR", "Portuguese"),
    ("RUM", "Romanian"),
    ("RUS", "Russian"),
    ("SCC", "Serbian"),
    ("SCR", "Croatian"),
    ("SLO", "Slovak"),
    ("SLV", "Slovenian"),
    ("SPA", "Spanish"),
    ("SWE", "Swedish"),
    ("TAM", "Tamil"),
    ("TEL", "Telugu"),
    ("THA", "Thai"),
    ("TUR", "Turkish"),
    ("UKR", "Ukrainian"),
];

/// The other gTLDs' tags: ISO 639-1 languages and ISO 15924 scripts in
/// lower case, as the registries' IDN tables name them.
const GTLD: &[IdnTag] = &[
    ("ar", "Arabic"),
    ("be", "Belarusian"),
    ("bg", "Bulgarian"),
    ("bs", "Bosnian"),
    ("ca", "Catalan"),
    ("cs", "Czech"),
    ("da", "Danish"),
    ("de", "German"),
    ("es", "Spanish"),
    ("et", "Estonian"),
    ("fi", "Finnish"),
    ("fr", "French"),
    ("grek", "Greek script"),
    ("he", "Hebrew"),
    ("hr", "Croatian"),
    ("hu", "Hungarian"),
    ("is", "Icelandic"),
    ("it", "Italian"),
    ("ja", "Japanese"),
    ("ko", "Korean"),
    ("latn", "Latin script"),
    ("lt", "Lithuanian"),
    ("lv", "Latvian"),
    ("mk", "Macedonian"),
    ("nl", "Dutch"),
    ("no", "Norwegian"),
    ("pl", "Polish"),
    ("pt", "Portuguese"),
    ("ro", "Romanian"),
    ("ru", "Russian"),
    ("sk", "Slovak"),
    ("sl", "Slovenian"),
    ("sq", "Albanian"),
    ("sr", "Serbian"),
    ("sv", "Swedish"),
    ("th", "Thai"),
    ("tr", "Turkish"),
    ("uk", "Ukrainian"),
    ("zh", "Chinese"),
];

/// The EU's official languages (.eu).
const EU: &[IdnTag] = &[
    ("bg", "Bulgarian"),
    ("cs", "Czech"),
    ("da", "Danish"),
    ("de", "German"),
    ("el", "Greek"),
    ("en", "English"),
    ("es", "Spanish"),
    ("et", "Estonian"),
    ("fi", "Finnish"),
    ("fr", "French"),
    ("ga", "Irish"),
    ("hr", "Croatian"),
    ("hu", "Hungarian"),
    ("it", "Italian"),
    ("lt", "Lithuanian"),
    ("lv", "Latvian"),
    ("mt", "Maltese"),
    ("nl", "Dutch"),
    ("pl", "Polish"),
    ("pt", "Portuguese"),
    ("ro", "Romanian"),
    ("sk", "Slovak"),
    ("sl", "Slovenian"),
    ("sv", "Swedish"),
];

/// The tags of each IDN zone, sorted by zone; a zone without IDNs
/// (`Tld::idn` false) has no row.
static ZONE_TAGS: &[(&str, &[IdnTag])] = &[
    ("africa", GTLD),
    ("app", GTLD),
    ("be", &[("de", "German"), ("fr", "French"), ("nl", "Dutch")]),
    ("biz", GTLD),
    ("ca", &[("fr", "French")]),
    ("cc", VERISIGN),
    (
        "ch",
        &[
            ("de", "German"),
            ("fr", "French"),
            ("it", "Italian"),
            ("rm", "Romansh"),
        ],
    ),
    ("com", VERISIGN),
    ("de", &[("de", "German")]),
    ("dev", GTLD),
    (
        "dk",
        &[
            ("da", "Danish"),
            ("de", "German"),
            ("no", "Norwegian"),
            ("sv", "Swedish"),
        ],
    ),
    (
        "es",
        &[
            ("ca", "Catalan"),
            ("es", "Spanish"),
            ("eu", "Basque"),
            ("gl", "Galician"),
        ],
    ),
    ("eu", EU),
    ("fr", &[("fr", "French")]),
    ("guru", GTLD),
    ("info", GTLD),
    (
        "it",
        &[("de", "German"), ("fr", "French"), ("it", "Italian")],
    ),
    ("jp", &[("ja", "Japanese")]),
    ("me", &[("sr", "Serbian")]),
    ("net", VERISIGN),
    ("ngo", GTLD),
    ("ong", GTLD),
    ("online", GTLD),
    ("org", GTLD),
    ("pro", GTLD),
    ("shop", GTLD),
    ("site", GTLD),
    ("store", GTLD),
    (
        "swiss",
        &[
            ("de", "German"),
            ("fr", "French"),
            ("it", "Italian"),
            ("rm", "Romansh"),
        ],
    ),
    ("tech", GTLD),
    ("top", &[("zh", "Chinese")]),
    ("tv", VERISIGN),
    ("xyz", GTLD),
];

/// The IDN language tags of a zone, sorted by tag; none for a zone
/// without IDNs.
pub fn idn_tags(tld: &Tld) -> &'static [IdnTag] {
    ZONE_TAGS
        .binary_search_by(|(zone, _)| zone.cmp(&tld.zone))
        .map_or(&[], |at| ZONE_TAGS[at].1)
}

/// The zone's tag `text` names, ignoring case (WHMCS sends the tag it read
/// lower-cased: `ger` for .com's `GER`).
pub fn idn_tag(tld: &Tld, text: &str) -> Option<&'static str> {
    idn_tags(tld)
        .iter()
        .find(|(tag, _)| tag.eq_ignore_ascii_case(text))
        .map(|&(tag, _)| tag)
}

#[cfg(test)]
mod tests {
    use super::super::{TLDS, zone_named};
    use super::*;

    #[test]
    fn tags_follow_the_idn_flag_and_sort() {
        assert!(ZONE_TAGS.windows(2).all(|pair| pair[0].0 < pair[1].0));
        for (zone, tags) in ZONE_TAGS {
            assert!(zone_named(zone).is_some(), "{zone} is not in the catalogue");
            assert!(tags.windows(2).all(|pair| pair[0].0 < pair[1].0), "{zone}");
        }
        for tld in TLDS {
            assert_eq!(tld.idn, !idn_tags(tld).is_empty(), "{}", tld.zone);
        }
    }

    #[test]
    fn whmcs_finds_its_common_languages() {
        // WHMCS tries its ISO 639-1 mapping first, then the ISO 639-2 code.
        for (zone, wanted) in [
            ("com", ["ger", "spa", "fre", "chi"]),
            ("net", ["ger", "spa", "fre", "chi"]),
            ("xyz", ["de", "es", "fr", "zh"]),
            ("online", ["de", "es", "fr", "zh"]),
            ("tv", ["ger", "spa", "fre", "chi"]),
            ("store", ["de", "es", "fr", "zh"]),
        ] {
            let tld = zone_named(zone).unwrap();
            for tag in wanted {
                assert!(idn_tag(tld, tag).is_some(), "{zone} {tag}");
            }
        }
        let com = zone_named("com").unwrap();
        assert_eq!(idn_tag(com, "ger"), Some("GER"));
        assert_eq!(idn_tag(com, "de"), None);
        assert!(idn_tags(zone_named("co.uk").unwrap()).is_empty());
    }
}
