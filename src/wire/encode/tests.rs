//! Tests of the encoder: both layouts as recorded, runtimes, folded line
//! breaks, numbers, and the reservation the output never outgrows.

use super::*;
use std::time::Duration;

#[test]
fn matches_the_sdk_fixture_shape() {
    let mut response = Response::ok().with("SESSION", "abc");
    response.runtime = Duration::from_millis(169);
    assert_eq!(
        encode(&response),
        "[RESPONSE]\r\nPROPERTY[SESSION][0]=abc\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=0.169\r\nEOF\r\n"
    );
}

#[test]
fn writes_the_runtime_in_seconds_with_three_decimals_rounded_down() {
    let cases = [
        (0, "0.000"),
        (5_999, "0.005"),
        (999_999, "0.999"),
        (1_000_000, "1.000"),
        (12_040_000, "12.040"),
    ];
    for (micros, shown) in cases {
        let mut response = Response::ok();
        response.runtime = Duration::from_micros(micros);
        let text = encode(&response);
        assert!(text.contains(&format!("\r\nRUNTIME={shown}\r\n")), "{text}");
    }
}

/// The recorded OT&E bytes of cnr-dialect.md A.2.6, rebuilt by pushing the
/// properties in wire order.
#[test]
fn writes_the_cnr_layout_as_recorded() {
    let mut response = Response::ok();
    response.dialect = Dialect::Cnr;
    response.runtime = Duration::from_millis(21);
    response
        .push_str("column", "domaincheck")
        .push_str("column", "domainchecktime");
    for _ in 0..2 {
        response
            .push_str("domaincheck", "211 Domain name not available")
            .push_str("domainchecktime", "0");
    }
    assert_eq!(
        encode(&response),
        "[RESPONSE]\ncode = 200\ndescription = Command completed successfully\nruntime = 0.021\nqueuetime = 0\nproperty[column][0] = domaincheck\nproperty[column][1] = domainchecktime\nproperty[domaincheck][0] = 211 Domain name not available\nproperty[domainchecktime][0] = 0\nproperty[domaincheck][1] = 211 Domain name not available\nproperty[domainchecktime][1] = 0\nEOF\n"
    );
    let refusal = Response::refusal(
        &crate::error::Error::UnknownParameter("LIMIT".into()),
        Dialect::Cnr,
    );
    assert_eq!(
        encode(&refusal),
        "[RESPONSE]\ncode = 503\ndescription = Invalid attribute name; LIMIT\nEOF\n"
    );
    let missing = Response::refusal(
        &crate::error::Error::ObjectNotFound("NAMESERVER ns1.example".into()),
        Dialect::Cnr,
    );
    assert_eq!(
        encode(&missing),
        "[RESPONSE]\ncode = 545\ndescription = Entity reference not found\nruntime = 0.000\nqueuetime = 0\nEOF\n"
    );
}

#[test]
fn writes_columns_in_index_order_and_pending() {
    let mut response = Response::ok().with("A", "1").with("B", "x").with("A", "2");
    response.pending = true;
    let text = encode(&response);
    assert!(text.contains("PROPERTY[A][0]=1\r\nPROPERTY[A][1]=2\r\nPROPERTY[B][0]=x\r\n"));
    assert!(text.contains("CODE=200\r\nPENDING=1\r\nQUEUETIME=0\r\n"));
}

/// The success texts are the general layout's for `200` and [`SUCCESS`].
#[test]
fn writes_a_success_as_any_answer() {
    let hexonet = format!("\r\nDESCRIPTION={SUCCESS}\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=");
    assert_eq!(HEXONET_SUCCESS, hexonet);
    assert_eq!(HEXONET_SUCCESS_AT_ONCE, hexonet + "0.000\r\nEOF\r\n");
    assert_eq!(
        CNR_SUCCESS,
        format!("[RESPONSE]\ncode = 200\ndescription = {SUCCESS}")
    );
    let mut copied = Response::ok();
    copied.description = SUCCESS.to_owned().into();
    assert!(succeeded(&Response::ok()) && succeeded(&copied));
    copied.code = 210;
    assert!(!succeeded(&copied));
}

#[test]
fn writes_numbers_of_any_width() {
    for number in [0, 7, 10, 99, 100, 12345, u64::MAX] {
        let mut out = String::new();
        push_number(&mut out, number);
        assert_eq!(out, number.to_string());
    }
}

#[test]
fn finds_a_line_break_start_anywhere_in_any_length() {
    for length in 0..80 {
        assert!(!may_break(&vec![b'a'; length]), "{length}");
        for at in 0..length {
            for byte in [b'\r', b'\n', 0xC2, 0xE2] {
                let mut bytes = vec![b'a'; length];
                bytes[at] = byte;
                assert!(may_break(&bytes), "{length} {at} {byte}");
            }
        }
    }
}

/// Every control and non-ASCII byte is counted, at any place in texts of
/// any length: across a block's lanes and past the 255 blocks after which
/// the lanes are summed (8,160 bytes).
#[test]
fn counts_every_unprintable_byte_in_any_length() {
    let naive = |bytes: &[u8]| {
        bytes
            .iter()
            .filter(|&&byte| !(0x20..0x80).contains(&byte))
            .count()
    };
    for length in (0..80).chain([8159, 8160, 8161, 8192, 16320, 16353, 40000]) {
        let mut bytes: Vec<u8> = (0..length).map(|at| b' ' + (at % 95) as u8).collect();
        assert_eq!(unprintable(&bytes), 0, "{length}");
        for (n, at) in (0..length).step_by(1 + length / 97).enumerate() {
            bytes[at] = [b'\r', b'\n', 0, 0x1F, 0x80, 0xC2, 0xE2, 0xFF][n % 8];
            assert_eq!(unprintable(&bytes), naive(&bytes), "{length} {at}");
        }
        // Every byte counted: all lanes of every block full, past the sum.
        let all = vec![b'\n'; length];
        assert_eq!(unprintable(&all), length, "{length}");
    }
}

/// The output is reserved once: no line layout outgrows [`size`].
#[test]
fn never_writes_more_than_it_reserved() {
    let mut response = Response::ok();
    for n in 0..120 {
        response.push("N", n).push_str("NOTE", "a\r\nb\u{2028}");
    }
    response.description = "a long description\r\nover two lines".into();
    response.pending = true;
    response.runtime = std::time::Duration::from_secs(u64::MAX);
    for dialect in [Dialect::Hexonet, Dialect::Cnr] {
        response.dialect = dialect;
        let line = match dialect {
            Dialect::Hexonet => HEXONET_LINE,
            Dialect::Cnr => CNR_LINE,
        };
        let text = encode(&response);
        assert!(text.len() <= size(&response, line), "{dialect:?}");
        assert!(text.capacity() == size(&response, line), "{dialect:?}");
    }
}

#[test]
fn keeps_every_value_on_one_line() {
    let response = Response::ok().with("NOTE", "a\r\nb\nc\u{2028}d\u{2029}e\u{85}f");
    assert!(encode(&response).contains("PROPERTY[NOTE][0]=a  b c d e f\r\n"));
}

/// Every index as its decimal text, around the widths (9, 10, 99, 100), in
/// both layouts; columns pushed value after value or interleaved, with
/// short, long (kept on the stack) and very long names (written in pieces).
#[test]
fn writes_every_index_of_every_column() {
    let long = "X".repeat(40);
    let longest = "Y".repeat(HEAD_ROOM);
    let names = ["A", "B", long.as_str(), longest.as_str()];
    let mut whole = Response::ok();
    let mut interleaved = Response::ok();
    for name in names {
        whole.push_column(
            Box::leak(name.to_owned().into_boxed_str()),
            (0..102).map(|_| "v"),
        );
    }
    for index in 0..102 {
        for name in names {
            interleaved.push_str(name.to_owned(), &format!("{index}"));
        }
    }
    for dialect in [Dialect::Hexonet, Dialect::Cnr] {
        for response in [&mut whole, &mut interleaved] {
            response.dialect = dialect;
            let expected: String = match dialect {
                Dialect::Hexonet => response
                    .lines()
                    .map(|(name, index, value)| format!("\r\nPROPERTY[{name}][{index}]={value}"))
                    .collect(),
                Dialect::Cnr => {
                    let mut lines = String::new();
                    response.each_as_pushed(|name, index, value| {
                        lines += &format!("\nproperty[{name}][{index}] = {value}");
                    });
                    lines
                }
            };
            let text = encode(response);
            assert!(text.contains(&expected), "{dialect:?}");
            for index in [0, 9, 10, 99, 100, 101] {
                let line = match dialect {
                    Dialect::Hexonet => format!("\r\nPROPERTY[A][{index}]="),
                    Dialect::Cnr => format!("\nproperty[A][{index}] = "),
                };
                assert!(text.contains(&line), "{dialect:?} {index}");
            }
        }
    }
}

#[test]
fn writes_indexes_digit_by_digit() {
    for index in [0, 1, 9, 10, 11, 42, 99, 100, 101, 12345] {
        let mut out = String::new();
        push_index(&mut out, index, "]=");
        assert_eq!(out, format!("{index}]="));
    }
}

#[test]
fn keeps_a_line_head_on_the_stack_when_it_fits() {
    assert_eq!(stack_head("A").as_deref(), Some("\r\nPROPERTY[A]["));
    let fits = "a".repeat(HEAD_ROOM - HEXONET_HEAD.len() - 2);
    let head = format!("{HEXONET_HEAD}{fits}][");
    assert_eq!(stack_head(&fits).as_deref(), Some(head.as_str()));
    assert_eq!(stack_head(&(fits + "a")), None);
}

#[test]
fn writes_hexonet_indexes_from_the_table_or_digit_by_digit() {
    assert_eq!(HEXONET_INDEXES.len(), 90 * 4);
    for index in [0, 1, 9, 10, 11, 42, 99, 100, 101, 12345] {
        let mut out = String::new();
        push_hexonet_index(&mut out, index);
        assert_eq!(out, format!("{index}]="));
    }
    for index in 10..100 {
        let at = (index - 10) * 4;
        assert_eq!(HEXONET_INDEXES[at..at + 4], format!("{index}]="));
    }
}

/// A long column's values are cut from the text one after the other; a
/// value of several bytes per character cuts the same.
#[test]
fn writes_a_long_column_of_any_text() {
    let values = ["é", "", "ab", "日本", "x\ny", "", "z"];
    let mut response = Response::ok();
    response.push_column("NOTE", values.iter().copied());
    let expected: String = (values.iter().enumerate())
        .map(|(index, value)| format!("\r\nPROPERTY[NOTE][{index}]={}", value.replace('\n', " ")))
        .collect();
    assert!(encode(&response).contains(&expected));
}

/// One push of [`built_both_ways`]'s answers.
#[derive(Debug, Clone)]
enum Push {
    Str(usize, String),
    Owned(usize, String),
    Row([String; 3]),
    Column(usize, Vec<String>),
}

const NAMES: [&str; 4] = [
    "A",
    "STATUS",
    "NAMESERVER",
    "X-LONG-FIELD-NAME-OF-SOME-LENGTH",
];

fn push() -> impl proptest::strategy::Strategy<Value = Push> {
    use proptest::prelude::*;
    // Plain text mostly, sometimes a line break, a control or a non-ASCII letter.
    let value = || {
        prop_oneof![
            12 => "[a-z0-9 .-]{0,12}",
            1 => "[a-z]{0,3}(\r|\n|\u{85}|\u{2028}|\u{2029}|\t|é|日)[a-z]{0,3}",
        ]
    };
    prop_oneof![
        (0..NAMES.len(), value()).prop_map(|(name, value)| Push::Str(name, value)),
        (0..NAMES.len(), value()).prop_map(|(name, value)| Push::Owned(name, value)),
        [value(), value(), value()].prop_map(Push::Row),
        (0..NAMES.len(), proptest::collection::vec(value(), 0..14))
            .prop_map(|(name, values)| Push::Column(name, values)),
    ]
}

/// The answer of `pushes`, built for `dialect`'s layout (`answer_in`).
fn built_for(dialect: Dialect, pushes: &[Push]) -> Response {
    const ROW: crate::wire::Row<3> = crate::wire::row!(["ID", "STATUS", "CREATED"]);
    crate::wire::answer_in(dialect);
    let mut response = Response::ok();
    crate::wire::answer_in(Dialect::Hexonet);
    for push in pushes {
        match push {
            Push::Str(name, value) => response.push_str(NAMES[*name], value),
            Push::Owned(name, value) => response.push_str(NAMES[*name].to_owned(), value),
            Push::Row([a, b, c]) => response.push_row(&ROW, [a, b, c]),
            Push::Column(name, values) => {
                response.push_column(NAMES[*name], values.iter().map(String::as_str))
            }
        };
    }
    response
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// An answer built with its HEXONET lines (`response.rs`) encodes to the
    /// same bytes as one built without them, in both layouts, whatever the
    /// order of its pushes (lines end at the first push back to an earlier
    /// column) and whatever its values hold; and each value is one line.
    #[test]
    fn lines_kept_while_building_change_no_byte(
        pushes in proptest::collection::vec(push(), 0..12),
    ) {
        let mut with = built_for(Dialect::Hexonet, &pushes);
        let mut without = built_for(Dialect::Cnr, &pushes);
        proptest::prop_assert_eq!(without.split_at_lines().1, 0);
        for dialect in [Dialect::Hexonet, Dialect::Cnr] {
            with.dialect = dialect;
            without.dialect = dialect;
            proptest::prop_assert_eq!(encode(&with), encode(&without));
        }
        with.dialect = Dialect::Hexonet;
        let expected: String = with
            .lines()
            .map(|(name, index, value)| {
                let value: String = value
                    .chars()
                    .map(|c| if LINE_BREAKS.contains(&c) { ' ' } else { c })
                    .collect();
                format!("\r\nPROPERTY[{name}][{index}]={value}")
            })
            .collect();
        let text = encode(&with);
        let head = format!("[RESPONSE]{expected}\r\nDESCRIPTION=");
        proptest::prop_assert!(text.starts_with(&head), "{text:?}");
        proptest::prop_assert_eq!(text.matches("\r\n").count(), with.line_count() + 6);
    }
}

/// While the pushes keep the HEXONET order the text is the lines as they
/// will be sent; a push back to an earlier column ends that, and the
/// encoder then writes the lines from the columns.
#[test]
fn keeps_lines_only_while_the_order_holds() {
    let mut response = Response::ok();
    response
        .push_str("A", "1")
        .push_str("A", "2")
        .push_str("B", "3");
    assert!(response.keeps_lines());
    assert_eq!(
        response.text,
        "\r\nPROPERTY[A][0]=1\r\nPROPERTY[A][1]=2\r\nPROPERTY[B][0]=3"
    );
    response.push_str("A", "4");
    assert!(!response.keeps_lines());
    assert!(encode(&response).starts_with(
        "[RESPONSE]\r\nPROPERTY[A][0]=1\r\nPROPERTY[A][1]=2\r\nPROPERTY[A][2]=4\r\nPROPERTY[B][0]=3\r\n"
    ));
}
