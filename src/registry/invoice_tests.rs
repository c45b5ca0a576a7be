//! Unit tests of `invoice.rs`: the next ID moves on by its trailing number;
//! statuses only go forward; a refusal changes nothing; a recipient sees
//! no NEW invoice; removal and renaming carry the invoices; a snapshot
//! round trip keeps invoices, their entries, PDFs and the next ID.

use super::*;
use crate::registry::snapshot::read_snapshot;
use crate::registry::test_calls::{call, ok};
use crate::registry::{DEMO_PASSWORD, Entity, Registry};

const NOW: Timestamp = Timestamp(1_767_225_600);

/// test.user with the subuser `cust1` and two manual entries on it.
fn registry() -> Registry {
    let mut registry = Registry::new(1);
    let (login, pw) = ("test.user", DEMO_PASSWORD);
    let add = [
        "COMMAND=AddUser",
        "SUBUSER=cust1",
        "PASSWORD=cust1.passw0rd",
        "CURRENCY=EUR",
        "VAT=19",
    ];
    ok(call(&mut registry, NOW, login, pw, &add));
    for payment in ["PAYMENT=10.00", "PAYMENT=-2.50"] {
        let lines = [
            "COMMAND=AddAccounting",
            "SUBUSER=cust1",
            "DESCRIPTION=x",
            "TYPE=FEE",
            payment,
        ];
        ok(call(&mut registry, NOW, login, pw, &lines));
    }
    registry
}

fn new_invoice(id: &str) -> NewInvoice<'_> {
    NewInvoice {
        id,
        recipient: "cust1",
        created: NOW,
        data: vec![("b", "2"), ("a", "1"), ("c", "")],
        take: None,
    }
}

#[test]
fn the_next_id_moves_on_by_its_trailing_number() {
    assert_eq!(successor("ABC0099").as_deref(), Some("ABC0100"));
    assert_eq!(successor("X99").as_deref(), Some("X100"));
    assert_eq!(successor("ABC"), None);
    assert_eq!(successor(&"9".repeat(32)), None);
}

#[test]
fn statuses_only_go_forward() {
    use InvoiceStatus::*;
    assert!(New.may_become(Active) && New.may_become(Canceled) && Active.may_become(Canceled));
    assert!(!Active.may_become(New) && !Canceled.may_become(Active) && !Canceled.may_become(New));
    assert_eq!(InvoiceStatus::parse("canceled"), Some(Canceled));
}

#[test]
fn data_is_sorted_and_empty_values_are_not_kept() {
    let mut registry = registry();
    let system = registry.system_mut(Entity::Ote);
    let invoice = system
        .create_invoice("test.user", new_invoice("A1"))
        .unwrap();
    let keys: Vec<&str> = invoice.data.keys().map(String::as_str).collect();
    assert_eq!(keys, ["a", "b"]);
}

#[test]
fn a_refused_assignment_assigns_nothing() {
    let mut registry = registry();
    let system = registry.system_mut(Entity::Ote);
    system
        .create_invoice("test.user", new_invoice("A1"))
        .unwrap();
    let refused = system.assign_invoice_items("test.user", "A1", "cust1", &[800_001, 800_001]);
    assert_eq!(refused.unwrap_err().code(), 540);
    assert_eq!(system.invoice_of_entry(800_001, "test.user"), None);
    system
        .assign_invoice_items("test.user", "A1", "cust1", &[800_001])
        .unwrap();
    assert_eq!(system.invoice_of_entry(800_001, "test.user"), Some("A1"));
    // The recipient sees neither the NEW invoice nor its entries on it.
    assert_eq!(system.invoice_of_entry(800_001, "cust1"), None);
    assert!(system.received_invoice("cust1", "A1").is_err());
}

#[test]
fn renaming_and_removal_carry_the_invoices() {
    let mut registry = registry();
    let system = registry.system_mut(Entity::Ote);
    system
        .create_invoice("test.user", new_invoice("A1"))
        .unwrap();
    system.invoices.rename("cust1", "cust9");
    assert_eq!(
        system.issued_invoice("test.user", "A1").unwrap().recipient,
        "cust9"
    );
    system.invoices.forget("test.user");
    assert!(system.issued_invoice("test.user", "A1").is_err());
}

#[test]
fn a_snapshot_round_trip_keeps_invoices_entries_and_the_next_id() {
    let mut registry = registry();
    let system = registry.system_mut(Entity::Ote);
    system.set_next_invoice_id("test.user", "INV7").unwrap();
    system
        .create_invoice("test.user", new_invoice("INV7"))
        .unwrap();
    system
        .assign_invoice_items("test.user", "INV7", "cust1", &[800_002])
        .unwrap();
    let change = InvoiceChange {
        status: Some(InvoiceStatus::Active),
        ..InvoiceChange::default()
    };
    system.update_invoice("test.user", "INV7", change).unwrap();
    let restored = read_snapshot(&system.snapshot(), Some(Entity::Ote)).expect("a snapshot");
    assert_eq!(
        restored.issued_invoice("test.user", "INV7").unwrap(),
        system.issued_invoice("test.user", "INV7").unwrap()
    );
    assert_eq!(restored.next_invoice_id("test.user").unwrap(), "INV8");
    assert_eq!(restored.invoice_of_entry(800_002, "cust1"), Some("INV7"));
    let (issuer, _) = restored.received_invoice("cust1", "INV7").unwrap();
    assert_eq!(issuer, "test.user");
    assert_eq!(restored.snapshot(), system.snapshot());
}

#[test]
fn a_snapshot_round_trip_keeps_an_uploaded_pdf() {
    let mut registry = registry();
    let system = registry.system_mut(Entity::Ote);
    system
        .create_invoice("test.user", new_invoice("INV7"))
        .unwrap();
    let bytes = b"%PDF-1.7\n\x00\xff binary %%EOF\n".to_vec();
    let later = Timestamp(NOW.0 + 60);
    system
        .set_invoice_pdf("test.user", "INV7", bytes.clone(), later)
        .unwrap();
    let other = system.set_invoice_pdf("cust1", "INV7", b"%PDF-".to_vec(), later);
    assert!(matches!(other, Err(Error::ObjectNotFound(_))));
    let restored = read_snapshot(&system.snapshot(), Some(Entity::Ote)).expect("a snapshot");
    let pdf = restored
        .issued_invoice("test.user", "INV7")
        .unwrap()
        .pdf
        .as_ref();
    assert_eq!(
        pdf.map(|pdf| (&pdf.bytes, pdf.updated)),
        Some((&bytes, later))
    );
    assert_eq!(restored.snapshot(), system.snapshot());
}

#[test]
fn moving_entries_takes_them_only_from_the_issuers_own_invoice() {
    // cust1 (ALLOW_SUBUSER) has cust2; test.user and cust1 both invoice
    // cust2 with the ID X. cust1's CreateInvoice ACCOUNTING-INVOICEID=X
    // must move the entries of cust1's X only, not those test.user put
    // on its own (ACTIVE) X.
    let mut registry = registry();
    let relation = "RELATION0=ALLOW_SUBUSER:1";
    let modify = ["COMMAND=ModifyUser", "SUBUSER=cust1", relation];
    ok(call(
        &mut registry,
        NOW,
        "test.user",
        DEMO_PASSWORD,
        &modify,
    ));
    let add = [
        "COMMAND=AddUser",
        "SUBUSER=cust2",
        "PASSWORD=cust2.passw0rd",
        "CURRENCY=EUR",
        "VAT=19",
    ];
    ok(call(&mut registry, NOW, "cust1", "cust1.passw0rd", &add));
    let fee = [
        "COMMAND=AddAccounting",
        "SUBUSER=cust2",
        "DESCRIPTION=x",
        "TYPE=FEE",
        "PAYMENT=1.00",
    ];
    ok(call(&mut registry, NOW, "test.user", DEMO_PASSWORD, &fee));
    let system = registry.system_mut(Entity::Ote);
    let entry = system.ledger.of("cust2")[0].id;
    let to_cust2 = |id| NewInvoice {
        recipient: "cust2",
        data: Vec::new(),
        ..new_invoice(id)
    };
    system.create_invoice("test.user", to_cust2("X")).unwrap();
    system
        .assign_invoice_items("test.user", "X", "cust2", &[entry])
        .unwrap();
    // cust1 may not learn the ID of test.user's (NEW) invoice from a refusal.
    system.create_invoice("cust1", to_cust2("Z")).unwrap();
    let refused = system.assign_invoice_items("cust1", "Z", "cust2", &[entry]);
    let refused = refused.unwrap_err();
    assert_eq!(refused.code(), 540);
    assert!(!refused.to_string().contains("INVOICE X"), "{refused}");
    let active = InvoiceChange {
        status: Some(InvoiceStatus::Active),
        ..InvoiceChange::default()
    };
    system.update_invoice("test.user", "X", active).unwrap();
    system.create_invoice("cust1", to_cust2("X")).unwrap();
    let take = Selection {
        from: Some("X"),
        ..Selection::default()
    };
    let moving = NewInvoice {
        take: Some(take),
        ..to_cust2("Y")
    };
    system.create_invoice("cust1", moving).unwrap();
    assert_eq!(system.invoice_of_entry(entry, "test.user"), Some("X"));
    assert_eq!(system.entry_invoiced(entry), Some("X"));
}
