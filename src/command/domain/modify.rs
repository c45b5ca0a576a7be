//! ModifyDomain: set-style and ADD/DEL lists of nameservers, contacts, EPP
//! client flags, DNSSEC records and attribute hosts, plus the single-valued
//! settings (lock, ID protection, auth code, `X-` fields). Everything is read
//! and checked against the resulting domain first; then one `modify_domain`.
//! The work after reading (`DomainChange` → `apply_change`, in the child
//! module `modify_change.rs`) is shared with the CentralNic Reseller
//! ModifyDomain (`command::cnr::domain_modify`).
//! Must not touch contacts beyond `read_contact` / `commit_contact`.

use super::args::{
    read_auth, read_ds, read_hostnames, read_hosts, read_id_protection, read_keys, read_name,
    zone_of,
};
use super::extensions::check_change;
use super::status::statuses;
use crate::command::contact::{ContactSpec, read_contact};
use crate::command::transfer::read_domain_auth;
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue::Tld;
use crate::registry::objectlog::{Op, OpStatus};
use crate::registry::{DomainName, Role, SERVER_TRANSFER};
use crate::wire::Response;

/// The EPP client flags a registrar may set, in their canonical spelling.
pub(super) const CLIENT_FLAGS: &[&str] = &[
    "clientDeleteProhibited",
    "clientHold",
    "clientRenewProhibited",
    "clientTransferProhibited",
    "clientUpdateProhibited",
];

/// The transfer lock as an EPP flag.
const TRANSFER_FLAG: &str = "clientTransferProhibited";

/// The flag that freezes every change but its own removal.
pub(in crate::command) const UPDATE_FLAG: &str = "clientUpdateProhibited";

/// A set-style list change: `set` replaces (when the request had any slot of
/// it), then `del` removes (absent values are a no-op, protocol.md §8.0),
/// then `add` appends what is not there yet.
pub(in crate::command) struct ListChange<T> {
    pub(in crate::command) set: Option<Vec<T>>,
    pub(in crate::command) del: Vec<T>,
    pub(in crate::command) add: Vec<T>,
}

impl<T> Default for ListChange<T> {
    fn default() -> Self {
        ListChange {
            set: None,
            del: Vec::new(),
            add: Vec::new(),
        }
    }
}

impl<T: PartialEq + Clone> ListChange<T> {
    fn apply(self, current: &[T]) -> Vec<T> {
        let mut list = self.set.unwrap_or_else(|| current.to_vec());
        list.retain(|item| !self.del.contains(item));
        for item in self.add {
            if !list.contains(&item) {
                list.push(item);
            }
        }
        list
    }

    fn is_empty(&self) -> bool {
        self.set.is_none() && self.del.is_empty() && self.add.is_empty()
    }
}

/// Reads `STEM<n>`, `ADDSTEM<n>`, `DELSTEM<n>` with `read`; the set list
/// counts as given when any `STEM<n>` was sent, even empty.
pub(in crate::command) fn read_list<T>(
    args: &mut Args<'_>,
    stem: &str,
    read: impl Fn(&mut Args<'_>, &str) -> Result<Vec<T>>,
) -> Result<ListChange<T>> {
    let sent = args.list(stem).into_iter().next().is_some();
    let set = read(args, stem)?;
    Ok(ListChange {
        set: sent.then_some(set),
        del: read(args, &format!("DEL{stem}"))?,
        add: read(args, &format!("ADD{stem}"))?,
    })
}

/// Reads EPP client flags of `<stem><n>`, case-insensitively, as canonical names.
pub(in crate::command) fn read_flags(args: &mut Args<'_>, stem: &str) -> Result<Vec<String>> {
    let mut flags = Vec::new();
    for (index, value) in args.list(stem) {
        match status_value(stem, index, value) {
            Some(StatusValue::Client(flag)) => flags.push(flag),
            Some(StatusValue::Other { key, value }) => return Err(not_client(&key, &value)),
            None => {}
        }
    }
    Ok(flags)
}

/// AddDomain's STATUS0..n: the client flags a new domain starts with (the
/// transfer lock left out) and whether `clientTransferProhibited` was among
/// them. A status a new domain of `tld` shows (`ACTIVE`, the age lock's
/// `serverTransferProhibited`) is taken and changes nothing: the Terraform
/// provider sends the STATUS rows it means to read back. Another is `541`.
pub(in crate::command) fn read_new_flags(
    args: &mut Args<'_>,
    tld: &Tld,
) -> Result<(Vec<String>, bool)> {
    let shown = |value: &str| {
        value.eq_ignore_ascii_case("ACTIVE")
            || (tld.transfer_lock_days > 0 && value.eq_ignore_ascii_case(SERVER_TRANSFER))
    };
    let mut flags = Vec::new();
    let mut locked = false;
    for (index, value) in args.list("STATUS") {
        match status_value("STATUS", index, value) {
            Some(StatusValue::Client(flag)) if flag == TRANSFER_FLAG => locked = true,
            Some(StatusValue::Client(flag)) if !flags.contains(&flag) => flags.push(flag),
            Some(StatusValue::Other { value, .. }) if shown(&value) => {}
            Some(StatusValue::Other { key, value }) => return Err(not_client(&key, &value)),
            Some(StatusValue::Client(_)) | None => {}
        }
    }
    Ok((flags, locked))
}

/// A STATUS / ADDSTATUS / DELSTATUS value of the HEXONET ModifyDomain: a
/// client flag (canonical name), or another value with its parameter name,
/// which only passes when the domain shows it already (see [`client_only`]).
enum StatusValue {
    Client(String),
    Other { key: String, value: String },
}

/// `None` for an empty slot.
fn status_value(stem: &str, index: usize, value: &str) -> Option<StatusValue> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    Some(
        match CLIENT_FLAGS.iter().find(|f| f.eq_ignore_ascii_case(value)) {
            Some(flag) => StatusValue::Client((*flag).to_owned()),
            None => StatusValue::Other {
                key: format!("{stem}{index}"),
                value: value.to_owned(),
            },
        },
    )
}

fn not_client(key: &str, value: &str) -> Error {
    Error::invalid(
        key,
        format_args!(
            "({value}) is not a client status a registrar may set ({})",
            CLIENT_FLAGS.join(", ")
        ),
    )
}

/// [`read_flags`] keeping the other values for [`client_only`].
fn read_status_values(args: &mut Args<'_>, stem: &str) -> Result<Vec<StatusValue>> {
    let values = args.list(stem).into_iter();
    Ok(values
        .filter_map(|(index, value)| status_value(stem, index, value))
        .collect())
}

/// The client flags of a status change. A value that is no client flag
/// passes only when StatusDomain shows it on the domain now (`ACTIVE`, a
/// server status such as the transfer age lock's): the Terraform provider
/// sends back the STATUS rows it read, and DELSTATUS of those it no longer
/// wants; such a value changes nothing. Any other is `541`.
fn client_only(
    ctx: &Ctx<'_>,
    name: &DomainName,
    tld: &Tld,
    change: ListChange<StatusValue>,
) -> Result<ListChange<String>> {
    let all = change
        .set
        .iter()
        .flatten()
        .chain(&change.del)
        .chain(&change.add);
    let others: Vec<(&str, &str)> = all
        .filter_map(|value| match value {
            StatusValue::Other { key, value } => Some((key.as_str(), value.as_str())),
            StatusValue::Client(_) => None,
        })
        .collect();
    if !others.is_empty() {
        let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
        let shown = statuses(ctx.system, domain, tld, ctx.now);
        if let Some((key, value)) = others
            .into_iter()
            .find(|(_, value)| !shown.iter().any(|row| row.eq_ignore_ascii_case(value)))
        {
            return Err(not_client(key, value));
        }
    }
    let clients = |values: Vec<StatusValue>| -> Vec<String> {
        values
            .into_iter()
            .filter_map(|value| match value {
                StatusValue::Client(flag) => Some(flag),
                StatusValue::Other { .. } => None,
            })
            .collect()
    };
    Ok(ListChange {
        set: change.set.map(clients),
        del: clients(change.del),
        add: clients(change.add),
    })
}

/// Reads the contacts of one role: set-style `<ROLE><n>` (handles or inline)
/// and, with `lists` (ModifyDomain; ModifyDomainApplication takes the set
/// only), `ADD<ROLE><n>` (handles or inline) and `DEL<ROLE><n>` (handles).
pub(in crate::command) fn read_contacts(
    args: &mut Args<'_>,
    ctx: &Ctx<'_>,
    role: Role,
    lists: bool,
) -> Result<ListChange<ContactSpec>> {
    let stem = role.parameter();
    let mut set = Vec::new();
    let mut add = Vec::new();
    let mut del = Vec::new();
    for index in role.slots() {
        set.extend(read_contact(args, ctx, stem, index)?);
        if !lists {
            continue;
        }
        add.extend(read_contact(args, ctx, &format!("ADD{stem}"), index)?);
        if let Some(handle) = args.optional(&format!("DEL{stem}{index}")) {
            del.push(ContactSpec::Handle(handle.to_owned()));
        }
    }
    Ok(ListChange {
        set: (!set.is_empty()).then_some(set),
        del,
        add,
    })
}

/// Changes a domain of the caller.
///
/// ```text
/// COMMAND              = ModifyDomain
/// DOMAIN               = <domain>
/// DOMAINAUTH           = <domain> <auth code>  (instead of DOMAIN, or naming the same one;
///                        a wrong code is 531)
/// NAMESERVER0..12      = <host>     (set-style: the non-empty values replace the list)
/// ADDNAMESERVER0..12 / DELNAMESERVER0..12 = <host>
/// OWNERCONTACT0, ADMINCONTACT0..2, TECHCONTACT0..2, BILLINGCONTACT0..2
///                      = <handle> or inline fields (set-style per role)
/// ADD<ROLE>CONTACTn / DEL<ROLE>CONTACTn = <handle>
/// STATUS0..n / ADDSTATUS0..n / DELSTATUS0..n = <client flag>
///                      (or a status the domain shows now, e.g. ACTIVE: changes nothing)
/// TRANSFERLOCK         = 0 | 1
/// X-ACCEPT-WHOISTRUSTEE-TAC = 0 | 1
/// INTERNALDNS          = 0 | 1
/// AUTH                 = <6..64 characters>  | GENERATERANDOMAUTH = 1
/// SECDNS-DS0..n / ADDSECDNS-DS0..n / DELSECDNS-DS0..n, SECDNS-KEY... alike
/// SECDNS-MAXSIGLIFE    = <seconds>,  SECDNS-URGENT = 0 | 1
/// SECDNS-REMOVE-ALL    = 1  (empties the DNSSEC data; records sent with it are the new data)
/// HOST0..n / ADDHOST0..n / DELHOST0..n = <host> <ip> [<ip>...]  (DELHOST: the name is enough)
/// X-...                = <value>  (empty removes the field)
/// ---
/// 200 Command completed successfully
/// ```
pub(in crate::command) fn modify_domain(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let (name, domain_auth) = read_target(args)?;
    let tld = zone_of(&name)?;
    let nameservers = read_list(args, "NAMESERVER", read_hostnames)?;
    let mut contacts = Vec::new();
    for role in Role::ALL {
        contacts.push(read_contacts(args, ctx, role, true)?);
    }
    let status = read_list(args, "STATUS", read_status_values)?;
    let transfer_lock = args.flag("TRANSFERLOCK")?;
    let id_protection = read_id_protection(args, tld)?;
    let internal_dns = args.flag("INTERNALDNS")?;
    let auth = read_auth(args)?;
    let random_auth = args.flag("GENERATERANDOMAUTH")?.unwrap_or(false);
    let ds = read_list(args, "SECDNS-DS", read_ds)?;
    let keys = read_list(args, "SECDNS-KEY", read_keys)?;
    let max_sig_life = args.parsed::<u64>("SECDNS-MAXSIGLIFE")?;
    let remove_all = args.flag("SECDNS-REMOVE-ALL")?.unwrap_or(false);
    args.flag("SECDNS-URGENT")?;
    let hosts_sent = args.list("HOST").into_iter().next().is_some();
    let hosts = ListChange {
        set: Some(read_hosts(args, "HOST")?).filter(|_| hosts_sent),
        del: read_host_names(args, "DELHOST")?,
        add: read_hosts(args, "ADDHOST")?,
    };
    let extensions = args.unread_with_prefix("X-");
    args.finish()?;
    if let Some(code) = domain_auth {
        let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
        if !domain.auth_matches(code, ctx.now) {
            return Err(Error::AuthorizationFailed(format!(
                "DOMAINAUTH: wrong auth code for {name}"
            )));
        }
    }
    let status = client_only(ctx, &name, tld, status)?;
    check_change(tld, extensions.iter().copied())?;
    if auth.is_some() && random_auth {
        return Err(Error::invalid(
            "GENERATERANDOMAUTH",
            "give either AUTH or GENERATERANDOMAUTH=1, not both",
        ));
    }
    ctx.log(Op::Update, OpStatus::Successful, name.as_str());
    apply_change(
        ctx,
        DomainChange {
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
            tags: ListChange::default(),
        },
    )?;
    Ok(Response::ok())
}

/// The domain to change: DOMAIN, or DOMAINAUTH (`<domain> <auth code>`),
/// which protocol.md §8 ModifyDomain takes instead of DOMAIN; sent together
/// they must name the same domain (`541`). Also the code DOMAINAUTH gave.
fn read_target<'a>(args: &mut Args<'a>) -> Result<(DomainName, Option<&'a str>)> {
    let Some(pair) = args.optional("DOMAINAUTH") else {
        return Ok((read_name(args, "DOMAIN")?, None));
    };
    let rule = "must be <domain> <auth code>";
    let name = match args.optional("DOMAIN") {
        Some(_) => read_name(args, "DOMAIN")?,
        None => {
            let (domain, code) = pair.split_once(' ').unwrap_or((pair, ""));
            // One word may be the auth code sent alone: not echoed.
            let shown = if code.is_empty() { "***" } else { domain };
            DomainName::parse(domain).map_err(|_| Error::syntax_rule("DOMAINAUTH", shown, rule))?
        }
    };
    match read_domain_auth(args, &name)? {
        Some(code) if !code.trim().is_empty() => Ok((name, Some(code.trim()))),
        _ => Err(Error::syntax_rule("DOMAINAUTH", pair, rule)),
    }
}

/// `DELHOST<n>` = `<host> [<ip>...]`: the host names to remove.
fn read_host_names(args: &mut Args<'_>, stem: &str) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for (index, value) in args.list(stem) {
        let Some(host) = value.split_whitespace().next() else {
            continue;
        };
        let name = DomainName::parse_host(host)
            .map_err(|rule| Error::syntax_rule(&format!("{stem}{index}"), value, rule))?;
        names.push(name.as_str().to_owned());
    }
    Ok(names)
}

#[path = "modify_change.rs"]
mod change;
pub(in crate::command) use change::{DomainChange, apply_change, change_domain};
