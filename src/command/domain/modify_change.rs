//! ModifyDomain's work after reading, shared by both dialects (split from
//! `modify.rs`, whose child module it is; the CentralNic Reseller
//! ModifyDomain, `command::cnr::domain_modify`, builds the same
//! `DomainChange`): check every resulting list and setting against the
//! domain and its zone's rules, then commit inline contacts and make one
//! `modify_domain`. Reads no request parameters; must not touch contacts
//! beyond `commit_contact`.

use super::{ListChange, TRANSFER_FLAG, UPDATE_FLAG};
use crate::command::Ctx;
use crate::command::contact::{ContactSpec, commit_contact};
use crate::command::domain::args::check_nameservers;
use crate::command::domain::registrant::{check_registrant, registrant_field};
use crate::command::domain::registry_lock::refuse_locked;
use crate::error::{Error, Result};
use crate::registry::catalogue::Tld;
use crate::registry::{DomainName, Role, SERVER_UPDATE, relock};

/// A checked-syntax ModifyDomain request, whichever dialect read it: what
/// `apply_change` checks against the domain and then stores.
pub(in crate::command) struct DomainChange<'a> {
    pub(in crate::command) name: DomainName,
    pub(in crate::command) tld: &'static Tld,
    pub(in crate::command) nameservers: ListChange<String>,
    /// One change per role, in `Role::ALL` order.
    pub(in crate::command) contacts: Vec<ListChange<ContactSpec>>,
    pub(in crate::command) status: ListChange<String>,
    pub(in crate::command) transfer_lock: Option<bool>,
    pub(in crate::command) id_protection: Option<bool>,
    pub(in crate::command) internal_dns: Option<bool>,
    pub(in crate::command) auth: Option<String>,
    pub(in crate::command) random_auth: bool,
    pub(in crate::command) ds: ListChange<String>,
    pub(in crate::command) keys: ListChange<String>,
    pub(in crate::command) max_sig_life: Option<u64>,
    pub(in crate::command) remove_all: bool,
    pub(in crate::command) hosts: ListChange<String>,
    /// `X-` fields as sent; an empty value removes the field.
    pub(in crate::command) extensions: Vec<(&'a str, &'a str)>,
    /// The holder's tags (CNR `DOMAINTAG#`; HEXONET has none to change).
    pub(in crate::command) tags: ListChange<String>,
}

/// ModifyDomain's work after reading: the caller holds the domain, no
/// registration or transfer of it is pending, nor a trade when the change
/// names an owner, then `change_domain`. A pending trade holds the
/// registrant only: WHMCS's CentralNic Reseller module sends ModifyDomain
/// with the other roles right after TradeDomain. Nothing changes when it fails.
pub(in crate::command) fn apply_change(ctx: &mut Ctx<'_>, change: DomainChange<'_>) -> Result<()> {
    let name = change.name.as_str();
    ctx.system.owned_domain(ctx.owner(), name)?;
    ctx.system.refuse_pending_transfer(name)?;
    if !change.contacts[Role::Owner.index()].is_empty() {
        ctx.system.refuse_pending_trade(name)?;
    }
    change_domain(ctx, change)
}

/// The checks and the change without the pending-state gate (which
/// ModifyDomainApplication replaces with its own: the pending domain of an
/// application still REQUESTED is what it changes): the caller holds the
/// domain, the update lock, the resulting lists against the zone's rules,
/// then one `modify_domain`. Nothing changes when it fails.
pub(in crate::command) fn change_domain(ctx: &mut Ctx<'_>, change: DomainChange<'_>) -> Result<()> {
    let DomainChange {
        name,
        tld,
        nameservers,
        contacts,
        status,
        transfer_lock,
        id_protection,
        internal_dns,
        auth,
        random_auth,
        ds,
        keys,
        max_sig_life,
        remove_all,
        hosts,
        extensions,
        tags,
    } = change;
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    refuse_locked(domain, SERVER_UPDATE)?;
    if internal_dns == Some(true) {
        ctx.system.check_internal_zone(ctx.owner(), &name)?;
    }
    let mut flags: Vec<String> = domain.flags.clone();
    if domain.transfer_lock {
        flags.push(TRANSFER_FLAG.to_owned());
    }
    let lifts_update_lock = status.del.iter().any(|f| f == UPDATE_FLAG)
        || status
            .set
            .as_ref()
            .is_some_and(|set| !set.iter().any(|f| f == UPDATE_FLAG));
    if flags.iter().any(|f| f == UPDATE_FLAG) && !lifts_update_lock {
        return Err(Error::StatusProhibits(format!(
            "{name} has {UPDATE_FLAG}; remove it first (DELSTATUS0={UPDATE_FLAG})"
        )));
    }
    let mut flags = status.apply(&flags);
    let transfer_lock = transfer_lock.unwrap_or_else(|| flags.iter().any(|f| f == TRANSFER_FLAG));
    flags.retain(|f| f != TRANSFER_FLAG);

    let new_nameservers = if nameservers.is_empty() {
        None
    } else {
        let list = nameservers.apply(&domain.nameservers);
        check_nameservers(ctx.system, tld, &list)?;
        if list != domain.nameservers {
            let internal = internal_dns == Some(true);
            ctx.system
                .check_predelegation(tld, &name, &list, internal)?;
        }
        Some(list)
    };

    let mut roles: Vec<Option<Vec<ContactSpec>>> = Vec::new();
    // A new registrant by ICANN's measure (another name, organisation or
    // e-mail), which TradeDomain's check reads the same way.
    let mut material = false;
    for (role, change) in Role::ALL.into_iter().zip(contacts) {
        if change.is_empty() {
            roles.push(None);
            continue;
        }
        let current: Vec<ContactSpec> = domain.contacts[role.index()]
            .iter()
            .map(|handle| ContactSpec::Handle(handle.to_string()))
            .collect();
        let list = change.apply(&current);
        let max = if role == Role::Owner { 1 } else { 3 };
        if list.is_empty() || list.len() > max {
            let word = role.parameter().trim_end_matches("CONTACT");
            return Err(Error::missing(format!(
                "TOO {} {word} CONTACTS (min=1, max={max})",
                if list.is_empty() { "FEW" } else { "MANY" }
            )));
        }
        if role == Role::Owner {
            // Inline data with the current registrant's name and organisation
            // is no change of registrant, only of its details (WHMCS sends the
            // owner inline with every contact update, an address change too).
            let same_owner = |spec: &ContactSpec, handle: &str| match spec {
                ContactSpec::Handle(given) => given == handle,
                ContactSpec::Inline(data) => ctx
                    .system
                    .contact(handle)
                    .is_some_and(|contact| contact.data.same_name(data)),
            };
            let changed = list.len() != current.len()
                || list
                    .iter()
                    .zip(&domain.contacts[role.index()])
                    .any(|(spec, handle)| !same_owner(spec, handle));
            if changed && tld.registrant_change == "TRADE" {
                return Err(Error::NotSupportedForClass(format!(
                    "OWNERCONTACT0: .{} changes the registrant with TradeDomain",
                    tld.zone
                )));
            }
            let old = (domain.contacts(Role::Owner).first())
                .and_then(|handle| ctx.system.contact(handle))
                .map(|contact| &contact.data);
            let new = list.first().and_then(|spec| match spec {
                ContactSpec::Handle(handle) => ctx.system.contact(handle).map(|c| &c.data),
                ContactSpec::Inline(data) => Some(&**data),
            });
            material = match (old, new) {
                (Some(old), Some(new)) => !(old.same_name(new) && old.email == new.email),
                _ => true,
            };
        }
        roles.push(Some(list));
    }
    // The zone's registrant rule, on the registrant and the `X-` fields the
    // domain will have (a stored citizenship or VAT id still counts), when
    // the change gives the registrant or one of those fields.
    let rule_field = registrant_field(tld);
    let touches_rule = extensions
        .iter()
        .any(|(field, _)| rule_field.as_deref() == Some(*field));
    let owner = match &roles[Role::Owner.index()] {
        Some(list) => list.first().cloned(),
        None if touches_rule => (domain.contacts(Role::Owner).first())
            .map(|handle| ContactSpec::Handle(handle.to_string())),
        None => None,
    };
    if let Some(owner) = owner {
        let mut fields: Vec<(&str, &str)> = (domain.extensions().iter())
            .filter(|(field, _)| !extensions.iter().any(|(sent, _)| sent == field))
            .map(|(field, value)| (field.as_str(), value.as_str()))
            .collect();
        fields.extend(extensions.iter().filter(|(_, value)| !value.is_empty()));
        check_registrant(ctx.system, tld, &owner, fields.into_iter())?;
    }

    // SECDNS-REMOVE-ALL empties the data first; records and a MAXSIGLIFE
    // sent with it are the new data (EPP secDNS `<rem><all/>` with `<add>`).
    let mut secdns = if remove_all {
        crate::registry::SecDns::default()
    } else {
        domain.secdns().clone()
    };
    secdns.ds = ds.apply(&secdns.ds);
    secdns.keys = keys.apply(&secdns.keys);
    if max_sig_life.is_some() {
        secdns.max_sig_life = max_sig_life;
    }
    let new_tags = (!tags.is_empty()).then(|| tags.apply(domain.tags()));
    let mut new_hosts = hosts.set.unwrap_or_else(|| domain.hosts().to_vec());
    new_hosts.retain(|line| !hosts.del.iter().any(|name| host_name(line) == name));
    for line in hosts.add {
        new_hosts.retain(|known| host_name(known) != host_name(&line));
        new_hosts.push(line);
    }

    // ICANN's Transfer Policy: 60 days without an inter-registrar transfer
    // after a material change of registrant, unless it opted out (as after
    // a trade, whichever command made the change).
    let trade_lock = material
        && tld.icann_trade()
        && !extensions.iter().any(|(field, value)| {
            field.eq_ignore_ascii_case("X-REQUEST-OPT-OUT-TRANSFERLOCK") && *value == "1"
        });
    let created = domain.created;
    // Everything is checked; from here on nothing fails.
    let registrant_before = domain.contacts(Role::Owner).first().cloned();
    let mut handles: Vec<Option<Vec<String>>> = Vec::new();
    for role in roles {
        handles.push(role.map(|specs| {
            let mut list: Vec<String> = Vec::new();
            for spec in specs {
                let handle = commit_contact(ctx, spec);
                if !list.contains(&handle) {
                    list.push(handle);
                }
            }
            list
        }));
    }
    let auth = match (auth, random_auth) {
        (Some(auth), _) => Some(auth),
        (None, true) => Some(ctx.system.random_code(12)),
        (None, false) => None,
    };
    let (now, actor) = (ctx.now, ctx.actor());
    ctx.system.modify_domain(name.as_str(), |domain| {
        if let Some(list) = new_nameservers {
            domain.nameservers = list;
        }
        if handles.iter().any(Option::is_some) {
            let mut lists = domain.contacts.to_lists();
            for (old, list) in lists.iter_mut().zip(handles) {
                if let Some(list) = list {
                    *old = list;
                }
            }
            domain.contacts = lists.into();
        }
        // Through a lock ModifyDomainRegistrylock opened: whole again after.
        domain.flags = relock(domain, flags);
        domain.transfer_lock = transfer_lock;
        if let Some(on) = id_protection {
            domain.id_protection = on;
        }
        if let Some(on) = internal_dns {
            domain.internal_dns = on;
        }
        if let Some(auth) = auth {
            domain.auth = auth;
            domain.extra_mut().auth_expires = None;
        }
        domain.secdns = (secdns != crate::registry::SecDns::default()).then(|| Box::new(secdns));
        domain.extra_mut().hosts = new_hosts;
        if let Some(tags) = new_tags {
            domain.extra_mut().tags = tags;
        }
        for (field, value) in extensions {
            let field = field.to_ascii_uppercase();
            // A request option (the change's lock above), not the domain's.
            if field == "X-REQUEST-OPT-OUT-TRANSFERLOCK" {
                continue;
            }
            if value.is_empty() {
                domain.set_extension(&field, "");
            } else {
                domain.set_extension(&field, value);
            }
        }
        domain.updated = now;
        domain.updated_by = actor.into();
    });
    if internal_dns == Some(true) {
        let (owner, actor) = (ctx.owner().to_owned(), ctx.actor());
        ctx.system.ensure_internal_zone(&owner, &name, now, &actor);
    }
    // A new registrant (either dialect) is asked to verify its address.
    let registrant_after = (ctx.system.domain(name.as_str()))
        .and_then(|domain| domain.contacts(Role::Owner).first().cloned());
    if registrant_after != registrant_before {
        crate::command::domain::verification::ask_for(ctx, name.as_str());
    }
    if trade_lock {
        ctx.system.set_trade_lock(name.as_str(), created, now);
    }
    Ok(())
}

/// The host name of an attribute host line `name ip ...`.
fn host_name(line: &str) -> &str {
    line.split(' ').next().unwrap_or(line)
}
