//! Unit tests of `ssl.rs` and `ssl_validation.rs`: a certificate ordered
//! with CreateSSLCert survives a snapshot round trip (pending with its
//! queued `Job::Ssl`, then issued with the same CRT), and its validation
//! is decided by the clock and stays decided.

use crate::registry::snapshot::read_snapshot;
use crate::registry::test_calls::{call, ok};
use crate::registry::{DEMO_PASSWORD, Entity, Registry, Timestamp};

const NOW: Timestamp = Timestamp(1_767_225_600);
const CSR: &str = include_str!("ssl_test.csr");

fn order(registry: &mut Registry, validation: &str) -> String {
    let lines: Vec<String> = CSR
        .lines()
        .enumerate()
        .map(|(n, line)| format!("CSR{n}={line}"))
        .collect();
    let mut request = vec![
        "COMMAND=CreateSSLCert".to_owned(),
        "SSLCERTCLASS=COMODO_ESSENTIALSSL".to_owned(),
        validation.to_owned(),
    ];
    request.extend(lines);
    let request: Vec<&str> = request.iter().map(String::as_str).collect();
    ok(call(registry, NOW, "test.user", DEMO_PASSWORD, &request))
}

fn id_of(answer: &str) -> String {
    answer
        .split("PROPERTY[SSLCERTID][0]=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("an SSLCERTID")
        .to_owned()
}

#[test]
fn a_certificate_survives_a_snapshot_pending_and_issued() {
    let mut registry = Registry::new(1);
    let id = id_of(&order(&mut registry, "VALIDATION0=URL"));
    let status = ["COMMAND=StatusSSLCert", &format!("SSLCERTID={id}")];
    let later = Timestamp(NOW.0 + super::VALIDATION_SECONDS);
    let pending = call(&mut registry, NOW, "test.user", DEMO_PASSWORD, &status);
    assert!(pending.contains("PROPERTY[STATUS][0]=PENDING"), "{pending}");
    let file = registry.system(Entity::Ote).snapshot();
    let mut fresh = Registry::new(7);
    fresh.replace_system(read_snapshot(&file, None).expect("a good file"));
    let again = call(&mut fresh, NOW, "test.user", DEMO_PASSWORD, &status);
    assert_eq!(again, pending);
    let issued = call(&mut registry, later, "test.user", DEMO_PASSWORD, &status);
    assert!(issued.contains("PROPERTY[STATUS][0]=ACTIVE"), "{issued}");
    assert!(issued.contains("PROPERTY[CRT][0]=-----BEGIN CERTIFICATE-----"));
    let restored = call(&mut fresh, later, "test.user", DEMO_PASSWORD, &status);
    assert_eq!(restored, issued);
}

#[test]
fn dns_validation_waits_for_the_record() {
    let mut registry = Registry::new(1);
    let answer = order(&mut registry, "VALIDATION0=DNSZONE");
    assert!(
        answer.contains("PROPERTY[VALIDATIONDNSRR][0]=_"),
        "{answer}"
    );
    let id = id_of(&answer);
    let status = ["COMMAND=StatusSSLCert", &format!("SSLCERTID={id}")];
    let later = Timestamp(NOW.0 + 3600);
    let pending = call(&mut registry, later, "test.user", DEMO_PASSWORD, &status);
    assert!(pending.contains("PROPERTY[STATUS][0]=PENDING"), "{pending}");
    // Checked hourly: one job waits, and the last check is the deadline.
    assert_eq!(registry.system(Entity::Ote).pending_jobs(), 1);
    registry
        .advance(Entity::Ote, NOW, super::VALIDATION_DEADLINE)
        .expect("a forward move");
    let failed = Timestamp(NOW.0 + super::VALIDATION_DEADLINE);
    let expired = call(&mut registry, failed, "test.user", DEMO_PASSWORD, &status);
    assert!(expired.contains("PROPERTY[STATUS][0]=FAILED"), "{expired}");
    assert_eq!(registry.system(Entity::Ote).pending_jobs(), 0);
}

#[test]
fn a_reissue_replaces_the_validation_job_and_a_revoke_is_final() {
    let mut registry = Registry::new(1);
    let id = id_of(&order(&mut registry, "VALIDATION0=URL"));
    let mut reissue = vec![
        "COMMAND=ReissueSSLCert".to_owned(),
        format!("SSLCERTID={id}"),
    ];
    reissue.extend(CSR.lines().enumerate().map(|(n, l)| format!("CSR{n}={l}")));
    let reissue: Vec<&str> = reissue.iter().map(String::as_str).collect();
    let soon = Timestamp(NOW.0 + 600);
    ok(call(
        &mut registry,
        soon,
        "test.user",
        DEMO_PASSWORD,
        &reissue,
    ));
    assert_eq!(registry.system(Entity::Ote).pending_jobs(), 1);
    // The first job's time passes: still PENDING until the reissue's delay.
    let status = ["COMMAND=StatusSSLCert", &format!("SSLCERTID={id}")];
    let first_due = Timestamp(NOW.0 + super::VALIDATION_SECONDS);
    let pending = call(
        &mut registry,
        first_due,
        "test.user",
        DEMO_PASSWORD,
        &status,
    );
    assert!(pending.contains("PROPERTY[STATUS][0]=PENDING"), "{pending}");
    let due = Timestamp(soon.0 + super::VALIDATION_SECONDS);
    let issued = call(&mut registry, due, "test.user", DEMO_PASSWORD, &status);
    assert!(issued.contains("PROPERTY[STATUS][0]=ACTIVE"), "{issued}");
    let revoke = [
        "COMMAND=RevokeSSLCert",
        &format!("SSLCERTID={id}"),
        "REASON=test",
    ];
    ok(call(
        &mut registry,
        due,
        "test.user",
        DEMO_PASSWORD,
        &revoke,
    ));
    let file = registry.system(Entity::Ote).snapshot();
    let mut fresh = Registry::new(7);
    fresh.replace_system(read_snapshot(&file, None).expect("a good file"));
    let later = Timestamp(due.0 + 86_400);
    let revoked = call(&mut fresh, later, "test.user", DEMO_PASSWORD, &status);
    assert!(revoked.contains("PROPERTY[STATUS][0]=REVOKED"), "{revoked}");
    assert!(!revoked.contains("PROPERTY[CRT]"), "{revoked}");
}

#[test]
fn email_validation_writes_the_approval_mail_at_create_reissue_and_resend() {
    let mut registry = Registry::new(1);
    let id = id_of(&order(&mut registry, "EMAIL=admin@shop.com"));
    let _ = id_of(&order(&mut registry, "VALIDATION0=URL"));
    let mails: Vec<_> = registry.system(Entity::Ote).outbox().cloned().collect();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].to, "admin@shop.com");
    assert_eq!(mails[0].subject, "Approve the SSL certificate for shop.com");
    assert!(mails[0].body.contains(&format!("SSLCERTID {id}")));
    assert!(
        mails[0].body.contains("2026-01-01 00:15:00"),
        "{}",
        mails[0].body
    );
    let resend = [
        "COMMAND=ResendSSLCertEmail",
        &format!("SSLCERTID={id}"),
        "EMAIL=webmaster@shop.com",
    ];
    ok(call(
        &mut registry,
        NOW,
        "test.user",
        DEMO_PASSWORD,
        &resend,
    ));
    let mut reissue = vec![
        "COMMAND=ReissueSSLCert".to_owned(),
        format!("SSLCERTID={id}"),
    ];
    reissue.extend(CSR.lines().enumerate().map(|(n, l)| format!("CSR{n}={l}")));
    let reissue: Vec<&str> = reissue.iter().map(String::as_str).collect();
    ok(call(
        &mut registry,
        NOW,
        "test.user",
        DEMO_PASSWORD,
        &reissue,
    ));
    let to: Vec<String> = registry
        .system(Entity::Ote)
        .outbox()
        .map(|mail| mail.to.clone())
        .collect();
    assert_eq!(
        to,
        ["admin@shop.com", "webmaster@shop.com", "webmaster@shop.com"]
    );
    // A refused resend writes nothing.
    let later = Timestamp(NOW.0 + 3_600);
    let refused = call(&mut registry, later, "test.user", DEMO_PASSWORD, &resend);
    assert!(refused.contains("CODE=552"), "{refused}");
    assert_eq!(registry.system(Entity::Ote).outbox().count(), 3);
}

#[test]
fn every_cnr_type_is_a_class_sold_once() {
    use crate::registry::ssl::{CNR_SSL_TYPES, cnr_ssl_class, cnr_ssl_type};
    for pair in CNR_SSL_TYPES.windows(2) {
        assert!(
            pair[0].0 < pair[1].0,
            "{} sorts before {}",
            pair[0].0,
            pair[1].0
        );
    }
    for (cnr, class) in CNR_SSL_TYPES {
        assert_eq!(cnr_ssl_class(cnr).map(|c| c.name), Some(*class), "{cnr}");
        assert_eq!(cnr_ssl_type(class), *cnr, "{class} has one TYPE");
    }
    assert_eq!(cnr_ssl_type("COMODO_ESSENTIALSSL"), "COMODO_ESSENTIALSSL");
    assert!(cnr_ssl_class("multidomainev").is_none());
}
