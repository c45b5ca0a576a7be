//! Domain registration: AddDomain, and the reading, checks and storing
//! AddDomainApplication shares (`application.rs` files the application);
//! `check_add` is every check AddDomain makes before it changes anything,
//! which CheckDomainRegistration (`add_check.rs`) answers with.
//! A bundle's first half (`x.ngo`) is stored with its second (`x.ong`) for
//! one price; the second half alone is refused by `System::availability`
//! (`registry/bundle.rs`). Reading the shared parameters lives in `args.rs`,
//! StatusDomain and the dates in `status.rs`, changes in `modify.rs`,
//! renewals in `renew.rs`, deletion in `delete.rs`, lists in `list.rs`. Must
//! not touch contacts beyond `read_contact` / `commit_contact`.

use indexmap::IndexMap;

use super::args::{
    check_class, check_nameservers, premium_price, read_auth, read_claims_notice, read_ds,
    read_extensions, read_hostnames, read_hosts, read_id_protection, read_keys, read_name,
    read_period, read_renewal_mode, read_role_contacts, zone_of,
};
use super::extensions::check_registration;
use super::modify::read_new_flags;
use super::pending::{create_status, leave_pending, registered, registered_status};
use super::registrant::check_registrant;
use super::status::{Dates, push_dates};
use crate::command::contact::{ContactSpec, commit_contact};
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::bundle;
use crate::registry::catalogue::{self, Rule, Tld};
use crate::registry::objectlog::Op;
use crate::registry::pricing::Action;
use crate::registry::{
    Availability, Domain, DomainName, Extra, Money, Period, Premium, RenewalMode, Role, SecDns,
    temporary_failure,
};
use crate::registry::{LedgerItem, LedgerKind, PriceFor, System};
use crate::wire::Response;

/// What the registration request asked for, validated, not yet stored.
pub(in crate::command) struct Order {
    pub(in crate::command) name: DomainName,
    pub(in crate::command) tld: &'static Tld,
    pub(in crate::command) period: Period,
    pub(in crate::command) premium: Option<Premium>,
    pub(in crate::command) nameservers: Vec<String>,
    pub(in crate::command) contacts: [Vec<ContactSpec>; 4],
    pub(in crate::command) transfer_lock: bool,
    /// EPP client flags besides the transfer lock (AddDomain's STATUS).
    pub(in crate::command) flags: Vec<String>,
    pub(in crate::command) id_protection: bool,
    pub(in crate::command) internal_dns: bool,
    pub(in crate::command) auth: Option<String>,
    pub(in crate::command) renewal_mode: RenewalMode,
    pub(in crate::command) secdns: SecDns,
    pub(in crate::command) hosts: Vec<String>,
    pub(in crate::command) extensions: IndexMap<String, String>,
}

/// Reads and checks everything AddDomain and AddDomainApplication share;
/// also returns the CLASS the request gave (premium names need it).
pub(super) fn read_order(args: &mut Args<'_>, ctx: &Ctx<'_>) -> Result<(Order, Option<String>)> {
    let name = read_name(args, "DOMAIN")?;
    let tld = zone_of(&name)?;
    let period = read_period(args, tld.registration_periods, "registration", tld)?;
    let nameservers = read_hostnames(args, "NAMESERVER")?;
    let contacts = read_role_contacts(args, ctx)?;
    let transfer_lock = args.flag("TRANSFERLOCK")?;
    let id_protection = read_id_protection(args, tld)?;
    let internal_dns = args.flag("INTERNALDNS")?;
    let auth = read_auth(args)?;
    let renewal_mode = read_renewal_mode(args)?.unwrap_or(RenewalMode::Default);
    let secdns = SecDns {
        ds: read_ds(args, "SECDNS-DS")?,
        keys: read_keys(args, "SECDNS-KEY")?,
        max_sig_life: args.parsed::<u64>("SECDNS-MAXSIGLIFE")?,
    };
    let hosts = read_hosts(args, "HOST")?;
    let class = args.optional("CLASS").map(str::to_owned);
    read_claims_notice(args)?;
    let extensions = read_extensions(args);
    let order = Order {
        name,
        tld,
        period,
        premium: None,
        nameservers,
        contacts,
        transfer_lock: transfer_lock.unwrap_or(false),
        flags: Vec::new(),
        id_protection: id_protection.unwrap_or(false),
        internal_dns: internal_dns.unwrap_or(false),
        auth,
        renewal_mode,
        secdns,
        hosts,
        extensions,
    };
    Ok((order, class))
}

/// The checks after reading: the name is free (or premium with the right
/// CLASS), the zone's required fields and rules hold. Fills `order.premium`.
pub(in crate::command) fn check_order(
    ctx: &Ctx<'_>,
    order: &mut Order,
    class: Option<&str>,
) -> Result<()> {
    let name = &order.name;
    match ctx.system.availability(name, ctx.now) {
        Availability::Available(_) => {
            if let Some(class) = class {
                return Err(Error::invalid(
                    "CLASS",
                    format_args!("({class}) given, but {name} is not a premium name"),
                ));
            }
        }
        Availability::Premium(_, premium) => match class {
            None => return Err(Error::missing(format!("CLASS={}", premium.class))),
            Some(class) => {
                check_class(&premium.class, class)?;
                order.premium = Some(premium);
            }
        },
        Availability::Registered => {
            return Err(match ctx.system.domain(name.as_str()) {
                Some(domain) if domain.owner == ctx.owner() => {
                    Error::NotUnique("DOMAIN is already assigned to your account".to_owned())
                }
                _ => Error::AlreadyRegistered(format!("{name} is registered already")),
            });
        }
        Availability::Reserved => {
            return Err(Error::CommandFailed(format!(
                "{name} is reserved by the registry"
            )));
        }
        Availability::Blocked => {
            return Err(Error::CommandFailed(format!(
                "{name} is blocked by the registry (a DPML-style block)"
            )));
        }
        Availability::Collision => {
            return Err(Error::CommandFailed(format!(
                "{name} is on the registry's name-collision list and cannot be registered"
            )));
        }
        Availability::UnknownZone => return Err(zone_of(name).err().unwrap_or(Error::ServerError)),
        Availability::Unanswered => return Err(temporary_failure(name.as_str())),
        Availability::Refused(_, why) => return Err(Error::invalid("DOMAIN", why)),
        Availability::BundleOnly(first) => {
            return Err(Error::invalid(
                "DOMAIN",
                format_args!(
                    "{name} is registered only with {first}, as one bundle: register {first}"
                ),
            ));
        }
        Availability::BundleTaken(second) => {
            return Err(Error::AlreadyRegistered(format!(
                "{name} comes only with {second}, which is registered already"
            )));
        }
    }
    check_fields(ctx, order)
}

/// [`check_order`]'s checks after the name's availability: the zone's
/// required fields, the registrant, the nameservers (an aftermarket
/// purchase, whose name is not available, makes these alone).
pub(in crate::command) fn check_fields(ctx: &Ctx<'_>, order: &Order) -> Result<()> {
    let name = &order.name;
    let tld = order.tld;
    let fields = order.extensions.iter();
    check_registration(
        tld,
        fields.map(|(name, value)| (name.as_str(), value.as_str())),
    )?;
    let Some(owner) = order.contacts[Role::Owner.index()].first() else {
        return Err(Error::missing("OWNERCONTACT0"));
    };
    let fields = order.extensions.iter();
    let fields = fields.map(|(name, value)| (name.as_str(), value.as_str()));
    check_registrant(ctx.system, tld, owner, fields)?;
    check_nameservers(ctx.system, tld, &order.nameservers)?;
    ctx.system
        .check_predelegation(tld, name, &order.nameservers, order.internal_dns)?;
    Ok(())
}

pub(super) use crate::registry::ADD_GRACE_DAYS;

/// Every check AddDomain makes before it changes anything, in its order:
/// the application-only zone (`510`), [`check_order`], then [`quote`]'s
/// price, INTERNALDNS zone and balance. AddDomain runs it and then
/// [`store`]s; CheckDomainRegistration (`add_check.rs`) answers with it,
/// so the dry run and the command give one verdict. Returns the price.
pub(in crate::command) fn check_add(
    ctx: &Ctx<'_>,
    order: &mut Order,
    class: Option<&str>,
) -> Result<Money> {
    if let Rule::Application(class) = order.tld.rule {
        return Err(Error::NotSupportedForClass(format!(
            "AddDomain: .{} registrations are applications: send AddDomainApplication with \
             CLASS={class}",
            order.tld.zone
        )));
    }
    check_order(ctx, order, class)?;
    quote(ctx, order, "AddDomain")
}

/// What registering `order` costs the view's account (the premium price
/// converted, or its registration price), after the last checks before the
/// charge: INTERNALDNS's zone is not another account's, and the balance
/// covers the price (`System::check_charge`, `546` as the charge gives it).
/// Changes nothing.
pub(in crate::command) fn quote(ctx: &Ctx<'_>, order: &Order, command: &str) -> Result<Money> {
    let price = price_for(ctx.system, ctx.owner(), order, order.premium.as_ref())?;
    if order.internal_dns {
        ctx.system.check_internal_zone(ctx.owner(), &order.name)?;
    }
    let what = format!("{command} {} for {}", order.name, order.period);
    let terms = order.premium.as_ref();
    let above = |system: &System, account: &str| price_for(system, account, order, terms);
    ctx.system
        .check_charge(ctx.owner(), &charge_of(order, price, &what, &above))?;
    Ok(price)
}

/// What registering `order` costs `account`: the `premium` terms it is
/// bought at converted into its currency, or its registration price.
fn price_for(
    system: &System,
    account: &str,
    order: &Order,
    premium: Option<&Premium>,
) -> Result<Money> {
    match premium {
        Some(premium) => {
            let price = premium_price(premium, order.period);
            system.in_currency_of(account, price, premium.currency)
        }
        None => system.domain_price(account, order.tld, Action::Register(order.period)),
    }
}

/// The ledger entry of registering `order` for `price`.
fn charge_of<'a>(
    order: &'a Order,
    price: Money,
    what: &'a str,
    above: PriceFor<'a>,
) -> LedgerItem<'a> {
    LedgerItem {
        kind: LedgerKind::AddDomain,
        description: order.name.as_str(),
        months: order.period.months,
        price,
        what,
        above: Some(above),
    }
}

/// The handles each role gets from its contacts (`handle`'s answers, each
/// once); a role sent without contacts takes the owner's, as a
/// registration stores them.
pub(super) fn role_handles<I: IntoIterator>(
    contacts: [I; 4],
    mut handle: impl FnMut(I::Item) -> Option<String>,
) -> [Vec<String>; 4] {
    let mut handles: [Vec<String>; 4] = Default::default();
    let mut sent = [false; 4];
    for (role, specs) in contacts.into_iter().enumerate() {
        for spec in specs {
            sent[role] = true;
            match handle(spec) {
                Some(found) if !handles[role].contains(&found) => handles[role].push(found),
                _ => {}
            }
        }
    }
    for role in [Role::Admin, Role::Tech, Role::Billing] {
        if !sent[role.index()] {
            handles[role.index()] = handles[Role::Owner.index()].clone();
        }
    }
    handles
}

/// [`quote`]'s checks, then [`store`]: AddDomainApplication's and the
/// CentralNic Reseller AddDomain's registration.
pub(in crate::command) fn register(
    ctx: &mut Ctx<'_>,
    order: Order,
    command: &str,
) -> Result<Domain> {
    let price = quote(ctx, &order, command)?;
    store(ctx, order, (price, None), command)
}

/// Charges `price` (the last fallible step; each reseller above its own
/// price at the `terms` it was quoted at, the order's premium terms unless
/// an aftermarket offer's), commits the contacts, stores the domain and its
/// bundle (the bundle is included in the price) and asks for the
/// registrant's verification.
pub(super) fn store(
    ctx: &mut Ctx<'_>,
    order: Order,
    (price, terms): (Money, Option<&Premium>),
    command: &str,
) -> Result<Domain> {
    let bundle = bundle::second_half(&order.name);
    let what = format!("{command} {} for {}", order.name, order.period);
    let terms = terms.or(order.premium.as_ref());
    let above = |system: &System, account: &str| price_for(system, account, &order, terms);
    ctx.charge(charge_of(&order, price, &what, &above))?;
    let owner = ctx.owner().to_owned();
    let handles = role_handles(order.contacts, |spec| Some(commit_contact(ctx, spec)));
    let with_code = catalogue::find(&order.name).is_some_and(|tld| tld.codes_from_registration());
    let auth = match order.auth {
        Some(auth) => auth,
        None if with_code => ctx.system.random_code(12),
        None => String::new(),
    };
    let actor = ctx.actor();
    let lifecycle = ctx.system.new_lifecycle(&owner);
    let domain = Domain {
        name: order.name,
        owner: owner.into(),
        created: ctx.now,
        created_by: actor.as_str().into(),
        updated: ctx.now,
        updated_by: actor.into(),
        expires: ctx.now.plus(order.period),
        paid_until: ctx.now.plus(order.period),
        renewal_mode: order.renewal_mode,
        transfer_lock: order.transfer_lock,
        flags: order.flags,
        auth,
        nameservers: order.nameservers,
        contacts: handles.into(),
        id_protection: order.id_protection,
        extra: Some(Box::new(Extra {
            hosts: order.hosts,
            extensions: order.extensions.into_iter().collect(),
            ..Extra::default()
        })),
        secdns: (order.secdns != SecDns::default()).then(|| Box::new(order.secdns)),
        premium: order.premium.map(Box::new),
        add_grace: Some((ctx.now.plus_days(ADD_GRACE_DAYS), price)),
        internal_dns: order.internal_dns,
        lifecycle,
    };
    // CREATE entries, written by dispatch if the command succeeds.
    let status = create_status(ctx);
    ctx.log(Op::Create, status, domain.name.as_str());
    let mut names = vec![domain.name.as_str().to_owned()];
    if let Some(name) = bundle {
        ctx.log(Op::Create, status, name.as_str());
        names.push(name.as_str().to_owned());
        let mut bundled = domain.clone();
        bundled.name = name;
        bundled.add_grace = None;
        if with_code {
            bundled.auth = ctx.system.random_code(12);
        }
        ctx.system.insert_domain(bundled);
    }
    ctx.system.insert_domain(domain.clone());
    leave_pending(ctx, &names);
    if domain.internal_dns {
        let (owner, by) = (&domain.owner, &domain.created_by);
        ctx.system
            .ensure_internal_zone(owner, &domain.name, ctx.now, by);
    }
    // Every registration of either dialect (AddDomain, AddDomainApplication's
    // purchases, backorders of free names and GOLIVE applications) asks for
    // the registrant's verification where ICANN wants one.
    super::verification::ask_for_registration(ctx, &domain.name);
    Ok(domain)
}

/// Registers a domain at once (the sandbox's registries answer in real
/// time), or, when a slow-registry fault rule fired on the request, as
/// `REQUESTEDCREATE` confirmed by the clock later (`registry/creating.rs`).
/// A zone registered by application only (`.swiss`, `Rule::Application`)
/// is refused with `510`, naming AddDomainApplication and its CLASS.
///
/// ```text
/// COMMAND            = AddDomain
/// DOMAIN             = <domain>
/// PERIOD             = <n | nY | nM>       (optional, the zone's first registration period)
/// OWNERCONTACT0      = <handle>            (or inline OWNERCONTACT0FIRSTNAME=... fields)
/// ADMINCONTACT0..2   = <handle>            (optional, default the owner; TECH-, BILLING- alike)
/// NAMESERVER0..12    = <host name>         (optional, empty slots skipped)
/// TRANSFERLOCK       = 0 | 1
/// STATUS0..n         = <client flag> | ACTIVE  (clientTransferProhibited locks unless TRANSFERLOCK says)
/// X-ACCEPT-WHOISTRUSTEE-TAC = 0 | 1        (ID protection, where the zone offers it)
/// INTERNALDNS        = 0 | 1
/// AUTH               = <6..64 characters>  (optional, random 12 characters)
/// RENEWALMODE        = DEFAULT | AUTORENEW | AUTOEXPIRE | AUTODELETE | RENEWONCE | AUTORENEWMONTHLY
/// SECDNS-DS0..n      = <keytag alg digesttype digest>
/// SECDNS-KEY0..n     = <flags protocol alg key>
/// SECDNS-MAXSIGLIFE  = <seconds>
/// HOST0..n           = <host name> <ip> [<ip>...]
/// CLASS              = <PREMIUM_..._A>     (premium names only)
/// CLAIMKEY, NOTICE-POA-ACCEPT-HASH, LAUNCH-MARK-CODE = <text>   (no zone in a claims period: not used)
/// CLAIMKEY-UPDATEDDATE = <YYYY-MM-DD[ hh:mm:ss]>
/// X-...              = <zone fields>       (the zone's required ones must be present)
/// ---
/// PROPERTY[ACCOUNTINGDATE][0] / FAILUREDATE / FINALIZATIONDATE / PAIDUNTILDATE
/// PROPERTY[REGISTRATIONEXPIRATIONDATE][0] = <YYYY-MM-DD hh:mm:ss>
/// PROPERTY[STATUS][0] = ACTIVE              (REQUESTEDCREATE + PENDING=1 while pending)
/// ```
pub(in crate::command) fn add_domain(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let lock_sent = args.present("TRANSFERLOCK");
    let (mut order, class) = read_order(args, ctx)?;
    let (flags, locked) = read_new_flags(args, order.tld)?;
    args.finish()?;
    order.flags = flags;
    order.transfer_lock |= locked && !lock_sent;
    let price = check_add(ctx, &mut order, class.as_deref())?;
    let tld = order.tld;
    let domain = store(ctx, order, (price, None), "AddDomain")?;
    let mut response = registered(ctx);
    push_dates(&mut response, &Dates::of(&domain, tld));
    response.push("STATUS", registered_status(ctx));
    Ok(response)
}

#[cfg(test)]
mod tests;
