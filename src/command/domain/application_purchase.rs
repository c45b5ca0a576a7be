//! An aftermarket purchase through AddDomainApplication (split from
//! `application.rs`, which calls it for an `aftermarket-*` name with CLASS
//! `AFTERMARKET_PURCHASE_<channel>`): the offer's terms checked, the name
//! charged and left pending for the seller's hand-over, then filed by
//! `application::file`. Must not change a domain beyond `add.rs`'s `store`.

use rust_decimal::Decimal;

use super::add::{Order, check_fields, quote, store};
use super::application::file;
use super::args::premium_price;
use crate::command::Ctx;
use crate::error::{Error, Result};
use crate::registry::catalogue::Rule;
use crate::registry::{AFTERMARKET_HANDOVER_SECONDS, APPLICATION_REVIEW_SECONDS, Money, Premium};
use crate::wire::Response;

/// Buys an aftermarket name on `offer`'s terms: PRICE and CURRENCY
/// required and equal to them (`504`, `541`), AddDomain's other checks,
/// then charged and left pending for the hand-over (a reviewed zone's
/// review, or a slow-registry rule, if longer).
pub(super) fn purchase(
    ctx: &mut Ctx<'_>,
    order: Order,
    offer: Premium,
    (price, currency): (Option<Decimal>, Option<&str>),
) -> Result<Response> {
    check_fields(ctx, &order)?;
    let Some(price) = price else {
        return Err(Error::missing("PRICE"));
    };
    let Some(currency) = currency else {
        return Err(Error::missing("CURRENCY"));
    };
    let terms = premium_price(&offer, order.period);
    if price != terms.0 || !currency.eq_ignore_ascii_case(offer.currency) {
        let name = if price != terms.0 {
            "PRICE"
        } else {
            "CURRENCY"
        };
        let sent = (price, currency);
        let terms = (terms, offer.currency);
        return Err(not_the_terms(
            name,
            sent,
            "aftermarket price",
            terms,
            &order,
        ));
    }
    let mut wait = AFTERMARKET_HANDOVER_SECONDS;
    if matches!(order.tld.rule, Rule::Application(_)) {
        wait = wait.max(APPLICATION_REVIEW_SECONDS);
    }
    ctx.slow = Some(ctx.slow.unwrap_or(0).max(wait));
    let (tld, period, class) = (order.tld, order.period, offer.class.clone());
    // Quoted at the offer's terms, stored with none: the bought domain
    // renews at the zone's price, with no CLASS.
    let mut order = order;
    order.premium = Some(offer);
    let price = quote(ctx, &order, "AddDomainApplication")?;
    let offer = order.premium.take();
    let domain = store(ctx, order, (price, offer.as_ref()), "AddDomainApplication")?;
    Ok(file(ctx, &domain, class, period, tld))
}

/// `541` on `name` (PRICE or CURRENCY): the `sent` price and currency are
/// not the `what` terms of the order's name.
pub(super) fn not_the_terms(
    name: &str,
    (price, currency): (Decimal, &str),
    what: &str,
    (terms, terms_currency): (Money, &str),
    order: &Order,
) -> Error {
    Error::invalid(
        name,
        format_args!(
            "{} {currency} does not match the {what} {terms} {terms_currency} of {}",
            Money(price),
            order.name
        ),
    )
}
