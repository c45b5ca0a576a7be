//! Finding a command table's row by its wire name, ignoring case, on every
//! request: a slot table built once per command table, indexed by a
//! case-blind hash of the name's length and its first and last eight bytes,
//! whose candidates are compared as sent first (the SDKs send the table's
//! spelling) and then ignoring case. No lower-cased copy and no general
//! hasher: about a quarter of the instructions of the hash map it replaced.
//! Knows the table's names only, not what a command does.

use std::sync::OnceLock;

use super::Command;
use crate::registry::same_id;

/// Slots of a table's index: a power of two at least four times the rows.
const SLOTS: usize = 1024;

/// A command table's index, built on first use: each slot holds a row's
/// index plus one, 0 when empty (linear probing).
pub(super) type CommandIndex = OnceLock<Box<[u16; SLOTS]>>;

/// Where in `table` the row named `name` (ignoring case) is, through its `index`.
pub(super) fn position(
    table: &'static [Command],
    index: &CommandIndex,
    name: &str,
) -> Option<usize> {
    let slots = index.get_or_init(|| build(table));
    let name = name.as_bytes();
    let mut at = slot(name);
    loop {
        let row = usize::from(slots[at]).checked_sub(1)?;
        let known = table[row].name.as_bytes();
        if same_id(known, name) || known.eq_ignore_ascii_case(name) {
            return Some(row);
        }
        at = (at + 1) % SLOTS;
    }
}

fn build(table: &[Command]) -> Box<[u16; SLOTS]> {
    assert!(
        table.len() * 4 <= SLOTS,
        "a command table outgrew its index"
    );
    let mut slots = Box::new([0u16; SLOTS]);
    for (row, command) in table.iter().enumerate() {
        let mut at = slot(command.name.as_bytes());
        while slots[at] != 0 {
            at = (at + 1) % SLOTS;
        }
        slots[at] = u16::try_from(row + 1).expect("fewer rows than slots");
    }
    slots
}

/// The first slot to probe for `name`: the same for every spelling of it
/// (each byte's 0x20 bit is set before hashing, which folds ASCII case;
/// names that differ only there meet at the final comparison).
fn slot(name: &[u8]) -> usize {
    const FOLD: u64 = 0x2020_2020_2020_2020;
    let (head, tail) = match name.len() {
        8.. => (word(&name[..8]), word(&name[name.len() - 8..])),
        _ => {
            let mut padded = [0u8; 8];
            for (to, from) in padded.iter_mut().zip(name) {
                *to = *from;
            }
            let short = u64::from_le_bytes(padded);
            (short, short)
        }
    };
    let key = (head | FOLD) ^ (tail | FOLD).rotate_left(29) ^ name.len() as u64;
    // Fibonacci hashing: the top bits of the product.
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS.trailing_zeros())) as usize
}

fn word(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(bytes);
    u64::from_le_bytes(word)
}

#[cfg(test)]
mod tests {
    use super::super::{COMMANDS, cnr::CNR_COMMANDS};
    use super::*;

    #[test]
    fn every_row_is_found_in_any_case_and_nothing_else() {
        for table in [COMMANDS, CNR_COMMANDS] {
            let index = CommandIndex::new();
            for (row, command) in table.iter().enumerate() {
                for name in [
                    command.name.to_owned(),
                    command.name.to_lowercase(),
                    command.name.to_uppercase(),
                ] {
                    assert_eq!(position(table, &index, &name), Some(row), "{name}");
                }
                // One byte more or less finds the row so named, if any.
                let longer = format!("{}s", command.name);
                let shorter = &command.name[..command.name.len() - 1];
                for near in [longer.as_str(), shorter] {
                    let named = table.iter().position(|c| c.name.eq_ignore_ascii_case(near));
                    assert_eq!(position(table, &index, near), named, "{near}");
                }
            }
            for name in [
                "",
                "x",
                "gregergege",
                "Status_Account",
                "StatusAccoun\u{e9}",
            ] {
                assert_eq!(position(table, &index, name), None, "{name}");
            }
        }
    }
}
