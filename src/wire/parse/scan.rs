//! Finding the first of a few bytes in request text eight bytes at a time
//! (SWAR: one `u64` word per step, no `unsafe`, no SIMD intrinsics). Owns only
//! the byte search; what the bytes mean is `parse.rs`'s (and, for `find`,
//! the other places of the crate that look for a separator in a login).
//!
//! A byte-by-byte loop was about eight instructions per byte, and every
//! request's body is scanned for `&`, `=`, `%` and `+`: a quarter of parsing
//! a one-name CheckDomains (issue 14). A word step tests eight bytes against
//! each wanted byte with four operations.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` that equals `byte`, and possibly of
/// bytes above a match (a borrow carried on): so only the lowest one counts.
#[inline(always)]
fn equal_bytes(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The position of the first byte of `bytes` that is one of `set`.
#[inline(always)]
pub(crate) fn find<const N: usize>(bytes: &[u8], set: [u8; N]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_le_bytes(word);
        let found = set
            .iter()
            .fold(0, |found, &byte| found | equal_bytes(word, byte));
        if found != 0 {
            // The lowest flagged byte is a real match (see `equal_bytes`).
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = chunks.remainder();
    rest.iter()
        .position(|byte| set.contains(byte))
        .map(|found| at + found)
}

/// The high bit of each byte of `word` that is an ASCII lower-case letter,
/// exactly: each byte's low seven bits plus a constant cannot carry into the
/// next byte, and bytes with their high bit set are left out.
#[inline(always)]
fn lowercase_bytes(word: u64) -> u64 {
    let low = word & !HIGHS;
    let from_a = low + ONES * u64::from(0x80 - b'a');
    let past_z = low + ONES * u64::from(0x80 - b'z' - 1);
    from_a & !past_z & !word & HIGHS
}

/// Whether `bytes` holds an ASCII lower-case letter, eight bytes at a time
/// (parameter keys are upper-cased, and nearly all come upper-case already).
#[inline(always)]
pub(super) fn has_lowercase(bytes: &[u8]) -> bool {
    let Some(last) = bytes.len().checked_sub(8) else {
        if let Some(last) = bytes.len().checked_sub(4) {
            // Four to seven bytes as two overlapping halves of a word.
            let half = |at: usize| {
                bytes
                    .get(at..at + 4)
                    .and_then(|half| <[u8; 4]>::try_from(half).ok())
                    .map_or(0, u32::from_le_bytes)
            };
            let word = u64::from(half(0)) | (u64::from(half(last)) << 32);
            return lowercase_bytes(word) != 0;
        }
        // A short key as one word, padded with zeros (not letters).
        let word = bytes
            .iter()
            .rev()
            .fold(0, |word, &byte| (word << 8) | u64::from(byte));
        return lowercase_bytes(word) != 0;
    };
    let word = |chunk: &[u8]| <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
    // The whole words, then the last eight bytes (which may overlap them).
    bytes
        .chunks_exact(8)
        .any(|chunk| lowercase_bytes(word(chunk)) != 0)
        || lowercase_bytes(word(&bytes[last..])) != 0
}

/// Whether `bytes` holds a byte below 14 (the controls up to CR, LF among
/// them), eight bytes at a time: the cheap first test of a body for a raw
/// line break, which form encoders escape. Exact: a byte's borrow only
/// reaches the bytes above one that is below 14.
#[inline(always)]
pub(super) fn has_low_control(bytes: &[u8]) -> bool {
    const BELOW: u64 = ONES * 14;
    let mut chunks = bytes.chunks_exact(8);
    let found = chunks.by_ref().any(|chunk| {
        let word = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
        word.wrapping_sub(BELOW) & !word & HIGHS != 0
    });
    found || chunks.remainder().iter().any(|&byte| byte < 14)
}

#[cfg(test)]
mod tests {
    use super::{find, has_low_control, has_lowercase};

    #[test]
    fn finds_a_lowercase_letter_wherever_it_is() {
        // Every byte value at every position of keys of 0 to 20 bytes.
        for len in 0..=20 {
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut key = vec![b'K'; len];
                    key[at] = byte;
                    assert_eq!(has_lowercase(&key), byte.is_ascii_lowercase(), "{key:?}");
                }
            }
            assert!(!has_lowercase(&vec![b'Z'; len]));
        }
        assert!(!has_lowercase("DÖMÄIN0_@[`{".as_bytes()));
        assert!(has_lowercase("DÖMÄIN0_@[`{a".as_bytes()));
    }

    #[test]
    fn finds_a_low_control_byte_wherever_it_is() {
        for len in 0..=20 {
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut text = vec![b'a'; len];
                    text[at] = byte;
                    assert_eq!(has_low_control(&text), byte < 14, "{text:?}");
                }
            }
            assert!(!has_low_control(&vec![0xFF; len]));
        }
    }

    #[test]
    fn finds_the_first_wanted_byte_at_every_position() {
        for len in 0..40 {
            for wanted in 0..=len {
                // Bytes one above and below the wanted ones, to tempt a borrow.
                let mut bytes: Vec<u8> =
                    (0..len).map(|i| [b'$', b'\'', b'<', b'>'][i % 4]).collect();
                if wanted < len {
                    bytes[wanted] = b'=';
                    if wanted + 1 < len {
                        bytes[wanted + 1] = b'&';
                    }
                }
                let expected = (wanted < len).then_some(wanted);
                assert_eq!(
                    find(&bytes, [b'&', b'=', b'%', b'+']),
                    expected,
                    "{bytes:?}"
                );
                assert_eq!(find(&bytes, [b'%', b'+']), None, "{bytes:?}");
            }
        }
    }

    #[test]
    fn a_match_after_a_zero_borrow_is_still_the_first() {
        // 0x25 is `%`; 0x24 just below it borrows in the subtraction.
        let bytes = [0x24, 0x26, 0x2a, 0x2b, 0x00, 0x25, 0x01, 0x80, 0xff, 0x25];
        assert_eq!(find(&bytes, [b'+']), Some(3));
        assert_eq!(find(&bytes, [b'%']), Some(5));
        assert_eq!(find(&bytes[6..], [b'%']), Some(3));
        assert_eq!(find(&bytes, [0x80]), Some(7));
        assert_eq!(find(&bytes, [0xff]), Some(8));
    }
}
