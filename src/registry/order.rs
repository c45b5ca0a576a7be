//! Orders (USER/ORDER): a domain command an account queued with `ORDER=CREATE`
//! instead of running it, kept with its parameters until ExecuteOrder runs it
//! or DeleteOrder drops it. Owns the records, their own id counter (never the
//! system's handle sequence), the per-account table and the id → account
//! index beside it; knows no wire parameters and runs no command
//! (`command/order.rs` does).

use std::collections::BTreeMap;

use super::ssl::SslCert;
use super::{HashMap, System, Timestamp};

/// The first ORDERID of a system.
pub const FIRST_ORDER: u64 = 34_001;
/// Orders an account may keep.
pub const PER_ACCOUNT: usize = 1_000;

/// Where an order stands (ORDERSTATUS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum OrderStatus {
    /// Waiting for ExecuteOrder (its processing status is `INACTIVE`).
    Pending,
    /// Executed with success; kept for the list, no longer executable.
    Successful,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Pending => "PENDING",
            OrderStatus::Successful => "SUCCESSFUL",
        }
    }
}

/// One queued command.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Order {
    /// The command's canonical name (`AddDomain`, `RenewDomain`, ...).
    pub command: Box<str>,
    /// The domain the order is about (OBJECTID).
    pub object: Box<str>,
    /// Its parameters as sent, without COMMAND, ORDER and ORDERID.
    pub params: Vec<(Box<str>, Box<str>)>,
    pub created: Timestamp,
    /// The last REPLACE, UPDATE or execution; `None` before any.
    pub updated: Option<Timestamp>,
    pub status: OrderStatus,
    /// Executions that failed (ERRORCOUNT).
    pub errors: u32,
    /// The code and description of the last execution.
    pub last: Option<(u16, Box<str>)>,
    /// The certificate of a CreateSSLCert order (`ssl.rs`): its ORDERID is
    /// the SSLCERTID.
    pub ssl: Option<Box<SslCert>>,
}

impl Order {
    /// The value of parameter `name`, if the order has it.
    pub fn param(&self, name: &str) -> Option<&str> {
        let found = self.params.iter().find(|(key, _)| &**key == name);
        found.map(|(_, value)| &**value)
    }
}

/// A system's orders, per account, by id.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Orders {
    last: u64,
    #[serde(with = "crate::registry::serial::sorted")]
    by_account: HashMap<Box<str>, BTreeMap<u64, Order>>,
    /// The account that keeps each order (a clock job names the id only):
    /// changed with `by_account`, rebuilt on load ([`Orders::reindex`]).
    #[serde(skip)]
    account_of: HashMap<u64, Box<str>>,
}

impl Orders {
    /// Rebuilds the id → account index from the tables (after a snapshot load).
    pub(super) fn reindex(&mut self) {
        let tables = self.by_account.iter();
        self.account_of = tables
            .flat_map(|(account, table)| table.keys().map(move |id| (*id, account.clone())))
            .collect();
    }
}

impl System {
    /// Keeps `order` for `account`; returns its id, or `None` when the
    /// account already keeps [`PER_ACCOUNT`] pending orders. A full table
    /// with an executed order drops the oldest executed one to make room
    /// (DeleteOrder cannot remove it, so it must not hold a place for good).
    pub fn place_order(&mut self, account: &str, order: Order) -> Option<u64> {
        let orders = &mut self.orders;
        let table = orders.by_account.entry(account.into()).or_default();
        if table.len() >= PER_ACCOUNT {
            let executed = table
                .iter()
                .find(|(_, order)| order.status != OrderStatus::Pending && order.ssl.is_none())
                .map(|(id, _)| *id)?;
            table.remove(&executed);
            orders.account_of.remove(&executed);
        }
        orders.last = orders.last.max(FIRST_ORDER - 1) + 1;
        table.insert(orders.last, order);
        orders.account_of.insert(orders.last, account.into());
        Some(orders.last)
    }

    /// `account`'s orders, oldest first.
    pub fn orders_of<'s>(
        &'s self,
        account: &str,
    ) -> impl DoubleEndedIterator<Item = (u64, &'s Order)> + 's {
        let table = self.orders.by_account.get(account);
        table.into_iter().flatten().map(|(id, order)| (*id, order))
    }

    /// `account`'s order `id`.
    pub fn order(&self, account: &str, id: u64) -> Option<&Order> {
        self.orders.by_account.get(account)?.get(&id)
    }

    /// The account that keeps order `id` (a clock job names the id only, so
    /// a rename of the account does not lose it): one look-up in the index,
    /// whatever other accounts keep.
    pub(super) fn order_account(&self, id: u64) -> Option<String> {
        self.orders
            .account_of
            .get(&id)
            .map(|account| account.to_string())
    }

    /// Changes `account`'s order `id` (REPLACE, UPDATE, an execution's
    /// outcome); nothing if there is none.
    pub fn modify_order(&mut self, account: &str, id: u64, change: impl FnOnce(&mut Order)) {
        let table = self.orders.by_account.get_mut(account);
        if let Some(order) = table.and_then(|table| table.get_mut(&id)) {
            change(order);
        }
    }

    /// Removes `account`'s orders `ids` (DeleteOrder, after its checks);
    /// an account left without orders keeps no empty table (a snapshot is
    /// then what it was before its first order).
    pub fn delete_orders(&mut self, account: &str, ids: &[u64]) {
        if let Some(table) = self.orders.by_account.get_mut(account) {
            for id in ids {
                if table.remove(id).is_some() {
                    self.orders.account_of.remove(id);
                }
            }
            if table.is_empty() {
                self.orders.by_account.remove(account);
            }
        }
    }

    /// Removes every order of `account` (DeleteUser, the admin API's removal).
    pub(super) fn forget_orders_of(&mut self, account: &str) {
        if let Some(table) = self.orders.by_account.remove(account) {
            for id in table.keys() {
                self.orders.account_of.remove(id);
            }
        }
    }

    /// Moves `from`'s orders to `to` (ModifyUser NEWSUBUSER).
    pub(super) fn rename_orders_of(&mut self, from: &str, to: &str) {
        if let Some(table) = self.orders.by_account.remove(from) {
            let to: Box<str> = to.into();
            for id in table.keys() {
                self.orders.account_of.insert(*id, to.clone());
            }
            self.orders.by_account.insert(to, table);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::snapshot::read_snapshot;
    use crate::registry::{Entity, Registry};

    fn order(object: &str) -> Order {
        Order {
            command: "AddDomain".into(),
            object: object.into(),
            params: vec![("DOMAIN".into(), object.into())],
            created: Timestamp::default(),
            updated: None,
            status: OrderStatus::Pending,
            errors: 0,
            last: None,
            ssl: None,
        }
    }

    #[test]
    fn ids_count_per_system_and_tables_per_account() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        let first = system.place_order("test.user", order("a.com"));
        let second = system.place_order("test.user2", order("b.com"));
        assert_eq!((first, second), (Some(FIRST_ORDER), Some(FIRST_ORDER + 1)));
        assert!(system.order("test.user", FIRST_ORDER + 1).is_none());
        system.rename_orders_of("test.user2", "renamed");
        assert_eq!(system.orders_of("renamed").count(), 1);
        system.delete_orders("test.user", &[FIRST_ORDER]);
        assert_eq!(system.orders_of("test.user").count(), 0);
    }

    #[test]
    fn the_account_index_follows_renames_removals_and_loads() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        let a = system
            .place_order("test.user", order("a.com"))
            .unwrap_or_default();
        let b = system
            .place_order("test.user2", order("b.com"))
            .unwrap_or_default();
        let c = system
            .place_order("test.user2", order("c.com"))
            .unwrap_or_default();
        assert_eq!(system.order_account(b).as_deref(), Some("test.user2"));
        system.rename_orders_of("test.user2", "renamed");
        assert_eq!(system.order_account(b).as_deref(), Some("renamed"));
        assert_eq!(system.order_account(c).as_deref(), Some("renamed"));
        system.delete_orders("renamed", &[c]);
        assert_eq!(system.order_account(c), None);
        system.forget_orders_of("renamed");
        assert_eq!(system.order_account(b), None);
        assert_eq!(system.order_account(a).as_deref(), Some("test.user"));
        // Dropped to make room: an executed order leaves the index too.
        system.modify_order("test.user", a, |order| {
            order.status = OrderStatus::Successful
        });
        for n in 1..PER_ACCOUNT {
            system.place_order("test.user", order(&format!("d{n}.com")));
        }
        assert!(system.place_order("test.user", order("room.com")).is_some());
        assert_eq!(system.order_account(a), None);
        // A load rebuilds it from the tables (it is not in the snapshot).
        let loaded = read_snapshot(&system.snapshot(), None).expect("a good file");
        assert_eq!(loaded.orders.account_of, system.orders.account_of);
        assert_eq!(loaded.orders.account_of.len(), PER_ACCOUNT);
    }

    #[test]
    fn deleting_the_last_order_leaves_no_table() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        let id = system.place_order("test.user", order("a.com"));
        system.delete_orders("test.user", &[id.unwrap_or_default()]);
        assert!(system.orders.by_account.is_empty());
    }

    #[test]
    fn an_account_keeps_at_most_its_share() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        for n in 0..PER_ACCOUNT {
            assert!(
                system
                    .place_order("test.user", order(&format!("d{n}.com")))
                    .is_some()
            );
        }
        assert_eq!(system.place_order("test.user", order("full.com")), None);
        // An executed order gives its place up; a pending one never does.
        let oldest = FIRST_ORDER + 5;
        system.modify_order("test.user", oldest, |order| {
            order.status = OrderStatus::Successful
        });
        let placed = system.place_order("test.user", order("room.com"));
        assert!(placed.is_some());
        assert!(system.order("test.user", oldest).is_none());
        assert_eq!(system.orders_of("test.user").count(), PER_ACCOUNT);
        assert_eq!(system.place_order("test.user", order("full.com")), None);
        assert!(
            system
                .place_order("test.user2", order("other.com"))
                .is_some()
        );
    }
}
