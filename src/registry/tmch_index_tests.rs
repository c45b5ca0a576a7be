//! Unit tests of the claims index (`tmch_index.rs`, kept by `tmch.rs`):
//! after create, update (a label removed, CLAIMSNOTIFY off, a label
//! added), renewal, account rename and removal, and a snapshot round trip,
//! the index equals one built from scratch and every label's claim equals
//! a full scan of the marks; a label the index still held would claim.

use std::collections::BTreeSet;

use super::*;
use crate::registry::snapshot::read_snapshot;
use crate::registry::{Entity, Registry};

/// 2026-01-01 00:00:00.
const NOW: Timestamp = Timestamp(1_767_225_600);

fn data(labels: &[(&str, bool)]) -> MarkData {
    MarkData {
        name: "Testmark".to_owned(),
        goods: vec!["ISP".to_owned()],
        jurisdiction: "DE".to_owned(),
        classes: vec![9],
        number: "1231231".to_owned(),
        registered: "1964-03-15".to_owned(),
        holder: Holder {
            entitlement: "owner".to_owned(),
            organization: "Testmark GmbH".to_owned(),
            ..Holder::default()
        },
        labels: (labels.iter())
            .map(|(label, claims)| MarkLabel {
                label: (*label).to_owned(),
                smd: false,
                claims: *claims,
            })
            .collect(),
    }
}

fn create(system: &mut System, owner: &str, labels: &[(&str, bool)], years: u32) -> String {
    let mark = system.create_mark(owner, data(labels), years, NOW);
    mark.unwrap().id.clone()
}

/// The IDs of the live marks claiming `label` at `now`, by a scan of every
/// mark (what the lookups did before the index).
fn scanned(system: &System, label: &str, now: Timestamp) -> Vec<String> {
    let mut marks: Vec<&Mark> = (system.marks())
        .filter(|mark| mark.expires > now)
        .filter(|mark| (mark.data.labels.iter()).any(|l| l.claims && l.label == label))
        .collect();
    marks.sort_by_key(|mark| mark.serial);
    marks.into_iter().map(|mark| mark.id.clone()).collect()
}

/// The index is the one built from scratch, and for every label any mark
/// has or had (`more`), at a few instants, the claim agrees with a scan and
/// its key finds it again.
fn agrees(system: &System, more: &[&str]) {
    assert_eq!(system.marks.index, ClaimsIndex::of(system.marks.all()));
    let mut labels: BTreeSet<String> = more.iter().map(|l| (*l).to_owned()).collect();
    labels.extend(
        system
            .marks()
            .flat_map(|m| m.data.labels.iter().map(|l| l.label.clone())),
    );
    let nows = [NOW, NOW.plus(Period::years(1)), NOW.plus(Period::years(3))];
    for now in nows {
        for label in &labels {
            let claim = system.claim_on(label, now);
            let ids: Vec<String> = (claim.iter())
                .flat_map(|claim| claim.marks.iter().map(|mark| mark.id.clone()))
                .collect();
            assert_eq!(ids, scanned(system, label, now), "{label} at {now:?}");
            if let Some(claim) = claim {
                assert_eq!(system.claim_by_key(&claim.key, now).unwrap(), claim);
            }
        }
    }
}

#[test]
fn the_index_agrees_with_a_scan_through_every_change() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let shared = [("shared", true), ("alpha", true), ("quiet", false)];
    let first = create(system, "test.user", &shared, 1);
    let second = create(system, "test.user2", &[("shared", true), ("beta", true)], 3);
    let third = create(system, "test.user2", &[("alpha", true)], 5);
    agrees(system, &["absent"]);
    let change = data(&[("shared", true), ("alpha", false), ("gamma", true)]);
    system
        .update_mark("test.user", &first, change, NOW)
        .unwrap();
    agrees(system, &["quiet"]);
    system.renew_mark("test.user2", &second, 1, NOW).unwrap();
    agrees(system, &[]);
    system.rename_user("test.user2", "test.user9");
    assert_eq!(
        system.mark("test.user9", &third).unwrap().owner,
        "test.user9"
    );
    agrees(system, &[]);
    let file = system.snapshot();
    system.forget_private("test.user9");
    agrees(system, &["beta", "alpha"]);
    let restored = read_snapshot(&file, Some(Entity::Ote)).expect("a snapshot");
    assert_eq!(restored.marks().count(), 3);
    agrees(&restored, &["alpha", "quiet"]);
}

#[test]
fn a_label_is_claimed_exactly_while_a_live_mark_carries_it_with_claimsnotify() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let id = create(system, "test.user", &[("gone", true), ("muted", true)], 1);
    let other = create(system, "test.user2", &[("theirs", true)], 1);
    let gone_key = system.claim_on("gone", NOW).unwrap().key;
    // UpdateTMCHMark drops `gone`, turns CLAIMSNOTIFY off on `muted` and adds `fresh`.
    let change = data(&[("muted", false), ("fresh", true)]);
    system.update_mark("test.user", &id, change, NOW).unwrap();
    assert!(system.claim_on("gone", NOW).is_none());
    assert!(system.claim_on("muted", NOW).is_none());
    assert_eq!(system.claim_by_key(&gone_key, NOW).unwrap_err().code(), 545);
    assert_eq!(system.claim_on("FRESH", NOW).unwrap().marks[0].id, id);
    // A snapshot load rebuilds the index.
    let restored = read_snapshot(&system.snapshot(), Some(Entity::Ote)).expect("a snapshot");
    let claim = restored.claim_on("theirs", NOW).expect("rebuilt on load");
    assert_eq!(
        restored.claim_by_key(&claim.key, NOW).unwrap().marks[0].id,
        other
    );
    // The removed account's marks claim nothing.
    system.forget_private("test.user2");
    assert!(system.claim_on("theirs", NOW).is_none());
    assert_eq!(
        system.claim_by_key(&claim.key, NOW).unwrap_err().code(),
        545
    );
    // An expired mark stays in the index but claims nothing.
    let expired = NOW.plus(Period::years(1));
    assert!(system.marks.index.claiming("fresh").next().is_some());
    assert!(system.claim_on("fresh", expired).is_none());
}

#[test]
fn a_key_that_names_no_mark_or_is_malformed_is_545() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    create(system, "test.user", &[("testmark", true)], 1);
    let key = system.claim_on("testmark", NOW).unwrap().key;
    let (head, _) = key.rsplit_once('-').unwrap();
    for bad in [
        format!("{head}-0000000002"),
        format!("{head}-+000000001"),
        format!("{head}-99999999999"),
        key.to_lowercase(),
        "-".to_owned(),
        String::new(),
        "x".to_owned(),
    ] {
        assert_eq!(
            system.claim_by_key(&bad, NOW).unwrap_err().code(),
            545,
            "{bad}"
        );
    }
    assert_eq!(system.claim_by_key(&key, NOW).unwrap().label, "testmark");
}
