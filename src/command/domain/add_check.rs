//! CheckDomainRegistration: whether an AddDomain of the same request would
//! work now, through AddDomain's own reading (`add::read_order`) and checks
//! and price (`add::check_add`), so the two never disagree. Reads only: must
//! not change the registry (no domain, no contact made for inline data,
//! nothing charged, logged, verified or mailed).

use super::add::{check_add, read_order, role_handles};
use crate::command::contact::{ContactSpec, reusable};
use crate::command::{Args, Ctx};
use crate::error::Result;
use crate::registry::Role;
use crate::wire::Response;

/// Dry-runs an AddDomain: `218 Request is available` with the contacts and
/// nameservers the registration would get, or the code and text AddDomain
/// would refuse it with (its parameters, the name, the zone's rules, the
/// contacts, the price and the balance; `SUBUSER` as AddDomain reads it).
/// Unset admin, tech and billing contacts are the owner's, as AddDomain
/// stores them; inline contact data answers the caller's identical handle
/// (AddDomain would reuse it), or no handle (AddDomain would make one).
/// otebox keeps no registry-side contact objects, so every zone's
/// `...CONTACTMANAGEMENTTYPE` is `THIN` (the reference's example, .com).
///
/// ```text
/// COMMAND            = CheckDomainRegistration
/// DOMAIN, PERIOD, OWNERCONTACT0, ADMINCONTACT0..2, TECHCONTACT0..2,
/// BILLINGCONTACT0..2, NAMESERVER0..12, TRANSFERLOCK, INTERNALDNS, AUTH,
/// RENEWALMODE, SECDNS-*, HOST0..n, CLASS, CLAIMKEY..., X-... = as AddDomain
/// ---
/// 218 Request is available
/// PROPERTY[ADMINCONTACT][n], [ADMINCONTACTMANAGEMENTTYPE][0], [BILLINGCONTACT][n],
/// [BILLINGCONTACTMANAGEMENTTYPE][0], [NAMESERVER][n], [OWNERCONTACT][n],
/// [OWNERCONTACTMANAGEMENTTYPE][0], [REPOSITORY][0], [TECHCONTACT][n],
/// [TECHCONTACTMANAGEMENTTYPE][0]
/// ```
pub(in crate::command) fn check_domain_registration(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let (mut order, class) = read_order(args, ctx)?;
    args.finish()?;
    check_add(ctx, &mut order, class.as_deref())?;
    let handles = role_handles(order.contacts.each_ref(), |spec| match spec {
        ContactSpec::Handle(handle) => Some(handle.clone()),
        ContactSpec::Inline(data) => reusable(ctx, data, &Default::default(), None),
    });
    let mut response = Response::status(218, "Request is available");
    let contacts = |response: &mut Response, role: Role| {
        let (column, kind) = match role {
            Role::Owner => ("OWNERCONTACT", "OWNERCONTACTMANAGEMENTTYPE"),
            Role::Admin => ("ADMINCONTACT", "ADMINCONTACTMANAGEMENTTYPE"),
            Role::Tech => ("TECHCONTACT", "TECHCONTACTMANAGEMENTTYPE"),
            Role::Billing => ("BILLINGCONTACT", "BILLINGCONTACTMANAGEMENTTYPE"),
        };
        for handle in &handles[role.index()] {
            response.push(column, handle);
        }
        response.push_str(kind, "THIN");
    };
    contacts(&mut response, Role::Admin);
    contacts(&mut response, Role::Billing);
    for ns in &order.nameservers {
        response.push_str("NAMESERVER", ns);
    }
    contacts(&mut response, Role::Owner);
    response.push_str("REPOSITORY", order.tld.repository);
    contacts(&mut response, Role::Tech);
    Ok(response)
}
