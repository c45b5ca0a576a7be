//! The CentralNic Reseller account queries, StatusAccount (cnr-commands.md
//! §11) from the same account as HEXONET's, and QueryExchangeRates (§28) and
//! ConvertCurrency from the catalogue's fixed rates. They change nothing.

use super::super::list::{MAX_LIMIT, date};
use super::super::{Args, Ctx};
use super::columns;
use super::fee::parse_amount;
use crate::error::{Error, Result};
use crate::registry::{MAX_PAYMENT, Money, Timestamp, catalogue, environment};
use crate::wire::Response;
use rust_decimal::Decimal;

/// The caller's balance, credit line, currency and VAT rate, in the recorded
/// OT&E order (cnr-dialect.md A.2.6). `credit` is the credit line HEXONET's
/// StatusAccount calls `CREDIT`; otebox keeps no low-balance alert, so
/// `credit threshold` is `0.00`; `registrar` is the account.
///
/// ```text
/// COMMAND = StatusAccount
/// ---
/// property[amount][0]           property[credit][0]   property[credit threshold][0]
/// property[currency][0]         property[registrar][0] property[vat][0]
/// ```
pub(super) fn status_account(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let registrar = args.optional("REGISTRAR");
    args.finish()?;
    let id = ctx.owner();
    if let Some(other) = registrar.filter(|other| *other != id) {
        return Err(Error::AuthorizationFailed(format!(
            "REGISTRAR {other} is not the account {id}"
        )));
    }
    let account = super::super::account::caller_account(ctx)?;
    Ok(Response::ok()
        .with("amount", account.amount)
        .with("credit", account.credit)
        .with("credit threshold", Money::default())
        .with("currency", account.currency)
        .with("registrar", id)
        .with("vat", account.vat))
}

/// The day otebox's fixed exchange rates are dated (as HEXONET's answer).
const RATES_DATE: Timestamp = environment::SYSTEM_START;

/// The LIMIT when none is given, as the platform's lists answer (cnr-commands.md §8).
const DEFAULT_LIMIT: usize = 1000;

/// The catalogue's fixed rates from CURRENCYFROM (default `EUR`; another
/// currency gets the cross rate through EUR) to every other known currency,
/// or to CURRENCYTO only, sorted by code, dated 2026-01-01. MINDATE/MAXDATE
/// filter by that date; `LIMIT=0` gives no row (as the platform's lists);
/// `GENERATELIST` and `SENDLISTEMAIL` are accepted and ignored. An unknown
/// currency is `541`.
///
/// ```text
/// COMMAND      = QueryExchangeRates
/// CURRENCYFROM = EUR   CURRENCYTO = USD        (optional)
/// MINDATE, MAXDATE = YYYY-MM-DD[ hh:mm:ss]     (optional)
/// LIMIT        = <n>                           (optional, default 1000)
/// ---
/// property[column][0..3] = currency from, currency to, date, rate
/// property[count][0]
/// per row: property[currency from][i] property[currency to][i]
///          property[date][i] = 2026-01-01 property[rate][i] = 1.0850
/// property[limit][0]
/// ```
pub(super) fn query_exchange_rates(args: &mut Args<'_>, _ctx: &mut Ctx<'_>) -> Result<Response> {
    let from = args.optional("CURRENCYFROM");
    let to = args.optional("CURRENCYTO");
    let dates = [args.optional("MINDATE"), args.optional("MAXDATE")];
    let limit = args.optional("LIMIT");
    args.optional("GENERATELIST");
    args.optional("SENDLISTEMAIL");
    args.finish()?;
    let from = from.map_or(Ok("EUR".to_owned()), |code| known("CURRENCYFROM", code))?;
    let to = to.map(|code| known("CURRENCYTO", code)).transpose()?;
    let [min, max] = [("MINDATE", dates[0]), ("MAXDATE", dates[1])]
        .map(|(name, text)| text.map(|text| date(name, text)).transpose());
    let (min, max) = (min?, max?);
    let limit = match limit {
        None => DEFAULT_LIMIT,
        Some(text) if !text.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(Error::syntax("LIMIT", text));
        }
        Some(text) => text
            .parse::<usize>()
            .map_or(MAX_LIMIT, |n| n.min(MAX_LIMIT)),
    };
    let dated = min.is_none_or(|min| min <= RATES_DATE) && max.is_none_or(|max| RATES_DATE <= max);
    let mut codes: Vec<&str> = catalogue::RATES.iter().map(|(code, _, _)| *code).collect();
    codes.push("EUR");
    codes.sort_unstable();
    let rows: Vec<&str> = codes
        .into_iter()
        .filter(|code| match &to {
            Some(to) => to == code,
            None => *code != from,
        })
        .filter(|_| dated)
        .take(limit)
        .collect();
    let date = RATES_DATE.datetime().to_string();
    let day = date.get(..10).unwrap_or(&date);
    let mut response = Response::with_room(6 + 4 * rows.len(), 64 + 40 * rows.len());
    columns(
        &mut response,
        &["currency from", "currency to", "date", "rate"],
    );
    response.push("count", rows.len());
    for code in rows {
        let (Some(base), Some(target)) = (catalogue::rate(&from), catalogue::rate(code)) else {
            continue;
        };
        let mut rate = (target / base).round_dp(4);
        rate.rescale(4);
        response
            .push_str("currency from", &from)
            .push_str("currency to", code)
            .push_str("date", day)
            .push("rate", rate);
    }
    response.push("limit", limit);
    Ok(response)
}

/// Converts an amount at the catalogue's fixed rates (those
/// QueryExchangeRates lists), through EUR, rounded to cents; RATE is units
/// of TO per unit of FROM to four places. AMOUNT not digits with at most
/// one decimal point `505`, past the largest payment (10^12) `541`, a
/// currency without a rate `541`.
///
/// ```text
/// COMMAND = ConvertCurrency
/// AMOUNT  = <decimal>   FROM = <currency>   TO = <currency>
/// ---
/// property[amount][0] (as sent)  property[from][0]  property[to][0]
/// property[converted amount][0]  property[rate][0]
/// ```
pub(super) fn convert_currency(args: &mut Args<'_>, _ctx: &mut Ctx<'_>) -> Result<Response> {
    let amount = args.required("AMOUNT")?;
    let from = args.required("FROM")?;
    let to = args.required("TO")?;
    args.finish()?;
    let value = parse_amount("AMOUNT", amount)?;
    if value > Decimal::from(MAX_PAYMENT) {
        return Err(Error::invalid(
            "AMOUNT",
            format_args!("{amount} is past {MAX_PAYMENT}"),
        ));
    }
    let (from, to) = (known("FROM", from)?, known("TO", to)?);
    let (Some(base), Some(target)) = (catalogue::rate(&from), catalogue::rate(&to)) else {
        return Err(Error::ServerError);
    };
    let converted = catalogue::convert(Money(value), &from, &to).ok_or(Error::ServerError)?;
    let mut rate = (target / base).round_dp(4);
    rate.rescale(4);
    Ok(Response::ok()
        .with("amount", amount)
        .with("from", &from)
        .with("to", &to)
        .with("converted amount", converted)
        .with("rate", rate))
}

/// A currency code otebox has a rate for, upper-cased; `541` naming `name`.
fn known(name: &str, code: &str) -> Result<String> {
    let code = code.to_ascii_uppercase();
    if catalogue::rate(&code).is_some() {
        return Ok(code);
    }
    let mut all: Vec<&str> = catalogue::RATES.iter().map(|(code, _, _)| *code).collect();
    all.push("EUR");
    all.sort_unstable();
    Err(Error::invalid(
        name,
        format_args!("({code}) has no rate; known: {}", all.join(", ")),
    ))
}
