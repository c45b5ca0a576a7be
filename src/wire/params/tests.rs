//! Tests of [`Params`]: order, replacement in place, and lookups below
//! and past the scan limit, whatever was reserved.

use super::*;

fn numbered(n: usize) -> Params {
    (0..n)
        .map(|i| (format!("K{i}").into(), format!("v{i}").into()))
        .collect()
}

#[test]
fn a_later_value_replaces_the_earlier_one_in_its_place() {
    for n in [3, SCAN, SCAN + 1, 40] {
        let mut params = numbered(n);
        assert_eq!(
            params.insert("K1".into(), "new".into()).as_deref(),
            Some("v1")
        );
        assert_eq!(params.len(), n);
        assert_eq!(
            params.get_full("K1").map(|(at, _, v)| (at, v.as_str())),
            Some((1, "new"))
        );
        let keys: Vec<&str> = params.keys().map(Text::as_str).collect();
        assert_eq!(keys[0], "K0");
        assert_eq!(keys[n - 1], format!("K{}", n - 1));
    }
}

#[test]
fn every_key_is_found_below_and_above_the_scan_limit() {
    for n in [0, 1, SCAN - 1, SCAN, SCAN + 1, 100] {
        let params = numbered(n);
        assert_eq!(params.index.is_some(), n > SCAN, "{n} entries");
        for i in 0..n {
            assert_eq!(params.get_index_of(&format!("K{i}")), Some(i));
            assert_eq!(
                params.get(&format!("K{i}")).map(Text::as_str),
                Some(&*format!("v{i}"))
            );
        }
        assert!(!params.contains_key("K"));
        assert!(!params.contains_key(&format!("K{n}")));
        assert_eq!(params.iter().len(), n);
    }
}

#[test]
fn entries_keep_their_order_past_the_ones_held_in_place() {
    for reserved in [0, 1, INLINE, INLINE + 1, 20] {
        for n in [INLINE - 1, INLINE, INLINE + 1, 2 * INLINE + 1] {
            let mut params = Params::new();
            params.reserve(reserved);
            for i in 0..n {
                params.insert(format!("K{i}").into(), format!("v{i}").into());
            }
            let keys: Vec<String> = params.keys().map(|key| key.to_string()).collect();
            let expected: Vec<String> = (0..n).map(|i| format!("K{i}")).collect();
            assert_eq!(keys, expected, "{n} entries, {reserved} reserved");
            assert_eq!(
                params.get_index(n - 1).map(|(_, v)| v.as_str()),
                Some(&*format!("v{}", n - 1))
            );
            assert!(params.clone() == params);
        }
    }
}

#[test]
fn keys_alike_but_in_the_middle_are_told_apart_past_any_reserve() {
    // Same length, same first and last eight bytes (or, up to 16 bytes,
    // all but the middle ones; up to 7, all but one); every hundredth
    // key sent twice, its later value in its first place.
    let shapes: [fn(usize) -> String; 4] = [
        |i| format!("OWNERCONTACT{i:03}FIRSTNAME"),
        |i| format!("NAMES{i:03}ERVER"),
        |i| format!("NAMESER{i:03}"),
        |i| format!("D{i:03}"),
    ];
    for (key, reserved) in shapes
        .iter()
        .flat_map(|key| [0, 4, 30, 300].map(|n| (key, n)))
    {
        let mut params = Params::new();
        params.reserve(reserved);
        for i in 0..300 {
            assert_eq!(params.insert(key(i).into(), "a".into()), None);
            if i % 100 == 99 {
                let again = params.insert(key(i - 90).into(), format!("b{i}").into());
                assert_eq!(again.as_deref(), Some("a"), "{i}");
            }
        }
        assert_eq!(params.len(), 300);
        for i in 0..300 {
            let expected = if i % 100 == 9 {
                format!("b{}", i + 90)
            } else {
                "a".into()
            };
            assert_eq!(
                params
                    .get_full(&key(i))
                    .map(|(at, _, v)| (at, v.to_string())),
                Some((i, expected)),
                "{reserved} reserved"
            );
        }
        assert!(!params.contains_key(&key(300)));
    }
}

#[test]
fn maps_compare_equal_whatever_their_order() {
    let map = |pairs: &[(&str, &str)]| -> Params {
        pairs.iter().map(|&(k, v)| (k.into(), v.into())).collect()
    };
    let forward = map(&[("A", "1"), ("B", "2")]);
    let backward = map(&[("B", "2"), ("A", "1")]);
    let other = map(&[("B", "2"), ("A", "3")]);
    assert!(forward == backward);
    assert!(forward != other);
    assert!(forward != numbered(2));
}
