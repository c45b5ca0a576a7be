//! The subuser view: HEXONET `s_user` (a space-separated chain, each id in
//! the subtree of the one before, the first in the principal's account's) and
//! CNR `SUBUSER=<uid>`. Decides whose data a request acts on; owns
//! `Caller::owner`. Must not authenticate or change anything.

use super::Caller;
use crate::error::{Error, Result};
use crate::registry::System;

impl Caller {
    /// The account whose objects the request acts on: the view when one was
    /// chosen, else the principal's own account.
    pub fn owner(&self) -> &str {
        self.view.as_deref().unwrap_or(&self.principal.account)
    }
}

/// Resolves a view `chain` sent as `field` (`s_user` or `SUBUSER`) for the
/// principal's `account`: `None` when absent or naming the account itself.
/// Unknown, foreign, upward and sideways ids get the same refusal, so a
/// tester learns nothing about other resellers' trees.
pub fn resolve(
    system: &System,
    account: &str,
    chain: Option<&str>,
    field: &str,
) -> Result<Option<String>> {
    let Some(chain) = chain else {
        return Ok(None);
    };
    let mut view = account;
    for id in chain.split_whitespace() {
        if !system.in_subtree(view, id) {
            return Err(Error::AuthorizationFailed(format!(
                "{field} {id} is not {view} or one of its subusers"
            )));
        }
        view = id;
    }
    Ok((view != account).then(|| view.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{Entity, Registry};

    #[test]
    fn chains_go_down_only_and_refuse_foreign_ids_alike() {
        let registry = Registry::new(1);
        let system = registry.system(Entity::Ote);
        assert_eq!(resolve(system, "test.user", None, "s_user"), Ok(None));
        assert_eq!(
            resolve(system, "test.user", Some("test.user"), "s_user"),
            Ok(None)
        );
        let refusal = |id: &str, of: &str| {
            Err(Error::AuthorizationFailed(format!(
                "s_user {id} is not {of} or one of its subusers"
            )))
        };
        assert_eq!(
            resolve(system, "test.user", Some("test.user2"), "s_user"),
            refusal("test.user2", "test.user")
        );
        assert_eq!(
            resolve(system, "test.user", Some("nobody"), "s_user"),
            refusal("nobody", "test.user")
        );
    }
}
