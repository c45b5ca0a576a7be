//! Unit tests of the `COMMANDS` table: sorted, unique, found in any case.
//! Touches no handler.

use super::*;

fn cmp_ignore_case(a: &str, b: &str) -> std::cmp::Ordering {
    a.to_ascii_lowercase().cmp(&b.to_ascii_lowercase())
}

#[test]
fn table_is_sorted_and_unique_ignoring_case() {
    for pair in COMMANDS.windows(2) {
        assert_eq!(
            cmp_ignore_case(pair[0].name, pair[1].name),
            std::cmp::Ordering::Less,
            "{} must sort before {}",
            pair[0].name,
            pair[1].name
        );
    }
}

#[test]
fn finds_commands_in_any_case() {
    for row in COMMANDS {
        assert_eq!(
            find(&row.name.to_lowercase()).map(|c| c.name),
            Some(row.name)
        );
        assert_eq!(
            find(&row.name.to_uppercase()).map(|c| c.name),
            Some(row.name)
        );
    }
    assert!(find("gregergege").is_none());
    assert!(find("").is_none());
}
