//! The texts of `whois.rs`: an ICANN RDDS-style record built from a typed
//! view of a domain ([`Record`]: the registrar, the EPP statuses, one
//! [`Party`] per contact role), the registries' "not found" answers, and
//! the "not available" answer of reserved names. Text only: decides
//! nothing about who sees what (`whois.rs` does) and reads no objects.

use std::fmt::Write;

use super::catalogue::Tld;
use super::name::DomainName;
use super::whois::Registrar;
use super::{ContactData, Domain, Timestamp};

/// One contact role of a record, as the public sees it.
pub(super) enum Party<'a> {
    /// The contact's own data (its handle, its fields).
    Shown(&'a str, &'a ContactData),
    /// ID protection: the WHOIS trustee's data ([`TRUSTEE`]).
    Trustee,
    /// Every field `REDACTED FOR PRIVACY`.
    Redacted,
    /// No contact in the role (a handle since deleted): every field empty.
    Missing,
}

/// What a record shows of a domain.
pub(super) struct Record<'a> {
    pub(super) domain: &'a Domain,
    pub(super) tld: &'a Tld,
    pub(super) registrar: &'a Registrar,
    /// EPP statuses in order (`ok` alone when nothing else holds).
    pub(super) statuses: Vec<&'a str>,
    /// Registrant, admin, tech.
    pub(super) parties: [Party<'a>; 3],
}

/// The handle of the trustee shown for ID-protected domains.
const TRUSTEE_HANDLE: &str = "P-WHOISTRUSTEE";

/// The WHOIS trustee of ID-protected domains (a fixed, fictional identity).
static TRUSTEE: Trustee = Trustee {
    name: "WHOIS Trustee",
    organization: "otebox WHOIS Trustee Service",
    street: "Sandbox Street 1",
    city: "Homburg",
    state: "Saarland",
    zip: "66424",
    country: "DE",
    phone: "+49.68410000000",
    email: "whois-trustee@example.net",
};

struct Trustee {
    name: &'static str,
    organization: &'static str,
    street: &'static str,
    city: &'static str,
    state: &'static str,
    zip: &'static str,
    country: &'static str,
    phone: &'static str,
    email: &'static str,
}

const REDACTED: &str = "REDACTED FOR PRIVACY";

/// The ICANN RDDS record of a registered domain.
pub(super) fn render(record: &Record<'_>, now: Timestamp) -> String {
    let domain = record.domain;
    let registrar = record.registrar;
    let mut text = String::with_capacity(2048);
    let mut line = |key: &str, value: &str| {
        text.push_str(key);
        text.push(':');
        if !value.is_empty() {
            text.push(' ');
            text.push_str(value);
        }
        text.push('\n');
    };
    line("Domain Name", &domain.name.as_str().to_ascii_uppercase());
    line("Registry Domain ID", &registry_id(&domain.name, record.tld));
    line("Registrar WHOIS Server", registrar.whois);
    line("Registrar URL", registrar.url);
    line("Updated Date", &domain.updated.rfc3339());
    line("Creation Date", &domain.created.rfc3339());
    line("Registry Expiry Date", &domain.expires.rfc3339());
    line("Registrar", registrar.name);
    line("Registrar IANA ID", registrar.iana_id);
    line("Registrar Abuse Contact Email", registrar.abuse_email);
    line("Registrar Abuse Contact Phone", registrar.abuse_phone);
    for status in &record.statuses {
        line(
            "Domain Status",
            &format!("{status} https://icann.org/epp#{status}"),
        );
    }
    for (role, party) in ["Registrant", "Admin", "Tech"].iter().zip(&record.parties) {
        party_lines(&mut line, role, party);
    }
    for host in &domain.nameservers {
        line("Name Server", &host.to_ascii_uppercase());
    }
    let secdns = domain.secdns();
    let signed = !secdns.ds.is_empty() || !secdns.keys.is_empty();
    line(
        "DNSSEC",
        if signed {
            "signedDelegation"
        } else {
            "unsigned"
        },
    );
    line(
        "URL of the ICANN Whois Inaccuracy Complaint Form",
        "https://www.icann.org/wicf/",
    );
    let _ = writeln!(
        text,
        ">>> Last update of WHOIS database: {} <<<\n\n\
         For more information on Whois status codes, please visit https://icann.org/epp\n\n\
         NOTICE: this record comes from otebox, a registrar API sandbox; it describes \
         sandbox data only.",
        now.rfc3339()
    );
    text
}

/// The `<Role> ...` lines of one contact role.
fn party_lines(line: &mut impl FnMut(&str, &str), role: &str, party: &Party<'_>) {
    let key = |field: &str| format!("{role} {field}");
    let id_key = format!("Registry {role} ID");
    match party {
        Party::Shown(handle, data) => {
            line(&id_key, handle);
            line(&key("Name"), &data.full_name());
            line(&key("Organization"), &data.organization);
            for street in &data.street {
                line(&key("Street"), street);
            }
            if data.street.is_empty() {
                line(&key("Street"), "");
            }
            line(&key("City"), &data.city);
            line(&key("State/Province"), &data.state);
            line(&key("Postal Code"), &data.zip);
            line(&key("Country"), &data.country);
            line(&key("Phone"), &data.phone);
            line(&key("Email"), &data.email);
        }
        Party::Trustee => {
            let t = &TRUSTEE;
            line(&id_key, TRUSTEE_HANDLE);
            line(&key("Name"), t.name);
            line(&key("Organization"), t.organization);
            line(&key("Street"), t.street);
            line(&key("City"), t.city);
            line(&key("State/Province"), t.state);
            line(&key("Postal Code"), t.zip);
            line(&key("Country"), t.country);
            line(&key("Phone"), t.phone);
            line(&key("Email"), t.email);
        }
        Party::Redacted | Party::Missing => {
            let value = match party {
                Party::Redacted => REDACTED,
                _ => "",
            };
            line(&id_key, value);
            for field in [
                "Name",
                "Organization",
                "Street",
                "City",
                "State/Province",
                "Postal Code",
                "Country",
                "Phone",
                "Email",
            ] {
                line(&key(field), value);
            }
        }
    }
}

/// A stable registry object id for a name (FNV-1a of the name: the same on
/// every run), in the registry's style: `<n>_DOMAIN_COM-VRSN` at Verisign,
/// `D<n>-<CLASS>` elsewhere.
fn registry_id(name: &DomainName, tld: &Tld) -> String {
    let hash = name
        .as_str()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    let number = hash % 10_000_000_000;
    match tld.zone {
        "com" | "net" => format!("{number}_DOMAIN_{}-VRSN", tld.class),
        _ => format!("D{number}-{}", tld.class),
    }
}

/// The registry's answer for a name nobody holds: its own text where known
/// (Verisign, PIR, DENIC, Nominet), else the common new-gTLD one.
pub(super) fn not_found(name: &DomainName, tld: &Tld, now: Timestamp) -> String {
    let ace = name.as_str();
    match tld.zone {
        "com" | "net" => format!(
            "No match for domain \"{}\".\n>>> Last update of whois database: {} <<<\n",
            ace.to_ascii_uppercase(),
            now.rfc3339()
        ),
        "org" => "NOT FOUND\n".to_owned(),
        "de" => format!("Domain: {ace}\nStatus: free\n"),
        "uk" | "co.uk" => format!(
            "\n    No match for \"{ace}\".\n\n    This domain name has not been registered.\n\n    \
             WHOIS lookup made at {}\n",
            nominet_time(now)
        ),
        _ => format!(
            "Domain not found.\n>>> Last update of WHOIS database: {} <<<\n",
            now.rfc3339()
        ),
    }
}

/// The answer for a name the registry will not register: `why` completes
/// "The name X is ...".
pub(super) fn not_available(name: &DomainName, why: &str, now: Timestamp) -> String {
    format!(
        "Domain Name: {}\nThe name {} is {why}; it is not available for registration.\n\
         >>> Last update of WHOIS database: {} <<<\n",
        name.as_str().to_ascii_uppercase(),
        name.as_str(),
        now.rfc3339()
    )
}

/// Nominet's lookup time: `10:04:07 22-Sep-2026`.
fn nominet_time(now: Timestamp) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    // `YYYY-MM-DD hh:mm:ss`
    let text = now.datetime().to_string();
    let month = text[5..7].parse::<usize>().unwrap_or(1);
    let name = MONTHS.get(month.wrapping_sub(1)).unwrap_or(&"Jan");
    format!("{} {}-{name}-{}", &text[11..19], &text[8..10], &text[0..4])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nominet_time_reads_day_month_year() {
        assert_eq!(
            nominet_time(Timestamp(1_790_071_447)),
            "10:04:07 22-Sep-2026"
        );
    }

    #[test]
    fn registry_ids_are_stable() {
        let name = DomainName::parse("example.com").unwrap();
        let tld = crate::registry::catalogue::find(&name).unwrap();
        assert_eq!(registry_id(&name, tld), registry_id(&name, tld));
        assert!(registry_id(&name, tld).ends_with("_DOMAIN_COM-VRSN"));
    }
}
