//! Unit tests of `application.rs`: the per-account index, and the status a
//! waiting application takes when its domain is confirmed or removed.

use super::*;
use crate::registry::{Domain, Entity, Registry};

const NOW: Timestamp = Timestamp(1_767_225_600);

fn filed(id: u64, domain: &str, owner: &str, status: ApplicationStatus) -> Application {
    Application {
        id,
        domain: DomainName::parse(domain).expect("a name"),
        class: "GOLIVE".to_owned(),
        period: Period::years(1),
        contacts: ["P-1", "P-1", "P-1", "P-1"].map(str::to_owned),
        nameservers: vec!["ns1.example.net".to_owned()],
        owner: owner.to_owned(),
        created: NOW,
        created_by: owner.to_owned(),
        updated: NOW,
        updated_by: owner.to_owned(),
        status,
    }
}

#[test]
fn each_account_sees_its_own_applications_in_filing_order() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let done = ApplicationStatus::Successful;
    system.add_application(filed(7, "b.swiss", "test.user", done));
    system.add_application(filed(5, "a.swiss", "test.user2", done));
    system.add_application(filed(9, "c.swiss", "test.user", done));
    let ids = |system: &System, owner: &str| -> Vec<u64> {
        system.applications_of(owner).map(|a| a.id).collect()
    };
    assert_eq!(ids(system, "test.user"), [7, 9]);
    assert_eq!(ids(system, "test.user2"), [5]);
    assert_eq!(ids(system, "nobody"), Vec::<u64>::new());
    assert_eq!(
        system.application(5).map(|a| a.owner.as_str()),
        Some("test.user2")
    );
    system.forget_applications_of("test.user");
    assert_eq!(ids(system, "test.user"), Vec::<u64>::new());
    assert!(system.application(7).is_none());
    assert_eq!(system.application_count(), 1);
}

#[test]
fn a_waiting_application_succeeds_when_the_registry_confirms_its_domain() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    system.insert_domain(Domain::sample("wait.swiss", &[], "P-1"));
    system.request_create("wait.swiss", Timestamp(NOW.0 + 86_400));
    let requested = ApplicationStatus::Requested;
    system.add_application(filed(3, "wait.swiss", "test.user", requested));
    system.set_target(NOW, Timestamp(NOW.0 + 86_399)).unwrap();
    system.tick(NOW, 64);
    assert_eq!(system.application(3).unwrap().status, requested);
    let why = system.refuse_pending_create("wait.swiss").unwrap_err();
    assert!(
        why.to_string()
            .contains("the .swiss registry's eligibility review"),
        "{why}"
    );
    system.set_target(NOW, Timestamp(NOW.0 + 86_400)).unwrap();
    system.tick(NOW, 64);
    let application = system.application(3).unwrap();
    assert_eq!(application.status, ApplicationStatus::Successful);
    assert_eq!(application.status.text(), "SUCCESSFUL");
    assert_eq!(
        (application.updated, application.updated_by.as_str()),
        (Timestamp(NOW.0 + 86_400), REGISTRY_ACTOR)
    );
    // Settled once: a later removal of the domain leaves it SUCCESSFUL.
    system.remove_domain("wait.swiss");
    assert_eq!(
        system.application(3).unwrap().status,
        ApplicationStatus::Successful
    );
}

#[test]
fn a_waiting_application_fails_when_its_pending_domain_is_removed() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    system.insert_domain(Domain::sample("gone.swiss", &[], "P-1"));
    system.request_create("gone.swiss", Timestamp(NOW.0 + 86_400));
    let requested = ApplicationStatus::Requested;
    system.add_application(filed(4, "gone.swiss", "test.user", requested));
    system.remove_domain("gone.swiss");
    let application = system.application(4).unwrap();
    assert_eq!(application.status, ApplicationStatus::Failed);
    assert_eq!(application.status.text(), "FAILED");
    assert_eq!(application.updated_by, REGISTRY_ACTOR);
}

#[test]
fn the_review_turns_down_a_review_reject_name_and_removes_its_domain() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let name = "review-reject-x.swiss";
    system.insert_domain(Domain::sample(name, &[], "P-1"));
    system.request_create(name, Timestamp(NOW.0 + 86_400));
    system.add_application(filed(6, name, "test.user", ApplicationStatus::Requested));
    system.set_target(NOW, Timestamp(NOW.0 + 86_400)).unwrap();
    system.tick(NOW, 64);
    let application = system.application(6).unwrap();
    assert_eq!(application.status, ApplicationStatus::Failed);
    assert_eq!(application.updated, Timestamp(NOW.0 + 86_400));
    assert!(system.domain(name).is_none(), "the pending domain is gone");
    let (_, event) = system.events_of("test.user").last().unwrap();
    assert_eq!(
        (event.class, event.subclass),
        ("DOMAIN_CREATE", "CREATE_FAILED")
    );
}
