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

/// A row gives the same columns and lines as a `push_str` per name,
/// whether its names are new, already columns, or share `seen` bits with
/// columns (the 300 names below fill most of the 512 bits).
#[test]
fn a_row_is_a_push_per_name() {
    const ROW: Row<4> = row!(["STATUS", "ID", "COLUMN7", "LAST"]);
    const NONE: [&str; 0] = [];
    const EMPTY: Row<0> = row!(NONE);
    let values = ["a", "", "c", "dd"];
    let before: [&[String]; 3] = [
        &[],
        &["ID".to_owned(), "X".to_owned()],
        &(0..300).map(|n| format!("COLUMN{n}")).collect::<Vec<_>>(),
    ];
    for names in before {
        let (mut rows, mut pushes) = (Response::ok(), Response::ok());
        for response in [&mut rows, &mut pushes] {
            for name in names {
                response.push_str(name.clone(), "0");
            }
        }
        rows.push_row(&ROW, values).push_row(&EMPTY, []);
        rows.push_str("ID", "again").push_row(&ROW, values);
        for _ in 0..2 {
            for (name, value) in ["STATUS", "ID", "COLUMN7", "LAST"].into_iter().zip(values) {
                pushes.push_str(name, value);
            }
            if pushes.line_count() < names.len() + 5 {
                pushes.push_str("ID", "again");
            }
        }
        let lines = |response: &Response| -> Vec<(String, usize, String)> {
            response
                .lines()
                .map(|(name, index, value)| (name.to_owned(), index, value.to_owned()))
                .collect()
        };
        assert_eq!(lines(&rows), lines(&pushes), "{}", names.len());
        // A row's line heads are what the encoder writes for a name.
        let encode = crate::wire::encode;
        assert_eq!(encode(&rows), encode(&pushes), "{}", names.len());
        let (mut a, mut b) = (Vec::new(), Vec::new());
        rows.each_as_pushed(|name, index, value| a.push(format!("{name}{index}{value}")));
        pushes.each_as_pushed(|name, index, value| b.push(format!("{name}{index}{value}")));
        assert_eq!(a, b);
    }
}

/// A row's line heads must be its own names' (`row!` makes them so).
#[test]
#[should_panic(expected = "line heads")]
fn a_row_refuses_the_heads_of_other_names() {
    const LINES: RowLines<1> = Row::lines_of(["ID"]);
    let _ = Row::new(["XY"], &LINES);
}

/// A column pushed whole is the same answer, in both layouts, as its values
/// pushed one by one, also when the column exists already.
#[test]
fn a_column_pushed_whole_encodes_as_its_values_pushed_one_by_one() {
    for dialect in [Dialect::Hexonet, Dialect::Cnr] {
        let (mut whole, mut each) = (Response::ok(), Response::ok());
        whole.dialect = dialect;
        each.dialect = dialect;
        let values = ["210 Domain name available", "211 taken", "", "x"];
        whole.push_str("DOMAINCHECK", "first");
        each.push_str("DOMAINCHECK", "first");
        whole.push_column("REASON", values.iter().copied());
        whole.push_column("DOMAINCHECK", values.iter().copied());
        whole.push_column("EMPTY", std::iter::empty());
        for value in values {
            each.push_str("REASON", value);
        }
        for value in values {
            each.push_str("DOMAINCHECK", value);
        }
        assert_eq!(crate::wire::encode(&whole), crate::wire::encode(&each));
        assert_eq!(whole.line_count(), 9);
    }
}

/// A column pushed whole leaves the same buffers as its values pushed one
/// by one (chains, counts, name bytes), new or already a column.
#[test]
fn a_column_pushed_whole_is_its_values_pushed_one_by_one() {
    let values = ["a", "", "bc", "d"];
    for taken in [0, 1, 4] {
        let (mut whole, mut each) = (Response::ok(), Response::ok());
        for response in [&mut whole, &mut each] {
            response.push_str("DOMAINCHECK", "first").push_str("X", "y");
        }
        whole.push_column("REASON", values[..taken].iter().copied());
        whole.push_column("DOMAINCHECK", values[..taken].iter().copied());
        for value in &values[..taken] {
            each.push_str("REASON", value);
        }
        for value in &values[..taken] {
            each.push_str("DOMAINCHECK", value);
        }
        assert!(whole == each, "{taken}: {whole:?} {each:?}");
        whole.push_str("DOMAINCHECK", "last");
        each.push_str("DOMAINCHECK", "last");
        assert!(whole == each, "{taken}");
    }
}
