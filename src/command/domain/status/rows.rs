//! The column names StatusDomain pushes as [`Row`]s (one lookup-free push
//! each, `wire/response/row.rs`), in wire order. Names only; the values
//! are the handler's (`status.rs`).

use crate::registry::Role;
use crate::wire::{Row, row};

/// StatusDomain's first properties, before the STATUS rows.
pub(super) const HEAD: Row<5> = row!(["ID", "DESCRIPTION", "DOMAINUMLAUT", "CLASS", "SUBCLASS"]);
/// After the STATUS rows, before the NAMESERVER rows.
pub(super) const TRANSFER_LOCK: Row<1> = row!(["TRANSFERLOCK"]);
/// After the contacts: the auth code when the domain has one, then the host model.
pub(super) const AUTH_HOST_TYPE: Row<2> = row!(["AUTH", "HOSTTYPE"]);
/// The host model of a domain without an auth code.
pub(super) const HOST_TYPE: Row<1> = row!(["HOSTTYPE"]);
/// The "lite" ID-protection flag: `0` unless set as an `X-` field.
pub(super) const LITE: &str = "X-ACCEPT-WHOISTRUSTEELITE-TAC";
/// The ID-protection flags after the HOST and SECDNS rows.
pub(super) const ID_PROTECTION: Row<2> = row!(["X-ACCEPT-WHOISTRUSTEE-TAC", LITE]);
/// The ID-protection flag when the lite one is an `X-` field of the domain.
pub(super) const ID_PROTECTION_ONLY: Row<1> = row!(["X-ACCEPT-WHOISTRUSTEE-TAC"]);
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
