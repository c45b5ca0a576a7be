//! The shared argument readers' and zone checks' tests.

use super::*;
use crate::command::contact::ContactSpec;
use crate::command::domain::registrant::check_registrant;
use crate::registry::catalogue::TLDS;
use crate::registry::{ContactData, Entity, Registry};

fn zone(rule: Rule) -> Tld {
    Tld {
        zone: "test",
        nameservers_min: 2,
        nameservers_max: 3,
        rule,
        ..TLDS[0]
    }
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|name| name.to_string()).collect()
}

#[test]
fn nameserver_count_and_registry_rules() {
    let registry = Registry::new(1);
    let system = registry.system(Entity::Ote);
    let plain = zone(Rule::None);
    let error = check_nameservers(system, &plain, &names(&["a.example.net"]));
    assert_eq!(
        error.unwrap_err().to_string(),
        "Invalid attribute value; NAMESERVER: .test needs 2 to 3 nameservers, 1 given"
    );
    let two = names(&["a.example.net", "b.example.net"]);
    assert_eq!(check_nameservers(system, &plain, &two), Ok(()));

    let sandbox = names(&["ns1.ispapi.net", "ns2.ispapi.net"]);
    // .de's predelegation check is System::check_predelegation.
    let de = zone(Rule::NameserversMustAnswer);
    assert_eq!(check_nameservers(system, &de, &sandbox), Ok(()));

    let ca = zone(Rule::HostsMustExist);
    let error = check_nameservers(system, &ca, &sandbox).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Object does not exist; Create the host on the Registry system before you assign it \
         to a domain (NAMESERVER0: ns1.ispapi.net is not a host object; AddNameserver creates it)"
    );
}

#[test]
fn organisation_registrant_needs_vat_where_the_zone_says() {
    let registry = Registry::new(1);
    let system = registry.system(Entity::Ote);
    let dk = zone(Rule::OrganisationNeedsVat);
    let mut data = ContactData {
        organization: "Example ApS".to_owned(),
        ..ContactData::default()
    };
    let error = check_registrant(
        system,
        &dk,
        &ContactSpec::Inline(Box::new(data.clone())),
        [].into_iter(),
    );
    assert_eq!(
        error.unwrap_err().to_string(),
        "Missing required attribute; OWNERCONTACT0VATID (.test needs a VAT id for an \
         organisation registrant: the contact's or X-TEST-VATID)"
    );
    // The zone's own field holds it as well as the contact.
    let organisation = ContactSpec::Inline(Box::new(data.clone()));
    let field = [("X-TEST-VATID", "DK12345678")].into_iter();
    assert_eq!(check_registrant(system, &dk, &organisation, field), Ok(()));
    let empty = [("X-TEST-VATID", "")].into_iter();
    assert!(check_registrant(system, &dk, &organisation, empty).is_err());
    data.vat_id = "DK12345678".to_owned();
    let spec = ContactSpec::Inline(Box::new(data.clone()));
    assert_eq!(check_registrant(system, &dk, &spec, [].into_iter()), Ok(()));
    data.vat_id.clear();
    let spec = ContactSpec::Inline(Box::new(data));
    assert_eq!(
        check_registrant(system, &zone(Rule::None), &spec, [].into_iter()),
        Ok(())
    );
}

#[test]
fn id_protection_where_the_zone_has_none_is_the_real_541() {
    let map: crate::wire::Params = [("X-ACCEPT-WHOISTRUSTEE-TAC".into(), "1".into())]
        .into_iter()
        .collect();
    let without = Tld {
        id_protection: false,
        ..zone(Rule::None)
    };
    let mut args = Args::new(&map);
    assert_eq!(
        read_id_protection(&mut args, &without)
            .unwrap_err()
            .to_string(),
        "Invalid attribute value; X-ACCEPT-WHOISTRUSTEE-TAC not supported"
    );
    let mut args = Args::new(&map);
    assert_eq!(
        read_id_protection(&mut args, &zone(Rule::None)),
        Ok(Some(true))
    );
}

#[test]
fn prices_per_period() {
    assert_eq!(per_year(1090, Period::years(2)), Money::from_cents(2180));
    assert_eq!(per_year(1200, Period { months: 1 }), Money::from_cents(100));
}
