//! The CentralNic Reseller domain tags (cnr-commands.md §1, §2, §3, §8; the
//! KB's tags page): the holder's own labels on a domain, set by AddDomain's
//! `DOMAINTAG#`/`ADDDOMAINTAG#`, changed by ModifyDomain's set-style
//! `DOMAINTAG#` with `ADDDOMAINTAG#`/`DELDOMAINTAG#`, shown by StatusDomain
//! (`domaintag[n]`) and QueryDomainList (the `domaintags` column and the
//! `DOMAINTAG#` filter). Reads parameters and domains; the tags are kept on
//! the domain (`Domain::tags`), written by the commands' own changes.

use super::super::Args;
use super::super::domain::shared::{ListChange, read_list};
use crate::error::{Error, Result};
use crate::registry::Domain;

/// The longest tag (the KB: TEXT, 0 to 4095 characters).
const MAX_TAG: usize = 4095;

/// The tags of `STEM0..n` in index order: an empty value is no tag (as an
/// empty parameter is not given, cnr-commands.md §0.2), a repeated one
/// counts once, one over 4,095 characters is `541`.
fn read_tags(args: &mut Args<'_>, stem: &str) -> Result<Vec<String>> {
    let mut tags: Vec<String> = Vec::new();
    for (index, tag) in args.list(stem) {
        let length = tag.chars().count();
        if length > MAX_TAG {
            return Err(Error::invalid(
                &format!("{stem}{index}"),
                format_args!("a tag has at most {MAX_TAG} characters, this one {length}"),
            ));
        }
        if !tag.is_empty() && !tags.iter().any(|known| known == tag) {
            tags.push(tag.to_owned());
        }
    }
    Ok(tags)
}

/// AddDomain's tags: `DOMAINTAG#` and `ADDDOMAINTAG#` alike.
pub(super) fn read_new_tags(args: &mut Args<'_>) -> Result<Vec<String>> {
    let mut tags = read_tags(args, "DOMAINTAG")?;
    for tag in read_tags(args, "ADDDOMAINTAG")? {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    Ok(tags)
}

/// ModifyDomain's change: `DOMAINTAG#` replaces the tags (when any slot
/// came, so `DOMAINTAG0=` alone removes them all), then `DELDOMAINTAG#`
/// removes and `ADDDOMAINTAG#` adds, as the other set-style lists.
pub(super) fn read_tag_change(args: &mut Args<'_>) -> Result<ListChange<String>> {
    read_list(args, "DOMAINTAG", read_tags)
}

/// QueryDomainList's `DOMAINTAG#` filter: the tags a listed domain must all
/// have (ASCII case ignored, as the list's other filters ignore it).
pub(super) fn read_tag_filter(args: &mut Args<'_>) -> Result<Vec<String>> {
    read_tags(args, "DOMAINTAG")
}

/// Whether `domain` has every tag of `wanted`.
pub(super) fn tagged(domain: &Domain, wanted: &[String]) -> bool {
    wanted.iter().all(|tag| {
        domain
            .tags()
            .iter()
            .any(|has| has.eq_ignore_ascii_case(tag))
    })
}

/// The `domaintags` cell of a wide list row: the tags joined with `,`, as
/// the TYPE=ALL columns join their values.
pub(super) fn cell(domain: &Domain) -> String {
    domain.tags().join(",")
}
