//! Accounts on demand (issue 15, the admin API's `/_admin/accounts` and
//! `/_admin/reset`): a fresh top-level account like the demo ones, the
//! removal of an account with everything it and its subusers hold, the
//! reset of one account and of a whole system. Goes through each kind's own
//! remove functions so every index (`owned`, usage counts, `hosts_under`,
//! `contacts_by_data`, the clock queue) stays right; owns no table and must
//! not reach into another kind's storage (the object log and the events
//! have their own `forget_*` functions).

use super::{
    Account, Entity, Money, PasswordHash, Registry, System, Timestamp, User, catalogue, environment,
};

/// The reason a transfer of a removed account's domain fails with (the
/// gaining side's StatusDomainTransfer shows it).
pub const ACCOUNT_REMOVED: &str = "the losing account was removed from the sandbox";

/// What the admin API asks for when it creates an account; checked there
/// (syntax, ranges), except that the login must be free.
#[derive(Debug, Clone, Default)]
pub struct NewAccount {
    /// `None`: `ci-` and 8 lower-case letters or digits, drawn.
    pub login: Option<String>,
    /// `None`: 16 letters and digits, drawn.
    pub password: Option<String>,
    /// A currency [`environment::known_currency`] knows; `None`: EUR.
    pub currency: Option<&'static str>,
    /// `None`: the demo figures (100,000.00 and 10,000.00 EUR) converted.
    pub balance: Option<Money>,
    pub credit: Option<Money>,
}

/// A created account's credentials and figures, for the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub login: String,
    pub password: String,
    pub currency: &'static str,
    pub balance: Money,
    pub credit: Money,
}

impl System {
    /// Adds a top-level account as the demo ones are (VAT 19 %, the
    /// catalogue's prices in its currency, subusers and role users
    /// allowed), created at `now`; `None` when the login is taken.
    /// Generated logins and passwords come from the system's generator.
    pub fn create_account(&mut self, new: NewAccount, now: Timestamp) -> Option<Created> {
        let login = match new.login {
            Some(login) => login,
            None => loop {
                let drawn = format!("ci-{}", self.random_lower(8));
                if !self.users.contains_key(&drawn) {
                    break drawn;
                }
            },
        };
        if self.id_taken(&login) {
            return None;
        }
        let password = match new.password {
            Some(password) => password,
            None => self.random_code(16),
        };
        let currency = new.currency.unwrap_or("EUR");
        let demo = User::demo(&login, PasswordHash::new(&password, &mut self.rng));
        let converted = |amount: Money| catalogue::convert(amount, "EUR", currency);
        let balance = new
            .balance
            .or_else(|| converted(demo.account.amount))
            .unwrap_or(demo.account.amount);
        let credit = new
            .credit
            .or_else(|| converted(demo.account.credit))
            .unwrap_or(demo.account.credit);
        let user = User {
            created: now,
            updated: now,
            account: Account {
                amount: balance,
                credit,
                currency,
                ..demo.account.clone()
            },
            ..demo
        };
        self.origins.insert(login.clone(), user.clone());
        self.insert_user(login.clone(), user);
        Some(Created {
            login,
            password,
            currency,
            balance,
            credit,
        })
    }

    /// Removes the account `id` and every subuser below it, with all they
    /// hold ([`System::empty_account`]) and their sessions; `false` when
    /// there is no such account.
    pub fn remove_account(&mut self, id: &str, now: Timestamp) -> bool {
        if !self.users.contains_key(id) {
            return false;
        }
        let mut gone: Vec<String> = self
            .descendants(id)
            .into_iter()
            .map(str::to_owned)
            .collect();
        // Deepest first, the account itself last.
        gone.reverse();
        gone.push(id.to_owned());
        let mut freed = Vec::new();
        for account in &gone {
            freed.extend(self.empty_account(account, now));
        }
        self.end_sessions_of(&gone);
        for account in &gone {
            self.remove_user(account);
            self.origins.remove(account);
        }
        self.names_freed(&freed, now);
        true
    }

    /// Returns the account `id` to its starting state, keeping its login
    /// and password: everything it holds goes (as [`System::remove_account`]
    /// takes it, subusers too), its sessions end, and its balance, credit,
    /// currency, relations and settings are what they were when it was
    /// created (a demo account's: the demo ones). `false`: no such account.
    pub fn reset_account(&mut self, id: &str, now: Timestamp) -> bool {
        let Some(user) = self.users.get(id) else {
            return false;
        };
        let password = user.password.clone();
        let subusers: Vec<String> = self
            .descendants(id)
            .into_iter()
            .rev()
            .map(str::to_owned)
            .collect();
        let mut freed = Vec::new();
        for account in &subusers {
            freed.extend(self.empty_account(account, now));
        }
        freed.extend(self.empty_account(id, now));
        let mut ended = subusers.clone();
        ended.push(id.to_owned());
        self.end_sessions_of(&ended);
        for account in &subusers {
            self.remove_user(account);
            self.origins.remove(account);
        }
        let start = match self.origins.get(id) {
            Some(start) => start.clone(),
            None => User::demo(id, password.clone()),
        };
        self.set_quota(id, None);
        if let Some(user) = self.users.get_mut(id) {
            *user = User {
                password,
                index: user.index,
                ..start
            };
        }
        self.names_freed(&freed, now);
        true
    }

    /// Takes everything `id` holds out of the system through each kind's
    /// remove functions: pending transfers it requested (cancelled, the
    /// losing side told) or must answer (failed for the gaining side with
    /// [`ACCOUNT_REMOVED`]), pending trades of its domains, its domains (no
    /// restorable copy) and deleted domains, hosts, DNS zones, contacts,
    /// environment, role users, object log, events, applications and ledger. The account itself,
    /// its subusers and its sessions stay. Returns the domain names it
    /// freed (live and deleted), whose drop the caller makes
    /// ([`System::names_freed`]) once every account it empties is empty.
    #[must_use]
    pub fn empty_account(&mut self, id: &str, now: Timestamp) -> Vec<String> {
        let Some(owned) = self.owned.get(id) else {
            self.forget_private(id);
            return Vec::new();
        };
        let list = |set: &std::collections::BTreeSet<String>| -> Vec<String> {
            set.iter().cloned().collect()
        };
        let (transfers_in, transfers_out) = (list(&owned.transfers_in), list(&owned.transfers_out));
        let (domains, hosts) = (list(&owned.domains), list(&owned.hosts));
        let (zones, contacts) = (list(&owned.zones), list(&owned.contacts));
        for name in transfers_in {
            if let Some(transfer) = self.take_transfer(&name) {
                self.log_transfer_cancelled(&transfer, now);
            }
        }
        for name in transfers_out {
            if let Some(transfer) = self.take_transfer(&name) {
                self.fail_transfer(transfer, now, ACCOUNT_REMOVED);
            }
        }
        for name in &domains {
            self.take_trade(name);
            self.remove_domain(name);
        }
        // Deleted domains have no owner index: one pass over the deleted
        // list (an admin call, not a request of the API).
        let deleted: Vec<String> = self
            .deleted
            .iter()
            .filter(|(_, deleted)| deleted.domain.owner == id)
            .map(|(name, _)| name.clone())
            .collect();
        for name in &deleted {
            self.take_deleted_domain(name);
        }
        for name in hosts {
            self.remove_host(&name);
        }
        for name in zones {
            self.remove_zone(&name);
        }
        for handle in contacts {
            self.remove_contact(&handle);
        }
        self.owned.remove(id);
        self.forget_private(id);
        domains.into_iter().chain(deleted).collect()
    }

    /// The names a removed account held are free at `now`: each is a drop
    /// for the other accounts' backorders waiting on it.
    fn names_freed(&mut self, names: &[String], now: Timestamp) {
        for name in names {
            self.name_dropped(name, now);
        }
    }

    /// The account's own settings, role users, object log, events,
    /// applications, orders, registrant verifications, mails, ledger entries, issued invoices, TMCH marks and user classes
    /// (also DeleteUser's, `tree.rs`).
    pub(super) fn forget_private(&mut self, id: &str) {
        self.ledger.forget(id);
        self.invoices.forget(id);
        self.marks.forget(id);
        self.classes.forget(id);
        self.environment.remove(id);
        self.drop_roles(id);
        self.forget_log_of(id);
        self.forget_events_of(id);
        self.forget_applications_of(id);
        self.forget_orders_of(id);
        self.forget_verifications_of(id);
        self.forget_mail_of(id);
    }

    /// Ends every session of the accounts `ids` (their role users'
    /// included): one pass over the session table.
    fn end_sessions_of(&mut self, ids: &[String]) {
        let ended: Vec<String> = self
            .sessions
            .iter()
            .filter(|(_, session)| ids.iter().any(|id| *id == session.principal.account))
            .map(|(key, _)| key.clone())
            .collect();
        for key in ended {
            let _ = self.end_session(&key);
        }
    }

    /// `length` lower-case letters and digits from the system's generator
    /// (generated logins).
    fn random_lower(&mut self, length: usize) -> String {
        use rand_core::Rng;
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        (0..length)
            .map(|_| ALPHABET[(self.rng.next_u32() as usize) % ALPHABET.len()] as char)
            .collect()
    }
}

impl Registry {
    /// Returns the system `entity` to the demo state of start-up with
    /// `seed` (the server's): a fresh [`System`], its sessions gone and its
    /// sandbox clock at wall time again; the abuse limits stay.
    pub fn reset_system(&mut self, entity: Entity, seed: u64) {
        let limits = self.system(entity).limits();
        let Registry { live, ote, .. } = Registry::with_limits(seed, limits);
        *self.system_mut(entity) = match entity {
            Entity::Live => live,
            Entity::Ote => ote,
        };
    }
}

/// Whether `code` names a currency an account can be created in.
pub fn account_currency(code: &str) -> Option<&'static str> {
    environment::known_currency(&code.to_ascii_uppercase())
}

#[cfg(test)]
#[path = "account_removal_tests.rs"]
mod tests;
