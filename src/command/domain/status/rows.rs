//! The column names StatusDomain pushes as [`Row`]s (one lookup-free push
//! each, `wire/response/row.rs`), in wire order. Names only; the values
//! are the handler's (`status.rs`).

use crate::registry::Role;
use crate::wire::{Row, row};

/// StatusDomain's first properties, before the STATUS rows.
pub(super) const HEAD: Row<5> = row!(["ID", "DESCRIPTION", "DOMAINUMLAUT", "CLASS", "SUBCLASS"]);
/// The contact columns, one handle each (the usual case), in `Role::ALL`'s order.
pub(super) const CONTACTS: Row<4> = row!([
    Role::Owner.parameter(),
    Role::Admin.parameter(),
    Role::Tech.parameter(),
    Role::Billing.parameter(),
]);
/// StatusDomain's facts after the `X-` fields, before a pending trade's.
pub(super) const FACTS: Row<15> = row!([
    "INTERNALDNS",
    "CREATEDDATE",
    "CREATEDBY",
    "UPDATEDDATE",
    "UPDATEDBY",
    "USER",
    "PEERUSER",
    "REGISTRAR",
    "REPOSITORY",
    "RENEWALMODE",
    "RENEWALPERIOD",
    "PREPAIDPERIOD",
    "TRANSFERMODE",
    "TRANSFERDATE",
    "REGISTRARTRANSFERDATE",
]);
/// StatusDomain's last properties: the billing dates and periods.
pub(super) const BILLING: Row<14> = row!([
    "EXPIRATIONDATE",
    "ACCOUNTINGDATE",
    "FAILUREDATE",
    "FINALIZATIONDATE",
    "PAIDUNTILDATE",
    "REGISTRATIONEXPIRATIONDATE",
    "RENEWALDATE",
    "ACCOUNTINGPERIOD",
    "FINALIZATIONPERIOD",
    "FAILUREPERIOD",
    "DELETIONHOLDPERIOD",
    "DELETIONRESTORABLEPERIOD",
    "NEXTACTION",
    "NEXTACTIONDATE",
]);
