//! The `.de` nameserver predelegation check (DENIC's NAST, catalogue rule
//! `Rule::NameserversMustAnswer`): before a registration, a nameserver
//! change or a transfer that brings nameservers, each nameserver must answer
//! the zone's SOA query. The sandbox's own nameservers (`ns1..3.ispapi.net`,
//! and `ns1..3.rrpproxy.net`, which a zone made in the CNR dialect names)
//! answer exactly for the ACTIVE zones it hosts (whoever holds them, as its
//! DNS server does); other hosts follow the nameserver scenario table of
//! `scenario.rs` (`lame-` answers REFUSED, everything else answers).
//! Read-only: it decides, the commands call it before anything changes or
//! is charged. It owns no state and touches no other object kind.

use super::catalogue::{Rule, Tld};
use super::scenario::NameserverScenario;
use super::zone::ZoneStatus;
use super::{DomainName, System};
use crate::error::{Error, Result};

/// The public addresses of the sandbox's nameservers (the real platform's
/// `ns1..3.ispapi.net`, = `ns1..3.hexonet.net`; CentralNic Reseller's
/// KeyDNS `ns1..3.rrpproxy.net`), shown as NAST targets.
const SANDBOX_ADDRESSES: &[(&str, &str)] = &[
    ("ns1.ispapi.net", "194.50.187.134"),
    ("ns2.ispapi.net", "194.0.182.1"),
    ("ns3.ispapi.net", "193.227.117.124"),
    ("ns1.rrpproxy.net", "193.227.117.226"),
    ("ns2.rrpproxy.net", "194.50.187.226"),
    ("ns3.rrpproxy.net", "194.0.182.226"),
];

/// Why a nameserver does not answer for the zone.
enum Refusal<'a> {
    /// A sandbox nameserver, and the sandbox holds no zone of that name.
    NoZone,
    /// A sandbox nameserver, and the zone is not ACTIVE.
    Inactive(&'a str),
    /// A `lame-` host.
    Lame,
}

impl System {
    /// The predelegation check of `tld` (only zones with
    /// `Rule::NameserversMustAnswer`) on `nameservers` about to be stored
    /// for `name`. `internal_dns`: the same request creates the zone
    /// (INTERNALDNS=1) when it does not exist, so the sandbox's nameservers
    /// will answer. `541` with DENIC's NAST error naming the first
    /// nameserver that does not answer, and how to fix it.
    pub fn check_predelegation(
        &self,
        tld: &Tld,
        name: &DomainName,
        nameservers: &[String],
        internal_dns: bool,
    ) -> Result<()> {
        if tld.rule != Rule::NameserversMustAnswer {
            return Ok(());
        }
        for (index, ns) in nameservers.iter().enumerate() {
            let sandbox = SANDBOX_ADDRESSES.iter().find(|(host, _)| host == ns);
            let refusal = if sandbox.is_some() {
                match self.zone(name.as_str()) {
                    None if internal_dns => None,
                    None => Some(Refusal::NoZone),
                    Some(zone) if zone.status == ZoneStatus::Active => None,
                    Some(zone) => Some(Refusal::Inactive(zone.status.as_str())),
                }
            } else {
                NameserverScenario::of(ns).map(|scenario| match scenario {
                    NameserverScenario::Refused => Refusal::Lame,
                })
            };
            let Some(refusal) = refusal else {
                continue;
            };
            let address = sandbox.map(|(_, ip)| (*ip).to_owned()).or_else(|| {
                self.host(ns)
                    .and_then(|host| host.addresses.first())
                    .map(ToString::to_string)
            });
            let target = match address {
                Some(ip) => format!("{ns}/{ip}"),
                None => ns.clone(),
            };
            let fix = match refusal {
                Refusal::NoZone => format!(
                    "no zone {name} in the sandbox: create it with CreateDNSZone \
                     (CNR: AddDNSZone) or INTERNALDNS=1"
                ),
                Refusal::Inactive(status) => {
                    format!("the sandbox's zone {name} is {status}: UpdateDNSZone STATUS=ACTIVE")
                }
                Refusal::Lame => "a lame- host answers REFUSED (a sandbox scenario name); \
                                  use a nameserver without the prefix"
                    .to_owned(),
            };
            return Err(Error::InvalidValue(format!(
                "Nameserver error [ERROR: 901 Unexpected RCODE (target, query, RCODE) \
                 ({target}, {name}./IN/SOA, REFUSED)] (NAMESERVER{index} {ns}: {fix})"
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::registry::catalogue::{self, TLDS};
    use crate::registry::zone::{Zone, ZoneStatus};
    use crate::registry::{DomainName, Entity, Host, Registry, Timestamp};

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn sandbox_nameservers_answer_for_active_zones_and_lame_hosts_refuse() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        let name = DomainName::parse("example.de").unwrap();
        let de = catalogue::find(&name).unwrap();
        let sandbox = names(&["ns1.ispapi.net", "ns2.ispapi.net"]);
        let error = system
            .check_predelegation(de, &name, &sandbox, false)
            .unwrap_err();
        assert_eq!(error.code(), 541);
        assert_eq!(
            error.to_string(),
            "Invalid attribute value; Nameserver error [ERROR: 901 Unexpected RCODE \
             (target, query, RCODE) (ns1.ispapi.net/194.50.187.134, example.de./IN/SOA, \
             REFUSED)] (NAMESERVER0 ns1.ispapi.net: no zone example.de in the sandbox: \
             create it with CreateDNSZone (CNR: AddDNSZone) or INTERNALDNS=1)"
        );
        // INTERNALDNS=1 on the same request creates the zone first.
        assert_eq!(
            system.check_predelegation(de, &name, &sandbox, true),
            Ok(())
        );
        // Other hosts answer, lame- ones refuse.
        let other = names(&["ns1.example.net", "a.b.example.org"]);
        assert_eq!(system.check_predelegation(de, &name, &other, false), Ok(()));
        let lame = names(&["ns1.example.net", "lame-ns2.example.net"]);
        let error = system
            .check_predelegation(de, &name, &lame, true)
            .unwrap_err();
        assert!(error.to_string().contains(
            "(lame-ns2.example.net, example.de./IN/SOA, REFUSED)] (NAMESERVER1 lame-ns2.example.net: \
             a lame- host answers REFUSED"
        ));
        // A host object gives the NAST target its address.
        let now = Timestamp(1_767_225_600);
        system.insert_host(Host {
            name: DomainName::parse("lame-ns2.example.net").unwrap(),
            owner: "test.user".to_owned(),
            domain: "example.net".to_owned(),
            addresses: vec!["192.0.2.53".parse().unwrap()],
            created: now,
            created_by: "test.user".to_owned(),
            updated: now,
            updated_by: "test.user".to_owned(),
        });
        let error = system
            .check_predelegation(de, &name, &lame, false)
            .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("(lame-ns2.example.net/192.0.2.53, example.de./IN/SOA, REFUSED)]")
        );
        // A zone of that name (anyone's) answers while ACTIVE.
        system.insert_zone(Zone::new("example.de", "test.user2", now, "test.user2"));
        assert_eq!(
            system.check_predelegation(de, &name, &sandbox, false),
            Ok(())
        );
        if let Some(zone) = system.zones.get_mut("example.de") {
            zone.status = ZoneStatus::Inactive;
        }
        let error = system
            .check_predelegation(de, &name, &sandbox, true)
            .unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("zone example.de is INACTIVE: UpdateDNSZone STATUS=ACTIVE)")
        );
        // Zones without the rule do not check.
        let com = TLDS.iter().find(|tld| tld.zone == "com").unwrap();
        assert_eq!(system.check_predelegation(com, &name, &lame, false), Ok(()));
    }
}
