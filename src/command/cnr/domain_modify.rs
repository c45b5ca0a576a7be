//! The CentralNic Reseller ModifyDomain (cnr-commands.md §3) and
//! SetDomainRenewalMode (§22, with the CNR-only RENEWONCE). ModifyDomain reads the CNR
//! parameters (handles or inline contact fields, `DNSSEC#`/`DNSSECDSDATA#`, `DNSSECDELALL`,
//! `X-WHOISPRIVACY`, an empty `TRANSFERLOCK=`) into HEXONET's typed change
//! and hands it to HEXONET's core (`domain::shared::apply_change`), so the
//! checks, refusals and the one registry change are the same in both
//! dialects. Must not change the registry itself.

use super::super::contact::{ContactSpec, read_contact};
use super::super::domain::shared::{
    DomainChange, ListChange, apply_change, check_change, read_auth, read_ds, read_flags,
    read_hostnames, read_keys, read_list, set_renewal_mode, zone_of,
};
use super::super::{Args, Ctx};
use super::check::read_domain;
use super::domain::{cnr_fields_named, hexonet_field};
use super::domain_tags::read_tag_change;
use super::registration::read_whois_privacy;
use crate::error::{Error, Result};
use crate::registry::objectlog::{Op, OpStatus};
use crate::registry::{RenewalMode, Role};
use crate::wire::Response;

/// Changes a domain of the caller; the answer is the code alone.
///
/// ```text
/// COMMAND            = ModifyDomain
/// DOMAIN             = <domain>
/// NAMESERVER0..12    = <host>   (set-style: the non-empty values replace the list)
/// ADDNAMESERVER0..12 / DELNAMESERVER0..12 = <host>
/// OWNERCONTACT0, ADMINCONTACT0..2, TECHCONTACT0..2, BILLINGCONTACT0..2 = <handle>
///                      or inline fields <ROLE>CONTACTn<FIELD> (set-style per role)
/// ADD<ROLE>CONTACTn = <handle> or inline fields;  DEL<ROLE>CONTACTn = <handle>
/// STATUS0..n / ADDSTATUS0..n / DELSTATUS0..n = clientTransferProhibited | clientHold |
///                      clientRenewProhibited | clientDeleteProhibited | clientUpdateProhibited
/// AUTH               = <6..64 characters>
/// TRANSFERLOCK       = 0 | 1 | <empty = 0, as WHMCS sends it>
/// X-WHOISPRIVACY     = 0 | 1    (ID protection where the zone offers it;
///                      X-WHOIS-PRIVACY, the KB's other spelling, too)
/// DNSSEC0..n         = <flags protocol alg key>        (set-style: the DNSKEY records)
/// DNSSECDSDATA0..n   = <keytag alg digesttype digest>  (set-style: the DS records)
/// DNSSECDELALL       = 1        (removes all DNSSEC data; DNSSEC#/DNSSECDSDATA# sent
///                      with it become the new data)
/// DOMAINTAG0..n      = <tag>    (set-style: the non-empty values replace the tags;
///                      ADDDOMAINTAG0..n / DELDOMAINTAG0..n add and remove)
/// ACCEPT-TRADE, TOKEN = accepted
/// X-...              = <value>  (the zone's fields; empty removes the field)
/// ---
/// (no properties)
/// ```
///
/// Refusals are HEXONET's: unknown domain or handle 545, another account's
/// 531, `clientUpdateProhibited` still set 552, bad values 541. A registrant
/// change where the zone trades (HEXONET's 510, outside the CNR catalogue)
/// is `549 Command failed`, as for RenewDomain in pay-only zones.
pub(super) fn modify_domain(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_domain(args, "DOMAIN")?;
    let tld = zone_of(&name)?;
    let nameservers = read_list(args, "NAMESERVER", read_hostnames)?;
    let mut contacts = Vec::new();
    for role in Role::ALL {
        contacts.push(read_handles(args, ctx, role)?);
    }
    let status = read_list(args, "STATUS", read_flags)?;
    let transfer_lock = if args.present("TRANSFERLOCK") {
        Some(args.flag("TRANSFERLOCK")?.unwrap_or(false))
    } else {
        None
    };
    let id_protection = read_whois_privacy(args, tld)?;
    let auth = read_auth(args)?;
    let keys = read_set(args, "DNSSEC", read_keys)?;
    let ds = read_set(args, "DNSSECDSDATA", read_ds)?;
    let delete_all = args.flag("DNSSECDELALL")?.unwrap_or(false);
    for name in ["ACCEPT-TRADE", "TOKEN"] {
        args.optional(name);
    }
    let tags = read_tag_change(args)?;
    let extensions: Vec<(&str, &str)> = (args.unread_with_prefix("X-").into_iter())
        .map(|(name, value)| (hexonet_field(name), value))
        .collect();
    args.finish()?;
    check_change(tld, extensions.iter().copied()).map_err(cnr_fields_named)?;
    ctx.log(Op::Update, OpStatus::Successful, name.as_str());
    // DNSSECDELALL empties both lists; records sent with it are the new set.
    let sent = keys.set.is_some() || ds.set.is_some();
    let (keys, ds) = if delete_all && sent {
        let empty = |list: ListChange<String>| ListChange {
            set: Some(list.set.unwrap_or_default()),
            ..list
        };
        (empty(keys), empty(ds))
    } else {
        (keys, ds)
    };
    let change = DomainChange {
        name,
        tld,
        nameservers,
        contacts,
        status,
        transfer_lock,
        id_protection,
        internal_dns: None,
        auth,
        random_auth: false,
        ds,
        keys,
        max_sig_life: None,
        remove_all: delete_all && !sent,
        hosts: ListChange::default(),
        extensions,
        tags,
    };
    match apply_change(ctx, change) {
        Err(Error::NotSupportedForClass(why)) => Err(Error::CommandFailed(why)),
        result => result.map(|()| Response::ok()),
    }
}

/// A set-style list `STEM<n>` alone (CNR has no ADD/DEL form of it); given
/// when any slot was sent, even empty.
fn read_set(
    args: &mut Args<'_>,
    stem: &str,
    read: impl Fn(&mut Args<'_>, &str) -> Result<Vec<String>>,
) -> Result<ListChange<String>> {
    let sent = args.list(stem).into_iter().next().is_some();
    let set = read(args, stem)?;
    Ok(ListChange {
        set: sent.then_some(set),
        ..ListChange::default()
    })
}

/// The contacts of one role: set-style `<ROLE><n>` and `ADD<ROLE><n>`, each
/// a handle of the caller or inline fields (`<ROLE><n>FIRSTNAME=…`, HEXONET's
/// `read_contact`), and `DEL<ROLE><n>` handles (the owner has slot 0 only).
fn read_handles(args: &mut Args<'_>, ctx: &Ctx<'_>, role: Role) -> Result<ListChange<ContactSpec>> {
    let stem = role.parameter();
    let mut change = ListChange::default();
    let mut set = Vec::new();
    for index in role.slots() {
        for (prefix, list) in [("", &mut set), ("ADD", &mut change.add)] {
            if let Some(spec) = read_contact(args, ctx, &format!("{prefix}{stem}"), index)? {
                list.push(spec);
            }
        }
        if let Some(handle) = args.optional(&format!("DEL{stem}{index}")) {
            change.del.push(ContactSpec::Handle(handle.to_owned()));
        }
    }
    change.set = (!set.is_empty()).then_some(set);
    Ok(change)
}

/// Sets what happens at expiry.
///
/// ```text
/// COMMAND     = SetDomainRenewalMode
/// DOMAIN      = <domain>
/// RENEWALMODE = DEFAULT | AUTORENEW | AUTOEXPIRE | AUTODELETE | RENEWONCE
///               | AUTORENEWMONTHLY (.de) | AUTORENEWQUARTERLY (.nl)
///               | EXPIREAUCTION (com net org info biz tv mobi me)
///               (RENEWONCE, AUTORENEWQUARTERLY and EXPIREAUCTION are CNR
///               only: HEXONET's SetDomainRenewalMode documents no such
///               modes, protocol.md)
/// TOKEN       = accepted
/// ---
/// (no properties)
/// ```
pub(super) fn set_domain_renewal_mode(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_domain(args, "DOMAIN")?;
    let tld = zone_of(&name)?;
    let mode = read_cnr_renewal_mode(args)?
        .ok_or_else(|| Error::MissingParameter("RENEWALMODE".into()))?;
    args.optional("TOKEN");
    args.finish()?;
    set_renewal_mode(ctx, &name, tld, mode, None)?;
    ctx.log(Op::Update, OpStatus::Successful, name.as_str());
    Ok(Response::ok())
}

/// RENEWALMODE with the platform's own modes (cnr-commands.md §22), which
/// HEXONET's SetDomainRenewalMode does not document; `None` when not sent.
/// AddDomain takes the same values (§2: "as StatusDomain enums").
pub(super) fn read_cnr_renewal_mode(args: &mut Args<'_>) -> Result<Option<RenewalMode>> {
    let Some(text) = args.optional("RENEWALMODE") else {
        return Ok(None);
    };
    let own = [
        RenewalMode::RenewOnce,
        RenewalMode::ExpireAuction,
        RenewalMode::AutoRenewQuarterly,
    ];
    // The KB's StatusDomain enum spells it AUTORENEWQUATERLY (cnr-commands.md
    // §1): a client copying that list back gets the mode, not a 541.
    let kb_spelling = text
        .eq_ignore_ascii_case("AUTORENEWQUATERLY")
        .then_some(RenewalMode::AutoRenewQuarterly);
    (own.into_iter())
        .find(|mode| text.eq_ignore_ascii_case(mode.as_str()))
        .or(kb_spelling)
        .or_else(|| RenewalMode::parse(text))
        .map(Some)
        .ok_or_else(|| {
            Error::invalid(
                "RENEWALMODE",
                format_args!(
                    "({text}) is not DEFAULT, AUTORENEW, AUTOEXPIRE, AUTODELETE, RENEWONCE, \
                     AUTORENEWMONTHLY, AUTORENEWQUARTERLY or EXPIREAUCTION"
                ),
            )
        })
}
