//! IP allow-lists of accounts and role users (protocol.md §6.2, `ALLOWEDIP<n>`):
//! their syntax (IPv4, IPv6, CIDR subnets), the check of one address, and how
//! a refusal shows the list. Owns no policy: `auth` decides which lists apply
//! and which address is checked.

use std::fmt;
use std::net::IpAddr;

use ipnet::IpNet;

use crate::error::{Error, Result};

/// Entries one list holds at most.
pub(super) const MAX_ENTRIES: usize = 1000;

/// Addresses and subnets a principal may log in from; empty means anywhere.
/// Besides the entries as sent, the list keeps them merged into sorted,
/// disjoint address ranges, so a check is a binary search however long
/// the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AllowList {
    #[serde(with = "crate::registry::serial::nets")]
    entries: Vec<IpNet>,
    v4: Vec<(u32, u32)>,
    v6: Vec<(u128, u128)>,
}

impl AllowList {
    /// Reads the `ALLOWEDIP<n>` values in index order: `(name, value)` pairs,
    /// empty values skipped, duplicates kept once. A malformed entry is a
    /// `505` naming its parameter; a subnet with host bits set names the
    /// network it probably meant.
    pub fn parse<'a>(entries: impl IntoIterator<Item = (String, &'a str)>) -> Result<AllowList> {
        let mut list = AllowList::default();
        for (name, value) in entries {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let net = entry(&name, value)?;
            list.add(net, &name)?;
        }
        Ok(list)
    }

    /// Appends the entries of `other` that are not in the list yet.
    pub fn extend(&mut self, other: &AllowList) -> Result<()> {
        for net in &other.entries {
            self.add(*net, "ALLOWEDIP")?;
        }
        Ok(())
    }

    fn add(&mut self, net: IpNet, name: &str) -> Result<()> {
        if self.entries.contains(&net) {
            return Ok(());
        }
        if self.entries.len() == MAX_ENTRIES {
            return Err(Error::invalid(
                name,
                format_args!("an allow-list holds at most {MAX_ENTRIES} entries"),
            ));
        }
        self.entries.push(net);
        match net {
            IpNet::V4(v4) => {
                let range = (u32::from(v4.network()), u32::from(v4.broadcast()));
                merge(&mut self.v4, range);
            }
            IpNet::V6(v6) => {
                let range = (u128::from(v6.network()), u128::from(v6.broadcast()));
                merge(&mut self.v6, range);
            }
        }
        Ok(())
    }

    /// Whether `address` may log in: the list is empty, or an entry holds it.
    /// An IPv4 address seen through an IPv6 socket (`::ffff:127.0.0.1`)
    /// counts as the IPv4 address.
    pub fn permits(&self, address: IpAddr) -> bool {
        if self.entries.is_empty() {
            return true;
        }
        match address.to_canonical() {
            IpAddr::V4(v4) => within(&self.v4, u32::from(v4)),
            IpAddr::V6(v6) => within(&self.v6, u128::from(v6)),
        }
    }

    /// The first entry of the list that `within` does not hold whole, as
    /// the Status commands show it; `None` when `within` holds them all.
    /// An empty `within` holds everything (it means anywhere); an empty
    /// list has no entry outside anything, so what an empty list means
    /// (anywhere) is the caller's to weigh.
    pub fn outside(&self, within: &AllowList) -> Option<String> {
        if within.is_empty() {
            return None;
        }
        let at = self.entries.iter().position(|net| match net {
            IpNet::V4(v4) => {
                let range = (u32::from(v4.network()), u32::from(v4.broadcast()));
                !holds(&within.v4, range, |x| x.checked_add(1))
            }
            IpNet::V6(v6) => {
                let range = (u128::from(v6.network()), u128::from(v6.broadcast()));
                !holds(&within.v6, range, |x| x.checked_add(1))
            }
        })?;
        self.entries().nth(at)
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries as the Status commands show them: `10.0.0.1`, `10.0.0.0/8`.
    pub fn entries(&self) -> impl Iterator<Item = String> + '_ {
        self.entries.iter().map(|net| match net {
            IpNet::V4(v4) if v4.prefix_len() == 32 => v4.addr().to_string(),
            IpNet::V6(v6) if v6.prefix_len() == 128 => v6.addr().to_string(),
            net => net.to_string(),
        })
    }
}

/// The list in a refusal: its first five entries, then how many more.
impl fmt::Display for AllowList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 5;
        for (at, entry) in self.entries().take(SHOWN).enumerate() {
            if at > 0 {
                f.write_str(", ")?;
            }
            f.write_str(&entry)?;
        }
        if self.entries.len() > SHOWN {
            write!(f, " and {} more", self.entries.len() - SHOWN)?;
        }
        Ok(())
    }
}

/// Adds the inclusive range `(start, end)` to sorted, disjoint `ranges`,
/// merging it with the ranges it overlaps.
fn merge<T: Copy + Ord>(ranges: &mut Vec<(T, T)>, (mut start, mut end): (T, T)) {
    ranges.retain(|&(s, e)| {
        let apart = e < start || end < s;
        if !apart {
            start = start.min(s);
            end = end.max(e);
        }
        apart
    });
    let at = ranges.partition_point(|&(s, _)| s < start);
    ranges.insert(at, (start, end));
}

/// Whether `x` lies in one of the sorted, disjoint `ranges`.
fn within<T: Copy + Ord>(ranges: &[(T, T)], x: T) -> bool {
    let after = ranges.partition_point(|&(start, _)| start <= x);
    after > 0 && ranges[after - 1].1 >= x
}

/// Whether the sorted, disjoint `ranges` hold all of `(start, end)`: one
/// range, or a run of adjacent ones (`merge` keeps touching ranges apart,
/// so two /24 next to each other hold their /23). `next` is `x + 1`.
fn holds<T: Copy + Ord>(ranges: &[(T, T)], (start, end): (T, T), next: fn(T) -> Option<T>) -> bool {
    let at = ranges.partition_point(|&(s, _)| s <= start);
    let Some(&(_, mut reach)) = at.checked_sub(1).and_then(|at| ranges.get(at)) else {
        return false;
    };
    if reach < start {
        return false;
    }
    for &(s, e) in &ranges[at..] {
        if reach >= end || next(reach) != Some(s) {
            break;
        }
        reach = e;
    }
    reach >= end
}

fn entry(name: &str, value: &str) -> Result<IpNet> {
    if let Ok(address) = value.parse::<IpAddr>() {
        return Ok(IpNet::from(address.to_canonical()));
    }
    let net: IpNet = value.parse().map_err(|_| {
        Error::syntax_rule(
            name,
            value,
            "is not an IPv4 or IPv6 address or a CIDR subnet like 10.0.0.0/8",
        )
    })?;
    if net.trunc() != net {
        return Err(Error::syntax_rule(
            name,
            value,
            format_args!("has host bits set, did you mean {}", net.trunc()),
        ));
    }
    Ok(net)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(values: &[&str]) -> Result<AllowList> {
        AllowList::parse(
            values
                .iter()
                .enumerate()
                .map(|(at, value)| (format!("ALLOWEDIP{at}"), *value)),
        )
    }

    #[test]
    fn addresses_and_subnets_of_both_families() {
        let allowed = list(&["10.0.0.1", "192.168.0.0/16", "2001:db8::/32", ""]).unwrap();
        assert!(allowed.permits("10.0.0.1".parse().unwrap()));
        assert!(!allowed.permits("10.0.0.2".parse().unwrap()));
        assert!(allowed.permits("192.168.77.1".parse().unwrap()));
        assert!(allowed.permits("2001:db8:1::7".parse().unwrap()));
        assert!(!allowed.permits("2001:db9::1".parse().unwrap()));
        assert!(allowed.permits("::ffff:10.0.0.1".parse().unwrap()));
        assert_eq!(
            allowed.to_string(),
            "10.0.0.1, 192.168.0.0/16, 2001:db8::/32"
        );
        assert!(AllowList::default().permits("203.0.113.7".parse().unwrap()));
    }

    #[test]
    fn refuses_malformed_entries_naming_the_parameter() {
        let error = list(&["10.0.0.0/8", "10.0.0.1/8"]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Invalid attribute value syntax; ALLOWEDIP1: (10.0.0.1/8) has host bits set, did you mean 10.0.0.0/8"
        );
        let error = list(&["localhost"]).unwrap_err();
        assert!(
            error.to_string().contains("ALLOWEDIP0: (localhost)"),
            "{error}"
        );
    }

    #[test]
    fn overlapping_subnets_merge_without_changing_the_answer() {
        let allowed = list(&[
            "10.0.0.0/24",
            "10.0.1.0/24",
            "10.0.0.128/25",
            "10.0.3.7",
            "::1",
            "::/127",
        ])
        .unwrap();
        assert_eq!(
            allowed.v4,
            vec![
                (0x0a00_0000, 0x0a00_00ff),
                (0x0a00_0100, 0x0a00_01ff),
                (0x0a00_0307, 0x0a00_0307)
            ]
        );
        assert_eq!(allowed.v6, vec![(0, 1)]);
        for (address, expected) in [
            ("10.0.1.255", true),
            ("10.0.2.0", false),
            ("10.0.3.7", true),
            ("10.0.3.8", false),
            ("9.255.255.255", false),
            ("::1", true),
            ("::2", false),
        ] {
            assert_eq!(
                allowed.permits(address.parse().unwrap()),
                expected,
                "{address}"
            );
        }
        assert_eq!(allowed.entries().count(), 6, "the entries stay as sent");
    }

    proptest::proptest! {
        #[test]
        fn the_ranges_answer_as_the_entries_do(
            nets in proptest::collection::vec((0u32..64, 24u8..=32), 1..20),
            probes in proptest::collection::vec(0u32..64, 1..20),
        ) {
            let base = u32::from(std::net::Ipv4Addr::new(10, 0, 0, 0));
            let texts: Vec<String> = nets
                .iter()
                .map(|(n, len)| {
                    let net = ipnet::Ipv4Net::new((base + n * 7).into(), *len).unwrap().trunc();
                    net.to_string()
                })
                .collect();
            let values: Vec<&str> = texts.iter().map(String::as_str).collect();
            let allowed = list(&values).unwrap();
            for probe in probes {
                let address: IpAddr = std::net::Ipv4Addr::from(base + probe * 5).into();
                let naive = allowed.entries.iter().any(|net| net.contains(&address));
                proptest::prop_assert_eq!(allowed.permits(address), naive, "{} in {:?}", address, texts);
            }
        }
    }

    #[test]
    fn outside_names_the_first_entry_not_held_whole() {
        let within = list(&["10.0.0.0/24", "10.0.1.0/24", "2001:db8::/32"]).unwrap();
        let inside = list(&["10.0.0.7", "10.0.0.128/25", "2001:db8:1::/48"]).unwrap();
        assert_eq!(inside.outside(&within), None);
        let merged = list(&["10.0.0.0/23"]).unwrap();
        assert_eq!(merged.outside(&within), None, "two merged /24 hold a /23");
        let gap = list(&["10.0.0.0/24", "10.0.2.0/24"]).unwrap();
        assert_eq!(
            list(&["10.0.0.0/22"]).unwrap().outside(&gap).as_deref(),
            Some("10.0.0.0/22")
        );
        let wider = list(&["10.0.0.1", "10.0.0.0/16", "10.9.0.1"]).unwrap();
        assert_eq!(wider.outside(&within).as_deref(), Some("10.0.0.0/16"));
        assert_eq!(within.outside(&AllowList::default()), None);
        assert_eq!(AllowList::default().outside(&within), None, "no entries");
    }

    proptest::proptest! {
        #[test]
        fn outside_answers_as_the_addresses_do(
            nets in proptest::collection::vec((0u32..64, 26u8..=32), 1..12),
            probe in (0u32..64, 24u8..=32),
        ) {
            let base = u32::from(std::net::Ipv4Addr::new(10, 0, 0, 0));
            let net = |(n, len): (u32, u8)| {
                ipnet::Ipv4Net::new((base + n * 4).into(), len).unwrap().trunc().to_string()
            };
            let texts: Vec<String> = nets.iter().copied().map(net).collect();
            let within = list(&texts.iter().map(String::as_str).collect::<Vec<_>>()).unwrap();
            let probe = net(probe);
            let one = list(&[probe.as_str()]).unwrap();
            let naive = one.entries[0].hosts().chain([one.entries[0].network(), one.entries[0].broadcast()])
                .all(|address| within.permits(address));
            proptest::prop_assert_eq!(one.outside(&within).is_none(), naive, "{} in {:?}", probe, texts);
        }
    }

    #[test]
    fn shows_five_entries_then_a_count() {
        let values: Vec<String> = (1..=7).map(|n| format!("10.0.0.{n}")).collect();
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        assert_eq!(
            list(&values).unwrap().to_string(),
            "10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4, 10.0.0.5 and 2 more"
        );
    }
}
