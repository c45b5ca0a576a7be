//! The domain commands, one file per group: registration (`add`, its dry
//! run CheckDomainRegistration `add_check`), the
//! detail view and pending-state answers (`status`), changes (`modify`),
//! renewals (`renew`), the .de codes (`denic`), deletion and restore (`delete`), registrant trades
//! (`trade`), the zone's rule on registrants (`registrant`), ICANN registrant
//! verification (`verification`), the registry lock (`registry_lock`), the zone
//! facts of QueryDomainRepositoryInfo (`repository_info`), lists (`list`,
//! `filter`, `objects`, `renewal_list`, `list_extended`), the argument readers they share (`args`) and the
//! checks of their `X-` fields (`extensions`).
//! Applications (AddDomainApplication, StatusDomainApplication,
//! DeleteDomainApplication) are `application`, their change
//! `application_modify`, their list `application_list`; the withdrawal of
//! a pending registration (CancelDomainRegistration) is `cancel`.
//! Domain data and its invariants live in `registry::domain`.

mod add;
mod add_check;
mod application;
mod application_list;
mod application_modify;
mod application_purchase;
mod args;
mod backorder;
mod cancel;
mod delete;
mod denic;
mod extensions;
mod filter;
mod list;
mod list_applications;
mod list_columns;
mod list_extended;
mod modify;
mod objects;
mod pending;
mod registrant;
mod registry_lock;
mod renew;
mod renewal_list;
mod renewal_mode;
mod repository_info;
mod status;
mod trade;
mod trade_check;
mod verification;

pub(super) use add::add_domain;
pub(super) use add_check::check_domain_registration;
pub(super) use application::{
    add_domain_application, delete_domain_application, status_domain_application,
};
pub(super) use application_list::query_domain_application_list;
pub(super) use application_modify::modify_domain_application;
pub(super) use cancel::cancel_domain_registration;
pub(super) use delete::{delete_domain, restore_domain};
pub(super) use denic::{denic_create_auth_info1, denic_create_auth_info2, denic_delete_auth_info1};
pub(super) use list::query_domain_list;
pub(super) use list_extended::query_extended_domain_list;
pub(super) use modify::modify_domain;
pub(super) use objects::query_object_list;
pub(super) use registrant::check_contact_change;
pub(super) use registry_lock::{
    add_domain_registry_lock, delete_domain_registry_lock, modify_domain_registry_lock,
};
pub(super) use renew::{pay_domain_renewal, renew_domain};
pub(super) use renewal_list::query_object_renewal_list;
pub(super) use renewal_mode::set_domain_renewal_mode;
pub(super) use repository_info::query_domain_repository_info;
pub(super) use status::status_domain;
pub(super) use trade::{status_domain_trade, trade_domain};
pub(super) use trade_check::check_domain_trade;
pub(super) use verification::{
    approve_domain_registrant_verification_email, ask_for_new_address,
    query_domain_pending_registrant_verification_list, resend_domain_registrant_verification_email,
    status_domain_registrant_verification,
};

/// The cores and readers the CentralNic Reseller handlers (`command::cnr`) share.
pub(super) mod shared {
    pub(in crate::command) use super::add::{Order, check_order, register};
    pub(in crate::command) use super::application::{
        application_auth, file_application, own_application,
    };
    pub(in crate::command) use super::args::{
        check_class, check_nameservers, offered, premium_price, read_auth, read_ds,
        read_extension_changes, read_extensions, read_hostnames, read_keys, read_name, read_period,
        read_role_contacts, zone_of,
    };
    pub(in crate::command) use super::backorder::{Backorder, file_backorder};
    pub(in crate::command) use super::delete::{delete_now, restore_charge, restore_now};
    pub(in crate::command) use super::denic::AUTHINFO1_DAYS;
    pub(in crate::command) use super::extensions::check_change;
    pub(in crate::command) use super::modify::{
        DomainChange, ListChange, UPDATE_FLAG, apply_change, read_flags, read_list,
    };
    pub(in crate::command) use super::pending::registered;
    pub(in crate::command) use super::registrant::check_registrant;
    pub(in crate::command) use super::registry_lock::refuse_locked;
    pub(in crate::command) use super::renew::{
        MAX_YEARS, PAY_ONLY_ZONES, Renewal, check_expiration_year, refuse_flag, renew,
    };
    pub(in crate::command) use super::renewal_mode::{refuse_zone_mode, set_renewal_mode};
    pub(in crate::command) use super::status::{Dates, statuses};
    pub(in crate::command) use super::trade::{TradeOrder, cancel_trade, trade_now};
    pub(in crate::command) use super::verification::time_to_suspension;
}
