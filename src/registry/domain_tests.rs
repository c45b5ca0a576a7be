//! Unit tests of `domain.rs`: the usage counts kept on every change, and
//! [`Domain::sample`], the plain domain other modules' tests start from.

use super::*;
use crate::registry::{Entity, Registry, Role};

impl Domain {
    /// A plain domain of test.user for unit tests: `nameservers`, and
    /// `contact` in all four roles.
    pub(crate) fn sample(name: &str, nameservers: &[&str], contact: &str) -> Domain {
        let now = Timestamp(1_767_225_600);
        Domain {
            name: DomainName::parse(name).unwrap(),
            owner: "test.user".into(),
            created: now,
            created_by: "test.user".into(),
            updated: now,
            updated_by: "test.user".into(),
            expires: now,
            paid_until: now,
            renewal_mode: RenewalMode::Default,
            transfer_lock: false,
            flags: Vec::new(),
            auth: String::new(),
            nameservers: nameservers.iter().map(|ns| ns.to_string()).collect(),
            contacts: [0; 4].map(|_| vec![contact.to_owned()]).into(),
            id_protection: false,
            extra: None,
            secdns: None,
            premium: None,
            add_grace: None,
            internal_dns: false,
            lifecycle: Lifecycle::default(),
        }
    }
}

#[test]
fn usage_counts_follow_every_change_and_removal() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    system.insert_domain(Domain::sample("a.com", &["ns1.x.net", "ns2.x.net"], "P-A"));
    system.insert_domain(Domain::sample("b.com", &["ns1.x.net"], "P-B"));
    assert_eq!(system.nameserver_usage("ns1.x.net"), 2);
    assert_eq!(system.contact_usage("P-A"), 4);
    system.modify_domain("a.com", |d| {
        d.nameservers = vec!["ns3.x.net".to_owned()];
        d.contacts.set(Role::Owner, vec!["P-B".to_owned()]);
    });
    assert_eq!(system.nameserver_usage("ns1.x.net"), 1);
    assert_eq!(system.nameserver_usage("ns2.x.net"), 0);
    assert_eq!(system.nameserver_usage("ns3.x.net"), 1);
    assert_eq!(system.contact_usage("P-A"), 3);
    assert_eq!(system.contact_usage("P-B"), 5);
    system.modify_domain("a.com", |d| d.auth = "unchanged-refs".to_owned());
    assert_eq!(system.contact_usage("P-A"), 3);
    system.remove_domain("a.com");
    system.remove_domain("b.com");
    for host in ["ns1.x.net", "ns2.x.net", "ns3.x.net"] {
        assert_eq!(system.nameserver_usage(host), 0, "{host}");
    }
    assert_eq!(
        (system.contact_usage("P-A"), system.contact_usage("P-B")),
        (0, 0)
    );
    assert!(system.host_usage.is_empty() && system.contact_usage.is_empty());
    assert_eq!(system.domain_count_of("test.user"), 0);
}
