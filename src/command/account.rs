//! Account-level queries: StatusAccount, QueryExchangeRates,
//! GetCurrentExchangeRates, GetCurrencies. One function per
//! wire command; they read the account and the catalogue's fixed rates and
//! change nothing.

use rust_decimal::Decimal;

use super::list::{Page, read_date};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{Account, Timestamp, catalogue, environment};
use crate::wire::{Response, Row, row};

/// The caller's balance, credit limit, reserved deposit, currency and VAT rate.
///
/// ```text
/// COMMAND = StatusAccount
/// ---
/// PROPERTY[AMOUNT][0]   = <decimal>    PROPERTY[CREDIT][0] = <decimal>
/// PROPERTY[CURRENCY][0] = EUR          PROPERTY[DEPOSIT][0] = <decimal>
/// PROPERTY[VAT][0]      = <percent>
/// ```
pub(super) fn status_account(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    args.finish()?;
    let account = caller_account(ctx)?;
    let mut response = Response::ok();
    let values = [
        &*account.amount.text(),
        &account.credit.text(),
        account.currency,
        &account.deposit.text(),
        &account.vat.text(),
    ];
    response.push_row(&STATUS_ACCOUNT, values);
    Ok(response)
}

/// StatusAccount's columns, pushed as one row.
const STATUS_ACCOUNT: Row<5> = row!(["AMOUNT", "CREDIT", "CURRENCY", "DEPOSIT", "VAT"]);

/// The acting account's money: what StatusAccount answers in both dialects.
pub(super) fn caller_account<'a>(ctx: &'a Ctx<'_>) -> Result<&'a Account> {
    let id = ctx.owner();
    ctx.system
        .user_at(id, ctx.caller.user_at)
        .map(|user| &user.account)
        .ok_or_else(|| Error::ObjectNotFound(format!("USER {id}")))
}

/// The day otebox's fixed exchange rates are dated (QueryExchangeRates `DATE`).
const RATES_DATE: Timestamp = environment::SYSTEM_START;

/// The fixed EUR exchange rates of the catalogue, one row per currency
/// (sorted by code), all dated 2026-01-01 (DATE is a plain `YYYY-MM-DD`, as
/// in the reference's example). They cover every currency a catalogue price
/// is in (a unit test in `registry::environment` keeps it so). MINDATE and
/// MAXDATE filter by that date; CURRENCYTO keeps one currency (`541` for
/// one without a rate).
///
/// ```text
/// COMMAND    = QueryExchangeRates
/// CURRENCYTO = USD                  (optional)
/// MINDATE    = YYYY-MM-DD[ hh:mm:ss] (optional)
/// MAXDATE    = YYYY-MM-DD[ hh:mm:ss] (optional)
/// FIRST, LIMIT                      (optional, default LIMIT 100)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[CURRENCYFROM][i] = EUR   PROPERTY[CURRENCYTO][i] = USD
/// PROPERTY[DATE][i] = 2026-01-01    PROPERTY[RATE][i] = 1.0850
/// ```
pub(super) fn query_exchange_rates(args: &mut Args<'_>, _ctx: &mut Ctx<'_>) -> Result<Response> {
    let to = args.optional("CURRENCYTO").map(str::to_ascii_uppercase);
    let min = read_date(args, "MINDATE")?;
    let max = read_date(args, "MAXDATE")?;
    let page = Page::read(args, 100)?;
    if let Some(code) = &to
        && !catalogue::RATES.iter().any(|(known, _, _)| known == code)
    {
        let known: Vec<&str> = catalogue::RATES.iter().map(|(code, _, _)| *code).collect();
        return Err(Error::invalid(
            "CURRENCYTO",
            format_args!("({code}) has no rate from EUR; known: {}", known.join(", ")),
        ));
    }
    args.finish()?;
    let dated = min.is_none_or(|min| min <= RATES_DATE) && max.is_none_or(|max| RATES_DATE <= max);
    let rows = catalogue::RATES
        .iter()
        .filter(|(code, _, _)| dated && to.as_deref().is_none_or(|to| to == *code));
    let (rows, mut response) = page.respond(rows);
    push_rates(&mut response, rows);
    Ok(response)
}

/// Every fixed EUR exchange rate, unpaged and unfiltered: the rows
/// QueryExchangeRates lists without filters (same order, same DATE, RATE
/// with the same four decimals; the reference's FLOAT example is
/// unpadded, otebox keeps one rendering for both commands).
///
/// ```text
/// COMMAND = GetCurrentExchangeRates
/// ---
/// PROPERTY[CURRENCYFROM][i] = EUR   PROPERTY[CURRENCYTO][i] = USD
/// PROPERTY[DATE][i] = 2026-01-01    PROPERTY[RATE][i] = 1.0850
/// ```
pub(super) fn get_current_exchange_rates(
    args: &mut Args<'_>,
    _ctx: &mut Ctx<'_>,
) -> Result<Response> {
    args.finish()?;
    let mut response = Response::ok();
    push_rates(&mut response, catalogue::RATES);
    Ok(response)
}

/// One CURRENCYFROM/CURRENCYTO/DATE/RATE row per catalogue rate.
fn push_rates<'r>(
    response: &mut Response,
    rows: impl IntoIterator<Item = &'r (&'static str, i64, u32)>,
) {
    let date = RATES_DATE.datetime().to_string();
    let day = date.get(..10).unwrap_or(&date);
    for &(code, mantissa, scale) in rows {
        let mut rate = Decimal::new(mantissa, scale).round_dp(4);
        rate.rescale(4);
        response
            .push("CURRENCYFROM", "EUR")
            .push("CURRENCYTO", code)
            .push("DATE", day)
            .push("RATE", rate);
    }
}

/// The currencies otebox knows (accounts may be created in any of them and
/// every catalogue price converts into them): the catalogue's rates in
/// code order, then EUR, their base, last, as the reference's example lists it.
///
/// ```text
/// COMMAND = GetCurrencies
/// ---
/// PROPERTY[CURRENCY][i] = AUD
/// ```
pub(super) fn get_currencies(args: &mut Args<'_>, _ctx: &mut Ctx<'_>) -> Result<Response> {
    args.finish()?;
    let mut response = Response::ok();
    let codes = catalogue::RATES.iter().map(|(code, _, _)| *code);
    for code in codes.chain(["EUR"]) {
        response.push("CURRENCY", code);
    }
    Ok(response)
}
