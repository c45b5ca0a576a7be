//! The contact [`Role`]s of a domain and [`Contacts`], its handles per role
//! kept compact (issue 7's heap per domain): one boxed list of handles and
//! where each role's run ends, or a single handle when all four roles use
//! the same one (most domains). `contacts[role.index()]` is a role's slice.

use std::ops::Index;

/// The four contact roles of a domain, in the order responses list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Owner,
    Admin,
    Tech,
    Billing,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Owner, Role::Admin, Role::Tech, Role::Billing];

    /// The parameter and property stem: `OWNERCONTACT`, `ADMINCONTACT`, ...
    pub const fn parameter(self) -> &'static str {
        match self {
            Role::Owner => "OWNERCONTACT",
            Role::Admin => "ADMINCONTACT",
            Role::Tech => "TECHCONTACT",
            Role::Billing => "BILLINGCONTACT",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The indexes a request may give this role's parameter: `OWNERCONTACT0`
    /// only, `ADMINCONTACT0`..`2` and so on (the zone's own limits are
    /// checked separately).
    pub fn slots(self) -> std::ops::RangeInclusive<usize> {
        match self {
            Role::Owner => 0..=0,
            _ => 0..=2,
        }
    }
}

/// Contact handles per role, in request order within a role.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Contacts {
    /// The roles' runs one after the other, or the one shared handle.
    handles: Box<[Box<str>]>,
    /// Where each role's run ends in `handles`; [`SHARED`] when every role
    /// is `handles` (one handle).
    ends: [u8; 4],
}

/// `Contacts::ends` when all four roles are the same single handle.
const SHARED: [u8; 4] = [u8::MAX; 4];

impl Contacts {
    /// The handles of `role`.
    pub fn get(&self, role: Role) -> &[Box<str>] {
        &self[role.index()]
    }

    /// Every role's handles, role by role (a handle once per role using it).
    pub fn all(&self) -> impl Iterator<Item = &str> {
        Role::ALL
            .into_iter()
            .flat_map(|role| self.get(role).iter().map(|handle| &**handle))
    }

    /// The lists per role, as owned strings.
    pub fn to_lists(&self) -> [Vec<String>; 4] {
        Role::ALL.map(|role| self.get(role).iter().map(|h| h.to_string()).collect())
    }

    /// Replaces the handles of `role`.
    pub fn set(&mut self, role: Role, handles: Vec<String>) {
        let mut lists = self.to_lists();
        lists[role.index()] = handles;
        *self = Contacts::from(lists);
    }
}

impl From<[Vec<String>; 4]> for Contacts {
    fn from(lists: [Vec<String>; 4]) -> Contacts {
        let first = &lists[0];
        if first.len() == 1 && lists.iter().all(|list| list == first) {
            let [mut owner, ..] = lists;
            let handle = owner.pop().expect("one handle").into_boxed_str();
            return Contacts {
                handles: Box::new([handle]),
                ends: SHARED,
            };
        }
        let mut ends = [0; 4];
        let mut handles = Vec::with_capacity(lists.iter().map(Vec::len).sum());
        for (end, list) in ends.iter_mut().zip(lists) {
            handles.extend(list.into_iter().map(String::into_boxed_str));
            *end = u8::try_from(handles.len()).expect("at most a few handles per role");
        }
        Contacts {
            handles: handles.into_boxed_slice(),
            ends,
        }
    }
}

impl Index<usize> for Contacts {
    type Output = [Box<str>];

    /// The handles of the role with this index (`Role::index`).
    fn index(&self, role: usize) -> &[Box<str>] {
        if self.ends == SHARED {
            return &self.handles;
        }
        let start = role.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.handles[usize::from(start)..usize::from(self.ends[role])]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(roles: [&[&str]; 4]) -> [Vec<String>; 4] {
        roles.map(|handles| handles.iter().map(|h| h.to_string()).collect())
    }

    #[test]
    fn reads_back_what_was_stored_shared_or_not() {
        for roles in [
            [&["P-A"][..], &["P-A"], &["P-A"], &["P-A"]],
            [&["P-A"][..], &["P-B", "P-C"], &[], &["P-A"]],
            [&[][..], &[], &[], &[]],
            [&["P-A"][..], &["P-A"], &["P-A"], &[]],
        ] {
            let contacts = Contacts::from(lists(roles));
            assert_eq!(contacts.to_lists(), lists(roles));
            assert_eq!(
                contacts.all().count(),
                roles.iter().map(|r| r.len()).sum::<usize>()
            );
        }
        let mut contacts = Contacts::from(lists([&["P-A"], &["P-A"], &["P-A"], &["P-A"]]));
        assert_eq!(contacts.handles.len(), 1);
        contacts.set(Role::Tech, vec!["P-T".into()]);
        assert_eq!(&*contacts[Role::Tech.index()][0], "P-T");
        assert_eq!(&*contacts.get(Role::Owner)[0], "P-A");
    }
}
