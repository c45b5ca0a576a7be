//! CheckAuthorization: whether the caller may access and manage one object
//! of a class otebox keeps (DOMAIN, CONTACT, USER, NAMESERVER/HOST,
//! DNSZONE): held in the request's view (its `s_user` subuser view
//! included) and, for a role user, allowed by its ACL. Reads only: must not
//! change the registry or decide ownership itself (the registry's `owned_*`
//! lookups and `auth::check_acl` do).

use super::nameserver_host::owned_host;
use super::{Args, Ctx};
use crate::auth::check_acl;
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::DomainName;
use crate::wire::{Params, Response};

/// The default language every user answers: otebox keeps no per-user
/// language, and the reference's example answers this one.
const LANGUAGE: &str = "en_US";

/// `200` when the object is the view's (a user: the view's account or one
/// below it) and, for a role user, its ACL allows both the class's status
/// and change commands for it (`StatusDomain` and `ModifyDomain` with
/// `DOMAIN=<id>`, and so on); otherwise `531 Authorization failed; <why>`,
/// an unknown object too (the reference lists no `545`). An OBJECTCLASS
/// otebox does not keep is `505`, the only value code the reference lists.
///
/// ```text
/// COMMAND     = CheckAuthorization
/// OBJECTCLASS = DOMAIN | CONTACT | USER | NAMESERVER | HOST | DNSZONE
/// OBJECTID    = <domain> | <handle> | <user> | <host name> | <zone>[.]
/// ---
/// 200 Command completed successfully
/// PROPERTY[LANGUAGE][0] = en_US       (USER only)
/// ```
pub(super) fn check_authorization(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let class = args.required("OBJECTCLASS")?;
    let id = args.required("OBJECTID")?;
    args.finish()?;
    let class = Class::parse(class)?;
    let id = class
        .held(ctx, id)
        .map_err(|error| refused(error, class, id))?;
    // A role's view of the object: what it may see, and what it may change.
    for command in class.commands() {
        let mut params = Params::new();
        params.insert(class.parameter().into(), id.as_str().into());
        check_acl(ctx.system, ctx.caller, command, &params, Dialect::Hexonet)?;
    }
    let mut response = Response::ok();
    if class == Class::User {
        response.push_str("LANGUAGE", LANGUAGE);
    }
    Ok(response)
}

/// The object classes CheckAuthorization knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Domain,
    Contact,
    User,
    Nameserver,
    DnsZone,
}

impl Class {
    /// OBJECTCLASS, case-insensitive (`HOST` is a nameserver): `505` for
    /// any other class.
    fn parse(text: &str) -> Result<Class> {
        match text.to_ascii_uppercase().as_str() {
            "DOMAIN" => Ok(Class::Domain),
            "CONTACT" => Ok(Class::Contact),
            "USER" => Ok(Class::User),
            "NAMESERVER" | "HOST" => Ok(Class::Nameserver),
            "DNSZONE" => Ok(Class::DnsZone),
            _ => Err(Error::syntax_rule(
                "OBJECTCLASS",
                text,
                "is not DOMAIN, CONTACT, USER, NAMESERVER, HOST or DNSZONE",
            )),
        }
    }

    /// The class as the wire names it.
    fn name(self) -> &'static str {
        match self {
            Class::Domain => "DOMAIN",
            Class::Contact => "CONTACT",
            Class::User => "USER",
            Class::Nameserver => "NAMESERVER",
            Class::DnsZone => "DNSZONE",
        }
    }

    /// The commands that read and change an object of the class, for the
    /// role's ACL.
    fn commands(self) -> [&'static str; 2] {
        match self {
            Class::Domain => ["StatusDomain", "ModifyDomain"],
            Class::Contact => ["StatusContact", "ModifyContact"],
            Class::User => ["StatusUser", "ModifyUser"],
            Class::Nameserver => ["StatusNameserver", "ModifyNameserver"],
            Class::DnsZone => ["StatusDNSZone", "UpdateDNSZone"],
        }
    }

    /// The parameter those commands name the object with.
    fn parameter(self) -> &'static str {
        match self {
            Class::Domain => "DOMAIN",
            Class::Contact => "CONTACT",
            Class::User => "SUBUSER",
            Class::Nameserver => "NAMESERVER",
            Class::DnsZone => "DNSZONE",
        }
    }

    /// The object's id as the registry keys it, when the view holds it:
    /// the registry's refusals (`545` none, `531` another account's).
    fn held(self, ctx: &Ctx<'_>, id: &str) -> Result<String> {
        let (system, owner) = (&*ctx.system, ctx.owner());
        let name = || {
            let text = id.strip_suffix('.').unwrap_or(id);
            DomainName::parse(text).map_err(|rule| Error::syntax_rule("OBJECTID", id, rule))
        };
        match self {
            Class::Domain => Ok(system
                .owned_domain(owner, name()?.as_str())?
                .name
                .to_string()),
            Class::Contact => Ok(system.owned_contact(owner, id, "OBJECTID")?.id.to_string()),
            Class::User if system.user(id).is_none() => {
                Err(Error::ObjectNotFound(format!("USER {id}")))
            }
            Class::User if !system.in_subtree(owner, id) => Err(Error::AuthorizationFailed(
                format!("USER {id} is not {owner} or one of its subusers"),
            )),
            Class::User => Ok(id.to_owned()),
            Class::Nameserver => Ok(owned_host(system, owner, &name()?)?.name.to_string()),
            Class::DnsZone => Ok(system.owned_zone(owner, name()?.as_str())?.name.to_string()),
        }
    }
}

/// An unknown object is refused as one the caller may not manage: `531`
/// naming the class and id asked for.
fn refused(error: Error, class: Class, id: &str) -> Error {
    match error {
        Error::ObjectNotFound(_) => {
            Error::AuthorizationFailed(format!("{} {id} does not exist", class.name()))
        }
        other => other,
    }
}
