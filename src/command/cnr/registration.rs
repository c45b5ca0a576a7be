//! What the CentralNic Reseller AddDomain and AddDomainApplication share:
//! reading AddDomain's parameters into HEXONET's `Order` and placing the
//! registration through HEXONET's cores (`command::domain::shared`). Must
//! not answer anything: the commands push their own properties.

use rust_decimal::Decimal;

use super::super::domain::shared::{
    Order, check_order, premium_price, read_auth, read_ds, read_extensions, read_hostnames,
    read_keys, read_period, read_role_contacts, refuse_zone_mode, register, zone_of,
};
use super::super::{Args, Ctx};
use super::check::read_domain;
use super::domain::{PREMIUM_FEE, cnr_fields_named, hexonet_fields, read_ignored};
use super::domain_modify::read_cnr_renewal_mode;
use super::domain_tags::read_new_tags;
use super::fee::{account_currency, confirm, price_in, read_fee};
use super::idn::read_idn_language;
use crate::dialect::cnr_field_defaults;
use crate::error::{Error, Result};
use crate::registry::catalogue::{Rule, Tld};
use crate::registry::{
    APPLICATION_REVIEW_SECONDS, Availability, Domain, Money, RenewalMode, SecDns,
};

/// What AddDomain (and AddDomainApplication, `application.rs`) read before
/// `Args::finish`: the HEXONET order, the premium fee and its currency, and
/// the domain's tags (`DOMAINTAG#`, kept once it is placed).
pub(super) struct Registration {
    pub(super) order: Order,
    pub(super) fee: Option<Decimal>,
    pub(super) currency: Option<String>,
    pub(super) tags: Vec<String>,
}

/// Reads AddDomain's parameters (all but `finish`): `505`/`541` for a
/// value that is wrong on its own, before anything is checked.
pub(super) fn read_registration(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Registration> {
    let name = read_domain(args, "DOMAIN")?;
    let tld = zone_of(&name)?;
    let period = read_period(args, tld.registration_periods, "registration", tld)?;
    let nameservers = read_hostnames(args, "NAMESERVER")?;
    let contacts = read_role_contacts(args, ctx)?;
    let transfer_lock = args.flag("TRANSFERLOCK")?.unwrap_or(false);
    let id_protection = read_whois_privacy(args, tld)?.unwrap_or(false);
    let auth = read_auth(args)?;
    let renewal_mode = read_cnr_renewal_mode(args)?.unwrap_or(RenewalMode::Default);
    refuse_zone_mode(renewal_mode, tld)?;
    let secdns = SecDns {
        ds: read_ds(args, "DNSSECDSDATA")?,
        keys: read_keys(args, "DNSSEC")?,
        max_sig_life: None,
    };
    let fee = read_fee(args)?;
    let currency = args.optional("X-FEE-CURRENCY").map(str::to_owned);
    read_idn_language(args, tld)?;
    read_ignored(args, &["TRANSFERMODE", "X-FEE-APPLICATION", "TOKEN"], &[]);
    let tags = read_new_tags(args)?;
    let mut extensions = hexonet_fields(read_extensions(args));
    for (field, value) in cnr_field_defaults(tld.zone) {
        extensions
            .entry(field.to_owned())
            .or_insert_with(|| value.to_owned());
    }
    let order = Order {
        name,
        tld,
        period,
        premium: None,
        nameservers,
        contacts,
        transfer_lock,
        flags: Vec::new(),
        id_protection,
        internal_dns: false,
        auth,
        renewal_mode,
        secdns,
        hosts: Vec::new(),
        extensions,
    };
    Ok(Registration {
        order,
        fee,
        currency,
        tags,
    })
}

/// ID protection as sent: `X-WHOISPRIVACY`, or the KB's other spelling
/// `X-WHOIS-PRIVACY` (the name StatusDomain answers with), `0|1` (`505`);
/// `None` when neither came. Both with different values `541`; on in a
/// zone without the service `541` as the platform words it.
pub(super) fn read_whois_privacy(args: &mut Args<'_>, tld: &Tld) -> Result<Option<bool>> {
    let joined = args.flag("X-WHOISPRIVACY")?;
    let dashed = args.flag("X-WHOIS-PRIVACY")?;
    let on = match (joined, dashed) {
        (Some(joined), Some(dashed)) if joined != dashed => {
            return Err(Error::invalid(
                "X-WHOIS-PRIVACY",
                format_args!(
                    "({}) contradicts X-WHOISPRIVACY ({})",
                    u8::from(dashed),
                    u8::from(joined)
                ),
            ));
        }
        (joined, dashed) => joined.or(dashed),
    };
    if on == Some(true) && !tld.id_protection {
        return Err(Error::InvalidValue(
            "X-WHOISPRIVACY not supported".to_owned(),
        ));
    }
    Ok(on)
}

/// Registers what [`read_registration`] read, as `command`: a taken name
/// is `554` (your own too: the CNR code list has no "assigned to you"
/// answer), a premium name needs its fee (`504`, [`PREMIUM_FEE`]) at its
/// price, then HEXONET's checks and charge. A zone whose registry reviews
/// each registration (.swiss) leaves it REQUESTED until its review ends,
/// as HEXONET's GOLIVE application (`registry/creating.rs`). Returns the
/// domain and the premium charge in the account currency.
pub(super) fn place(
    ctx: &mut Ctx<'_>,
    registration: Registration,
    command: &str,
) -> Result<(Domain, Option<(Money, &'static str)>)> {
    let Registration {
        mut order,
        fee,
        currency,
        tags,
    } = registration;
    let (name, period) = (order.name.clone(), order.period);
    let (class, charged) = match ctx.system.availability(&name, ctx.now) {
        Availability::Premium(_, premium) => {
            let Some(fee) = fee else {
                return Err(Error::missing(PREMIUM_FEE));
            };
            // The fee confirms the price in its currency (fee.rs); the charge is HEXONET's.
            let price = premium_price(&premium, period);
            let what = format_args!("the premium price of {name} for {period}");
            confirm(
                ctx,
                fee,
                currency.as_deref(),
                (price, premium.currency),
                what,
            )?;
            let account = account_currency(ctx);
            let charged = price_in(price, premium.currency, account, "X-FEE-CURRENCY")?;
            (Some(premium.class), Some((charged, account)))
        }
        Availability::Registered => {
            return Err(Error::AlreadyRegistered(format!(
                "{name} is registered already"
            )));
        }
        _ => (None, None),
    };
    check_order(ctx, &mut order, class.as_deref()).map_err(cnr_fields_named)?;
    if matches!(order.tld.rule, Rule::Application(_)) {
        ctx.slow = Some(ctx.slow.unwrap_or(0).max(APPLICATION_REVIEW_SECONDS));
    }
    let mut domain = register(ctx, order, command)?;
    if !tags.is_empty() {
        ctx.system.modify_domain(domain.name.as_str(), |held| {
            held.extra_mut().tags = tags.clone()
        });
        domain.extra_mut().tags = tags;
    }
    Ok((domain, charged))
}
