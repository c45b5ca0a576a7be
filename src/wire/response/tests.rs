//! Tests of [`Response`]'s columns: order across interleaved pushes, hash
//! collisions in the `seen` bits, and borrowed or owned names.

use super::*;

/// Columns in first-push order, each column's values in push order,
/// whatever the push order and however the names' `seen` bits collide.
#[test]
fn keeps_every_column_in_order_across_interleaved_pushes() {
    let names: Vec<String> = (0..300).map(|n| format!("COLUMN{n}")).collect();
    let mut response = Response::ok();
    let mut expected: Vec<(String, Vec<String>)> = Vec::new();
    for round in 0..3 {
        for (n, name) in names.iter().enumerate() {
            if (n + round) % 3 == 0 {
                continue;
            }
            let value = format!("{round}.{n}");
            response.push(name.clone(), &value);
            match expected.iter_mut().find(|(known, _)| known == name) {
                Some((_, values)) => values.push(value),
                None => expected.push((name.clone(), vec![value])),
            }
        }
    }
    let expected: Vec<(String, usize, String)> = expected
        .into_iter()
        .flat_map(|(name, values)| {
            values
                .into_iter()
                .enumerate()
                .map(move |(index, value)| (name.clone(), index, value))
        })
        .collect();
    let lines: Vec<(String, usize, String)> = response
        .lines()
        .map(|(name, index, value)| (name.to_owned(), index, value.to_owned()))
        .collect();
    assert_eq!(lines, expected);
    assert_eq!(response.line_count(), expected.len());
    assert_eq!(response.first("COLUMN2"), Some("0.2"));
    assert_eq!(response.first("COLUMN"), None);
}

#[test]
fn pushes_to_the_previous_column_and_to_borrowed_or_owned_names_alike() {
    let mut response = Response::ok();
    response
        .push_str("STATUS", "ACTIVE")
        .push_str("STATUS", "LOCKED")
        .push_str(String::from("STATUS"), "HELD")
        .push("", 1)
        .push("", 2)
        .push_str("S", "x");
    let lines: Vec<_> = response.lines().collect();
    assert_eq!(
        lines,
        [
            ("STATUS", 0, "ACTIVE"),
            ("STATUS", 1, "LOCKED"),
            ("STATUS", 2, "HELD"),
            ("", 0, "1"),
            ("", 1, "2"),
            ("S", 0, "x"),
        ]
    );
}
