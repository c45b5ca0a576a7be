//! `Args`'s tests: typed getters, lists, X- fields and `finish`.

use super::*;

#[test]
fn finish_names_the_first_unread_parameter_below_and_beyond_64() {
    for count in [3, 63, 64, 70] {
        let names: Vec<String> = (0..count).map(|n| format!("P{n}")).collect();
        let pairs: Vec<(&str, &str)> = std::iter::once(("COMMAND", "X"))
            .chain(names.iter().map(|name| (name.as_str(), "v")))
            .collect();
        let map = params(&pairs);
        let mut args = Args::new(&map);
        let last = count - 1;
        for name in &names[..last] {
            assert_eq!(args.optional(name), Some("v"));
        }
        let unread = format!("P{last}");
        assert!(
            matches!(args.finish(), Err(Error::UnknownParameter(name)) if name == unread),
            "{count}"
        );
        assert_eq!(args.optional(&unread), Some("v"));
        assert!(args.finish().is_ok(), "{count}");
    }
}

#[test]
fn typed_getters_name_the_parameter_in_their_errors() {
    let map = params(&[
        ("COMMAND", "X"),
        ("TIMEOUT", "abc"),
        ("MAXTTL", "30"),
        ("EMPTY", ""),
    ]);
    let mut args = Args::new(&map);
    assert_eq!(
        args.required("MISSING"),
        Err(Error::MissingParameter("MISSING".into()))
    );
    assert_eq!(
        args.required("EMPTY"),
        Err(Error::MissingParameter("EMPTY".into()))
    );
    assert_eq!(
        args.parsed::<u64>("TIMEOUT").unwrap_err().to_string(),
        "Invalid attribute value syntax; TIMEOUT: (abc)"
    );
    assert_eq!(
        args.int_in("MAXTTL", 60..=86_400).unwrap_err().to_string(),
        "Invalid attribute value; MAXTTL: 30 is outside 60..86400"
    );
    assert_eq!(args.finish(), Ok(()));
}

#[test]
fn reads_flattened_lists_in_index_order() {
    let map = params(&[
        ("NAMESERVER10", "k.example"),
        ("NAMESERVER1", "b.example"),
        ("NAMESERVER0", "a.example"),
        ("NAMESERVER2", ""),
        ("NAMESERVERX", "?"),
        ("X-FOO", "1"),
    ]);
    let mut args = Args::new(&map);
    assert_eq!(args.count(), 6);
    assert_eq!(
        args.values("NAMESERVER"),
        ["a.example", "b.example", "k.example"]
    );
    assert_eq!(args.unread_with_prefix("X-"), [("X-FOO", "1")]);
    assert_eq!(
        args.finish(),
        Err(Error::UnknownParameter("NAMESERVERX".into()))
    );
}

#[test]
fn field_names_that_could_forge_a_line_are_left_for_finish_to_refuse() {
    let params: Params = [
        ("X-A\r\nCODE=549".into(), "1".into()),
        ("X-{DOMAIN}".into(), "1".into()),
        ("X-".into(), "1".into()),
        ("X-GOOD_ONE-2".into(), "1".into()),
    ]
    .into_iter()
    .collect();
    let mut args = Args::new(&params);
    assert_eq!(args.unread_with_prefix("X-"), [("X-GOOD_ONE-2", "1")]);
    // The name as sent: the encoder folds its line breaks into blanks.
    assert_eq!(
        args.finish().unwrap_err().to_string(),
        "Invalid attribute name; X-A\r\nCODE=549"
    );
    let many: Params = (0..=MAX_FIELDS)
        .map(|n| (format!("X-F{n}").into(), "1".into()))
        .collect();
    let mut args = Args::new(&many);
    assert_eq!(args.unread_with_prefix("X-").len(), MAX_FIELDS);
    assert!(args.finish().is_err());
}

#[test]
fn finish_rejects_the_first_unread_parameter() {
    let map = params(&[
        ("COMMAND", "X"),
        ("TYPE", "API"),
        ("FOO", "1"),
        ("BAR", "2"),
    ]);
    let mut args = Args::new(&map);
    assert_eq!(args.optional("TYPE"), Some("API"));
    assert_eq!(args.finish(), Err(Error::UnknownParameter("FOO".into())));
}
