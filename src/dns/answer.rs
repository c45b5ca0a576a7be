//! Turns the registry's typed lookup (owner, TTL, type, canonical record text)
//! into hickory records. Owns only this conversion: which records a query
//! gets is the registry's decision (`registry::zone::lookup`).

use std::net::{Ipv4Addr, Ipv6Addr};

use hickory_server::proto::rr::rdata::{
    A, AAAA, CNAME, MX, NAPTR, NS, NULL, PTR, SOA, SRV, SSHFP, TLSA, TXT,
};
use hickory_server::proto::rr::{Name, RData, Record, RecordType};
use tracing::warn;

use crate::registry::zone::{self, DnsRecord, Lookup, Outcome};

/// One query's records, owned, ready to send.
pub(super) struct Answer {
    pub outcome: Outcome,
    pub answers: Vec<Record>,
    pub authority: Vec<Record>,
    /// A referral's glue.
    pub additional: Vec<Record>,
    /// The zone's SOA, for negative answers.
    pub soa: Option<Record>,
}

impl Answer {
    pub(super) fn from_lookup(lookup: &Lookup) -> Answer {
        Answer {
            outcome: lookup.outcome,
            answers: lookup.answers.iter().filter_map(record).collect(),
            authority: lookup.authority.iter().filter_map(record).collect(),
            additional: lookup.additional.iter().filter_map(record).collect(),
            soa: lookup.soa.as_ref().and_then(record),
        }
    }
}

/// One record; `None` (and a warning) for a stored text that does not parse,
/// which validation on the way in makes impossible.
fn record(record: &DnsRecord) -> Option<Record> {
    let rdata = rdata(record.kind, &record.data);
    let name = Name::from_ascii(format!("{}.", record.owner)).ok();
    match (name, rdata) {
        (Some(name), Some(rdata)) => Some(Record::from_rdata(name, record.ttl, rdata)),
        _ => {
            warn!(owner = %record.owner, kind = record.kind, data = %record.data, "record not served");
            None
        }
    }
}

/// The wire data of one record from its canonical text (zone-file syntax).
pub(super) fn rdata(kind: &str, data: &str) -> Option<RData> {
    let mut fields = data.split(' ');
    let mut next = || fields.next();
    Some(match kind {
        "A" => RData::A(A(data.parse::<Ipv4Addr>().ok()?)),
        "AAAA" => RData::AAAA(AAAA(data.parse::<Ipv6Addr>().ok()?)),
        "CNAME" => RData::CNAME(CNAME(name(data)?)),
        "NS" => RData::NS(NS(name(data)?)),
        "PTR" => RData::PTR(PTR(name(data)?)),
        "MX" => RData::MX(MX::new(next()?.parse().ok()?, name(next()?)?)),
        "SRV" => {
            let priority = next()?.parse().ok()?;
            let weight = next()?.parse().ok()?;
            let port = next()?.parse().ok()?;
            RData::SRV(SRV::new(priority, weight, port, name(next()?)?))
        }
        "TXT" => {
            let strings = character_strings(data)?;
            RData::TXT(TXT::from_bytes(strings.iter().map(Vec::as_slice).collect()))
        }
        "CAA" => caa(data)?,
        "TLSA" => {
            let usage = next()?.parse::<u8>().ok()?;
            let selector = next()?.parse::<u8>().ok()?;
            let matching = next()?.parse::<u8>().ok()?;
            let data = hex(next()?)?;
            RData::TLSA(TLSA::new(
                usage.into(),
                selector.into(),
                matching.into(),
                data,
            ))
        }
        "SSHFP" => {
            let algorithm = next()?.parse::<u8>().ok()?;
            let kind = next()?.parse::<u8>().ok()?;
            RData::SSHFP(SSHFP::new(algorithm.into(), kind.into(), hex(next()?)?))
        }
        "NAPTR" => naptr(data)?,
        "SOA" => {
            let mname = name(next()?)?;
            let rname = name(next()?)?;
            let serial = next()?.parse().ok()?;
            let refresh = next()?.parse().ok()?;
            let retry = next()?.parse().ok()?;
            let expire = next()?.parse().ok()?;
            let minimum = next()?.parse().ok()?;
            RData::SOA(SOA::new(
                mname, rname, serial, refresh, retry, expire, minimum,
            ))
        }
        _ => return None,
    })
}

/// A host name of the record text: absolute with its dot (`.` is the root).
fn name(text: &str) -> Option<Name> {
    Name::from_ascii(text).ok()
}

/// The character-strings of a stored text (`"a b" "c\"d"`) as the bytes
/// they stand for: the registry's own reading of its quoting (`\X`, `\DDD`).
fn character_strings(text: &str) -> Option<Vec<Vec<u8>>> {
    zone::quoted_strings(text).ok()
}

/// Lower-case hex digits (as stored) into bytes.
fn hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 == 1 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(text.get(at..at + 2)?, 16).ok())
        .collect()
}

/// `100 10 "U" "E2U+sip" "!^.*$!sip:x@example.com!" .`: two numbers, three
/// character-strings, the replacement name.
fn naptr(text: &str) -> Option<RData> {
    let mut parts = text.splitn(3, ' ');
    let order = parts.next()?.parse().ok()?;
    let preference = parts.next()?.parse().ok()?;
    let rest = parts.next()?;
    let (strings, replacement) = rest.rsplit_once(' ')?;
    let [flags, services, regexp] = <[Vec<u8>; 3]>::try_from(character_strings(strings)?).ok()?;
    let bytes = Vec::into_boxed_slice;
    Some(RData::NAPTR(NAPTR::new(
        order,
        preference,
        bytes(flags),
        bytes(services),
        bytes(regexp),
        name(replacement)?,
    )))
}

/// `0 issue "letsencrypt.org"` as RFC 8659 wire data (flags, tag length,
/// tag, value), sent as the CAA type without reinterpreting the value.
fn caa(text: &str) -> Option<RData> {
    let mut parts = text.splitn(3, ' ');
    let flags: u8 = parts.next()?.parse().ok()?;
    let tag = parts.next()?;
    let value = character_strings(parts.next()?)?.concat();
    let tag_length = u8::try_from(tag.len()).ok()?;
    let mut wire = vec![flags, tag_length];
    wire.extend_from_slice(tag.as_bytes());
    wire.extend_from_slice(&value);
    Some(RData::Unknown {
        code: RecordType::CAA,
        rdata: NULL::with(wire),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_served_type_converts() {
        for (kind, data) in [
            ("A", "192.0.2.1"),
            ("AAAA", "2001:db8::1"),
            ("CNAME", "www.example.com."),
            ("NS", "ns1.ispapi.net."),
            ("PTR", "host.example.com."),
            ("MX", "10 mx.example.net."),
            ("SRV", "10 5 5060 sip.example.com."),
            ("TXT", r#""v=spf1 -all" "second \"quoted\"""#),
            ("CAA", r#"0 issue "letsencrypt.org""#),
            (
                "TLSA",
                "3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            ),
            (
                "SSHFP",
                "4 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            ),
            (
                "NAPTR",
                r#"100 10 "U" "E2U+sip" "!^.*$!sip:info@example.com!" ."#,
            ),
            (
                "SOA",
                "ns1.ispapi.net. hostmaster.example.com. 2026010101 86400 7200 3600000 172800",
            ),
        ] {
            assert!(rdata(kind, data).is_some(), "{kind} {data}");
        }
        assert!(rdata("A", "192.0.2.300").is_none());
        assert!(rdata("TLSA", "3 1 1 abc").is_none());
        assert!(rdata("X-HTTP", "REDIRECT http://example.com").is_none());
    }

    #[test]
    fn tlsa_sshfp_naptr_carry_their_fields() {
        let Some(RData::TLSA(tlsa)) = rdata("TLSA", "3 1 1 00ff") else {
            panic!("TLSA");
        };
        assert_eq!(tlsa.cert_data, &[0x00, 0xff]);
        assert_eq!(u8::from(tlsa.matching), 1);
        let Some(RData::SSHFP(sshfp)) = rdata("SSHFP", "6 2 0a0b") else {
            panic!("SSHFP");
        };
        assert_eq!(
            (u8::from(sshfp.algorithm), &sshfp.fingerprint[..]),
            (6, &[10u8, 11][..])
        );
        let naptr = rdata("NAPTR", r#"10 20 "S" "SIP+D2U" "" _sip._udp.example.com."#);
        let Some(RData::NAPTR(naptr)) = naptr else {
            panic!("NAPTR");
        };
        assert_eq!((naptr.order, naptr.preference), (10, 20));
        assert_eq!(
            (&*naptr.flags, &*naptr.services),
            (&b"S"[..], &b"SIP+D2U"[..])
        );
        assert!(naptr.regexp.is_empty());
        assert_eq!(naptr.replacement.to_ascii(), "_sip._udp.example.com.");
    }

    /// The stored text is zone-file presentation (RFC 1035 §5.1): `\DDD`
    /// and `\X` escapes go out as the bytes they stand for.
    #[test]
    fn escapes_are_sent_as_their_bytes() {
        let Some(RData::TXT(txt)) = rdata("TXT", r#""a\"b" "tab\009x\\" "raw\200" "caf\195\169""#)
        else {
            panic!("TXT");
        };
        let strings: Vec<&[u8]> = txt.txt_data.iter().map(|s| &s[..]).collect();
        assert_eq!(
            strings,
            [&b"a\"b"[..], b"tab\tx\\", b"raw\xc8", "café".as_bytes()]
        );
        let Some(RData::Unknown { rdata: caa, .. }) = rdata("CAA", r#"0 issue "ca\059x""#) else {
            panic!("CAA");
        };
        assert_eq!(caa.anything, b"\x00\x05issueca;x");
        let naptr = rdata("NAPTR", r#"1 2 "U" "E2U\009sip" "!x\200!\\1!" ."#);
        let Some(RData::NAPTR(naptr)) = naptr else {
            panic!("NAPTR");
        };
        assert_eq!(
            (&*naptr.services, &*naptr.regexp),
            (&b"E2U\tsip"[..], &b"!x\xc8!\\1!"[..])
        );
        assert!(rdata("TXT", r#""unterminated"#).is_none());
        assert!(rdata("TXT", "bare").is_none());
    }
}
