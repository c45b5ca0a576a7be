//! StatusDomain's column order and texts, checked against the rows and the
//! fixture.

use super::*;
use crate::registry::lifecycle::{ACCOUNTING_DAYS, FINALIZATION_DAYS};

#[test]
fn contact_columns_follow_the_roles() {
    let mut response = Response::ok();
    response.push_row(&CONTACTS, ["a", "b", "c", "d"]);
    let names: Vec<&str> = response.lines().map(|(name, _, _)| name).collect();
    assert_eq!(names, Role::ALL.map(Role::parameter));
}

/// Each of a usual answer's columns (the fixture's: two statuses, two
/// name servers, an auth code) is new to the answer by its `seen` bit
/// alone, without a search of the columns pushed before it.
#[test]
fn a_usual_answer_pushes_no_column_twice_by_its_bit() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/protocol-fixtures/domain/add-domain/02-StatusDomain.response"
    );
    let answer = std::fs::read_to_string(path).expect("the fixture");
    let mut names: Vec<&str> = answer
        .lines()
        .filter_map(|line| line.strip_prefix("PROPERTY[")?.split_once("][0]="))
        .map(|(name, _)| name)
        .collect();
    assert!(names.len() >= 45, "{names:?}");
    assert_eq!(crate::wire::seen_clashes(names.iter().copied()), 0);
    // The check can fail: the same name twice shares its bit.
    names.push("STATUS");
    assert_eq!(crate::wire::seen_clashes(names), 1);
}

#[test]
fn period_texts_follow_the_day_counts() {
    assert_eq!(ACCOUNTING_PERIOD, format!("-{ACCOUNTING_DAYS}d"));
    assert_eq!(FINALIZATION_PERIOD, format!("{FINALIZATION_DAYS}d"));
}
