//! RenewSSLCert (SSLCERT, HEXONET): the next period of an issued
//! certificate as a new certificate order, with the reference's optional
//! parameters (a new CSR, the validation, the contacts, SERVERSOFTWARE) and
//! clear refusals of what otebox does not model (making keys or CSRs,
//! ORDER queueing, INTERNALDNS zones). Changes only the new order, the old
//! order's renewal link and the one charge; finding the certificate and its
//! properties are `ssl.rs`, the argument readers `ssl_fields.rs`.

use std::borrow::Cow;

use super::ssl::{Placed, Row, find_cert, not_found, place_certificate, push_rows, status_rows};
use super::ssl_fields::{
    class_of, contact_fields, handle_fields, names, read_approver, read_csr, refuse_internal_dns,
    same_cn, validation_of, validation_param,
};
use super::ssl_manage::check_renewable;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::ledger::Kind as LedgerKind;
use crate::registry::order::Order;
use crate::registry::ssl::{Charged, Validation};
use crate::registry::ssl_csr::parse_csr;
use crate::wire::Response;

/// The contact handles the reference takes, and how many of each.
const HANDLES: [(&str, usize); 4] = [
    ("OWNERCONTACT", 5),
    ("ADMINCONTACT", 3),
    ("TECHCONTACT", 3),
    ("BILLINGCONTACT", 3),
];

/// The CSR contact's fields (CSRCONTACT0 itself first): used by the
/// reference only to make a CSR.
const CSR_CONTACT: [&str; 15] = [
    "",
    "TITLE",
    "NAME",
    "FIRSTNAME",
    "MIDDLENAME",
    "LASTNAME",
    "ORGANIZATION",
    "STREET",
    "CITY",
    "STATE",
    "ZIP",
    "COUNTRY",
    "PHONE",
    "FAX",
    "EMAIL",
];

/// `541` for what asks otebox to make a key or a CSR (PEM0..N, KEYLENGTH,
/// CREATECSR=1, CREATEPRIVATEKEY=1, CSRCONTACT0...) when no CSR is sent;
/// with a CSR the reference does not use them, and neither does otebox.
fn refuse_key_making(args: &mut Args<'_>, with_csr: bool) -> Result<()> {
    let mut asked: Vec<String> = Vec::new();
    for flag in ["CREATECSR", "CREATEPRIVATEKEY"] {
        if args.flag(flag)? == Some(true) {
            asked.push(flag.into());
        }
    }
    if args
        .list("PEM")
        .iter()
        .any(|(_, line)| !line.trim().is_empty())
    {
        asked.push("PEM0".into());
    }
    if args.optional("KEYLENGTH").is_some() {
        asked.push("KEYLENGTH".into());
    }
    for field in CSR_CONTACT {
        let name = format!("CSRCONTACT0{field}");
        if args.optional(&name).is_some() {
            asked.push(name);
        }
    }
    match asked.first() {
        Some(name) if !with_csr => Err(Error::invalid(
            name,
            "otebox makes no keys or CSRs: send CSR0..N (without them the certificate's CSR is used again)",
        )),
        _ => Ok(()),
    }
}

/// The contact fields of the renewal: the old order's, then the handles'
/// (index 0 only: `541` otherwise; `545`/`531` for a handle not the
/// account's; a handle replaces all of its contact's old fields), then the
/// fields sent, each replacing the one before.
fn renewal_contacts(
    args: &mut Args<'_>,
    ctx: &Ctx<'_>,
    old: &Order,
) -> Result<Vec<(Box<str>, Box<str>)>> {
    let last = |name: &str| {
        let found = old.params.iter().rev().find(|(key, _)| &**key == name);
        found.map(|(_, value)| &**value)
    };
    let mut contacts = contact_fields(last);
    let mut given = Vec::new();
    for (stem, count) in HANDLES {
        for (n, handle) in args.list(stem) {
            let handle = handle.trim();
            if handle.is_empty() {
                continue;
            }
            if n > 0 {
                let name = format!("{stem}{n}");
                let detail = format_args!(
                    "otebox keeps one {stem} of a certificate ({stem}0); the reference takes {count}"
                );
                return Err(Error::invalid(&name, detail));
            }
            let contact = ctx.system.contact(handle).ok_or_else(|| {
                Error::ObjectNotFound(format!("{stem}0: contact {handle} does not exist"))
            })?;
            if contact.owner != ctx.owner() {
                let object = format!("{stem}0: contact {handle}");
                return Err(ctx.system.not_held(ctx.owner(), &contact.owner, object));
            }
            let prefix = match stem {
                "OWNERCONTACT" => "OWNERCONTACT0",
                other => other,
            };
            // A handle stands for the whole contact: none of the old fields stay.
            let block = format!("{stem}0");
            contacts.retain(|(key, _)| !key.starts_with(&block));
            given.extend(handle_fields(prefix, &contact.data));
        }
    }
    given.extend(contact_fields(|name| args.optional(name)));
    for (key, value) in given {
        match contacts.iter_mut().find(|(old, _)| *old == key) {
            Some(slot) => slot.1 = value,
            None => contacts.push((key, value)),
        }
    }
    Ok(contacts)
}

/// Orders the next period of an issued certificate: a new certificate (its
/// own SSLCERTID, as the reference's OLD-SSLCERTID says), charged the
/// class's price again (`546` with nothing changed), PENDING until
/// validated; once issued its year starts where the old one ends. The old
/// certificate's order then names the new SSLCERTID in its LASTRESPONSE
/// (what the WHMCS SSL module reads). Only an ACTIVE certificate not
/// renewed yet (`552`).
///
/// Without CSR0..N the certificate's CSR is used again; a new one is
/// checked as CreateSSLCert's, for the same CN (`541`). DOMAIN0..N must be
/// the CSR's names. The method and approver are kept unless VALIDATION0,
/// EMAIL or VALIDATIONEMAIL0 say otherwise; contacts (fields as
/// CreateSSLCert takes them, or handles at index 0) and SERVERSOFTWARE are
/// kept from the old order unless sent. Refused with the reason (`541`):
/// ORDER (otebox queues domain commands only), INTERNALDNS=1 (otebox makes
/// no zone), and making a key or CSR.
///
/// ```text
/// COMMAND   = RenewSSLCert
/// SSLCERTID = <id>
/// PERIOD    = 1                                  (optional)
/// CSR0..N, DOMAIN0..N, VALIDATION0, EMAIL / VALIDATIONEMAIL0, SERVERSOFTWARE,
/// OWNERCONTACT0, ADMINCONTACT0, TECHCONTACT0, BILLINGCONTACT0, contact fields (optional)
/// ---
/// PROPERTY[SSLCERTID|OLD-SSLCERTID|OLD-EXPIRATIONDATE|STATUS|SSLCERTCLASS|...][0]
/// ```
pub(super) fn renew_ssl_cert(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    if let Some(order) = args.optional("ORDER") {
        return Err(Error::invalid(
            "ORDER",
            format_args!(
                "({order}) otebox queues domain commands only; RenewSSLCert runs at once without ORDER"
            ),
        ));
    }
    if args.optional("ORDERID").is_some() {
        return Err(Error::invalid(
            "ORDERID",
            "otebox queues domain commands only; RenewSSLCert takes no ORDERID",
        ));
    }
    let period = args.optional("PERIOD").unwrap_or("1");
    if period.trim() != "1" && period.trim() != "1Y" {
        return Err(Error::invalid(
            "PERIOD",
            format_args!("({period}) otebox issues certificates for 1 year"),
        ));
    }
    refuse_internal_dns(args)?;
    let domains = names(args, "DOMAIN");
    let methods = names(args, "VALIDATION");
    let approver = read_approver(args);
    let server = args.optional("SERVERSOFTWARE");
    let with_csr = args
        .list("CSR")
        .iter()
        .any(|(_, line)| !line.trim().is_empty());
    refuse_key_making(args, with_csr)?;
    let sent_csr = match with_csr {
        true => Some(read_csr(args)?),
        false => None,
    };
    let (id, order, old) = find_cert(args, ctx)?;
    let contacts = renewal_contacts(args, ctx, order)?;
    args.finish()?;
    let owner = ctx.owner().to_owned();
    check_renewable("SSLCERTID", id, old)?;
    let class = class_of(id, old)?;
    // The CSR the renewal is for: the one sent (same CN), else the old one.
    let (lines, csr) = match sent_csr {
        Some(sent) => sent,
        None => {
            let csr = parse_csr(&old.csr.join("\n"))
                .map_err(|rule| Error::invalid("SSLCERTID", format_args!("{id}'s CSR: {rule}")))?;
            (old.csr.clone(), csr)
        }
    };
    same_cn(&csr, old)?;
    super::ssl_fields::check_names(&csr, None, &domains, &[], class)?;
    let validation = match (methods.first(), approver) {
        (None, None) => old.validation.clone(),
        (method, _) => validation_of(method.map(String::as_str), approver, &contacts)?,
    };
    let server = server.or_else(|| order.param("SERVERSOFTWARE"));
    let price = ctx.system.ssl_price(&owner, class)?;
    let expires = old.expires.unwrap_or(ctx.now);
    let mut params: Vec<(Box<str>, Box<str>)> = vec![
        ("SSLCERTID".into(), id.to_string().into()),
        ("PERIOD".into(), "1".into()),
    ];
    if with_csr {
        for (n, line) in lines.iter().enumerate() {
            params.push((format!("CSR{n}").into(), line.clone()));
        }
    }
    params.push(validation_param(&validation));
    if let Some(server) = server {
        params.push(("SERVERSOFTWARE".into(), server.into()));
    }
    params.extend(contacts);
    let charged = Charged {
        price,
        currency: ctx.system.currency_of(&owner).into(),
        at: ctx.now,
    };
    let cert = old.renewal((id, expires), (csr, lines), validation, charged);
    let what = format!("RenewSSLCert {} {}", class.name, cert.cn);
    let placed = Placed {
        command: "RenewSSLCert",
        params,
        field: "SSLCERTID",
        kind: LedgerKind::RenewSslCert,
        what: &what,
    };
    let new = place_certificate(ctx, &owner, cert, placed)?;
    let order = ctx
        .system
        .order(&owner, new)
        .ok_or_else(|| not_found(new, &owner))?;
    let mut response = Response::ok();
    push_rows(&mut response, renewal_rows(new, order, &owner));
    Ok(response)
}

/// What RenewSSLCert answers of the renewal `id`: its certificate's
/// properties (`status_rows`), its contacts and SERVERSOFTWARE as the
/// order keeps them, and the reference's SSLCERT* / date / USER rows.
fn renewal_rows(id: u64, order: &Order, owner: &str) -> Vec<Row> {
    let mut rows = status_rows(id, order);
    let Some(cert) = order.ssl.as_deref() else {
        return rows;
    };
    let skip = |key: &str| {
        key == "SSLCERTID" || key == "PERIOD" || key == "VALIDATION0" || key.starts_with("CSR")
    };
    let mut approver_seen = false;
    for (key, value) in &order.params {
        // The first EMAIL is the approver (VALIDATIONEMAIL answers it).
        if &**key == "EMAIL" && !approver_seen && matches!(cert.validation, Validation::Email(_)) {
            approver_seen = true;
            continue;
        }
        if !skip(key) {
            rows.push((Cow::Owned(key.to_string()), value.to_string()));
        }
    }
    let expiry = super::ssl::expiry(cert);
    let mut row = |name: &'static str, value: String| rows.push((Cow::Borrowed(name), value));
    row("REGISTRATIONEXPIRATIONDATE", expiry);
    row("SSLCERTCLASS", cert.class.to_string());
    row("SSLCERTCN", cert.cn.to_string());
    row("SSLCERTDOMAIN", cert.cn.to_string());
    let updated = order.updated.unwrap_or(order.created);
    row("UPDATEDDATE", updated.datetime().to_string());
    row("USER", owner.to_owned());
    rows
}
