//! AddDomain run in-process: charges, the credit limit, and refusals that change nothing.
use crate::command::dispatch;
use crate::registry::{Entity, Money, Registry, Timestamp};
use crate::wire::{Request, Response, Secret};

const NOW: Timestamp = Timestamp(1_767_225_600);

fn run(registry: &mut Registry, lines: &[(&str, &str)]) -> Response {
    let request = Request {
        entity: Some("1234".into()),
        login: Some("test.user".into()),
        password: Some(Secret::new("test.passw0rd".to_owned())),
        params: lines
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect(),
        ..Request::default()
    };
    let meta = crate::Meta::loopback(NOW);
    match dispatch(
        registry,
        &request,
        crate::dialect::Dialect::Hexonet,
        &meta,
        &mut None,
    ) {
        Ok(response) => response,
        Err(error) => error.into(),
    }
}

/// A premium name dearer than balance + credit: `546`, and nothing
/// changes (no balance movement, no domain, no contact from inline data).
#[test]
fn credit_limit_refuses_and_changes_nothing() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    system
        .charge(
            "test.user",
            Timestamp(0),
            crate::registry::LedgerItem {
                kind: crate::registry::LedgerKind::AddDomain,
                description: "drain",
                months: 12,
                price: Money::from_cents(10_950_000),
                what: "drain",
                above: None,
            },
        )
        .unwrap();
    let before = system.user("test.user").unwrap().account.amount;
    let response = run(
        &mut registry,
        &[
            ("COMMAND", "AddDomain"),
            ("DOMAIN", "premium-shop.com"),
            ("CLASS", "PREMIUM_COM_A"),
            ("OWNERCONTACT0FIRSTNAME", "John"),
            ("OWNERCONTACT0LASTNAME", "Doe"),
            ("OWNERCONTACT0STREET", "1 Example Street"),
            ("OWNERCONTACT0CITY", "Springfield"),
            ("OWNERCONTACT0ZIP", "10001"),
            ("OWNERCONTACT0COUNTRY", "US"),
            ("OWNERCONTACT0PHONE", "2125550100"),
            ("OWNERCONTACT0EMAIL", "john.doe@example.net"),
        ],
    );
    assert_eq!(response.code, 546, "{response:?}");
    assert_eq!(
        response.description,
        "Credit limit exceeded; AddDomain premium-shop.com for 1Y costs 1090.00 EUR, 500.00 EUR available"
    );
    let system = registry.system(Entity::Ote);
    assert_eq!(system.user("test.user").unwrap().account.amount, before);
    assert!(system.domain("premium-shop.com").is_none());
    assert_eq!(system.contacts_of("test.user").count(), 0);
    let response = run(
        &mut registry,
        &[("COMMAND", "StatusDomain"), ("DOMAIN", "premium-shop.com")],
    );
    assert_eq!(response.code, 545);
}
