//! SetDomainRenewalMode and what the CNR dialect shares of it: the renewal
//! mode and the automatic renewal's period, set for both halves of a
//! bundle, and the modes some zones only offer. Charges nothing and runs
//! no renewal: the clock does (`registry/lifecycle.rs`); a change to a mode
//! that does not renew undoes the clock's last renewal within its grace
//! period (`registry/unrenew.rs`).

use super::args::{read_name, read_period, read_renewal_mode, zone_of};
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue::Tld;
use crate::registry::objectlog::{Op, OpStatus};
use crate::registry::unrenew::renews;
use crate::registry::{DomainName, Period, RenewalMode};
use crate::wire::Response;

/// Sets what happens at expiry (and the automatic renewal's period), for
/// both halves of a bundle. A change from a renewing mode to AUTOEXPIRE or
/// AUTODELETE (DEFAULT when it means one of them) within the zone's grace
/// days after the clock's automatic renewal undoes that renewal once: the
/// dates go back by its period, its charge is refunded (`UNRENEW=1`).
///
/// ```text
/// COMMAND     = SetDomainRenewalMode
/// DOMAIN      = <domain>
/// RENEWALMODE = DEFAULT | AUTORENEW | AUTOEXPIRE | AUTODELETE | RENEWONCE | AUTORENEWMONTHLY (.de)
/// PERIOD      = <renewal period> | DEFAULT    (optional)
/// ---
/// PROPERTY[UNRENEW][0] = 1 | 0  (1: the automatic renewal was undone)
/// ```
pub(in crate::command) fn set_domain_renewal_mode(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    let tld = zone_of(&name)?;
    let mode = read_renewal_mode(args)?.ok_or(Error::MissingParameter("RENEWALMODE".into()))?;
    let period = match args.optional("PERIOD") {
        Some(text) if text.eq_ignore_ascii_case("DEFAULT") => Some(None),
        Some(_) => Some(Some(read_period(
            args,
            tld.renewal_periods,
            "renewal",
            tld,
        )?)),
        None => None,
    };
    args.finish()?;
    let unrenewed = set_renewal_mode(ctx, &name, tld, mode, period)?;
    ctx.log(Op::Update, OpStatus::Successful, name.as_str());
    Ok(Response::ok().with("UNRENEW", u8::from(unrenewed)))
}

/// SetDomainRenewalMode's work after reading: the modes of some zones only
/// ([`refuse_zone_mode`]), the caller
/// holds the domain, then the change (also of the other half of its bundle,
/// logged here; the caller logs `name`). `period`: `Some` sets the renewal
/// period. `true` if the change undid the clock's last renewal (the bundle's
/// first half holds it; [`System::unrenew`](crate::registry::System::unrenew)).
pub(in crate::command) fn set_renewal_mode(
    ctx: &mut Ctx<'_>,
    name: &DomainName,
    tld: &Tld,
    mode: RenewalMode,
    period: Option<Option<Period>>,
) -> Result<bool> {
    refuse_zone_mode(mode, tld)?;
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    // A registration the registry has not confirmed (the .swiss review, a
    // slow-registry rule) can only be read, as can a domain with a transfer
    // pending (553): a mode that ends the auto-renewal would move its
    // registry expiry back and refund the renewal under the transfer.
    ctx.system.refuse_pending_transfer(name.as_str())?;
    let other = ctx.system.bundle_other(&domain.name, ctx.owner());
    let renewed = renews(domain.acting_mode());
    let main = ctx.system.bundle_main(name, ctx.owner());
    let main = main.unwrap_or_else(|| name.as_str().to_owned());
    let (now, actor) = (ctx.now, ctx.actor());
    for half in std::iter::once(name.as_str()).chain(other.as_deref()) {
        ctx.system.modify_domain(half, |domain| {
            domain.renewal_mode = mode;
            if let Some(period) = period {
                domain.extra_mut().renewal_period = period;
            }
            domain.updated = now;
            domain.updated_by = actor.as_str().into();
        });
    }
    if let Some(other) = &other {
        ctx.log(Op::Update, OpStatus::Successful, other);
    }
    let acting = ctx
        .system
        .domain(name.as_str())
        .map(|domain| domain.acting_mode());
    Ok(renewed
        && acting.is_some_and(|acting| !renews(acting))
        && ctx.system.unrenew(&main, now, acting.unwrap_or(mode)))
}

/// The modes of some zones only: AUTORENEWMONTHLY .de, AUTORENEWQUARTERLY
/// .nl, EXPIREAUCTION the big gTLDs and .me (`541` elsewhere).
pub(in crate::command) fn refuse_zone_mode(mode: RenewalMode, tld: &Tld) -> Result<()> {
    let zones: &[&str] = match mode {
        RenewalMode::AutoRenewMonthly => &["de"],
        RenewalMode::AutoRenewQuarterly => &["nl"],
        RenewalMode::ExpireAuction => &["com", "net", "org", "info", "biz", "tv", "mobi", "me"],
        _ => &[],
    };
    if !zones.is_empty() && !zones.contains(&tld.zone) {
        return Err(Error::invalid(
            "RENEWALMODE",
            format_args!(
                "{} is offered for .{} only, not .{}",
                mode.as_str(),
                zones.join(", ."),
                tld.zone
            ),
        ));
    }
    Ok(())
}
