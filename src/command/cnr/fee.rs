//! The premium fee extension of the CentralNic Reseller dialect
//! (cnr-commands.md §2, §4, §5, §9, §10): X-FEE-AMOUNT, the client's
//! confirmation of a premium price on AddDomain, RenewDomain and
//! TransferDomain, checked against the price that would be charged
//! ([`read_fee`], [`confirm`]); and the x-fee rows CheckDomains and
//! CheckDomain give for premium names when X-FEE-COMMAND is sent
//! ([`read_queries`], [`Query::amount`]). Prices are HEXONET's: the premium
//! terms of `System::availability`, `premium_price` for a registration, the
//! premium renewal price per year for a renewal or transfer, converted with
//! the catalogue's exchange rates. A fee is stated, and compared, in
//! X-FEE-CURRENCY when sent, else in the account currency (what is charged).

use std::collections::HashMap;
use std::fmt;

use rust_decimal::Decimal;

use super::super::args::plain_decimal;
use super::super::domain::shared::premium_price;
use super::super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{Money, Period, Premium, catalogue};
use crate::wire::Response;

/// The application fee the x-fee rows state: the sandbox has none.
pub(super) const APPLICATION: &str = "0.00";

/// The `x-fee-*` reply fields of a charged premium price (`amount` in
/// `currency`, the account's), if one was charged.
pub(super) fn push_charged(response: &mut Response, charged: Option<(Money, &str)>) {
    if let Some((amount, currency)) = charged {
        response
            .push("x-fee-amount", amount)
            .push_str("x-fee-application", APPLICATION)
            .push_str("x-fee-currency", currency);
    }
}

/// The caller's account currency (what every charge is in).
pub(super) fn account_currency(ctx: &Ctx<'_>) -> &'static str {
    ctx.system.currency_of(ctx.owner())
}

/// `text` as a decimal amount: `505` naming `param` unless it is digits with
/// at most one decimal point (`1090`, `1090.00`), `541` past any amount.
pub(super) fn parse_amount(param: &str, text: &str) -> Result<Decimal> {
    plain_decimal(
        param,
        text,
        false,
        "must be a decimal amount, such as 1090.00",
    )
}

/// The fee a command confirms: X-FEE-AMOUNT, else X-FEE-AMOUNT0 (`None`:
/// neither sent). Every X-FEE-AMOUNT# sent must be a decimal amount (`505`).
pub(super) fn read_fee(args: &mut Args<'_>) -> Result<Option<Decimal>> {
    let plain = args.optional("X-FEE-AMOUNT");
    let indexed = args.list("X-FEE-AMOUNT");
    let mut first = None;
    for (index, text) in &indexed {
        let amount = parse_amount(&format!("X-FEE-AMOUNT{index}"), text)?;
        if *index == 0 {
            first = Some(amount);
        }
    }
    match plain {
        Some(text) => parse_amount("X-FEE-AMOUNT", text).map(Some),
        None => Ok(first),
    }
}

/// The currency a fee is stated in: `sent` (X-FEE-CURRENCY, any case) or the
/// account currency.
pub(super) fn fee_currency(ctx: &Ctx<'_>, sent: Option<&str>) -> String {
    sent.filter(|text| !text.is_empty())
        .map_or_else(|| account_currency(ctx).to_owned(), str::to_ascii_uppercase)
}

/// `amount` (in `from`) in `to`: `541` naming `param` when otebox has no
/// exchange rate for `to`.
pub(super) fn price_in(amount: Money, from: &str, to: &str, param: &str) -> Result<Money> {
    catalogue::convert(amount, from, to).ok_or_else(|| no_rate(param, to))
}

/// The `541` of a currency otebox has no exchange rate for, naming `param`.
fn no_rate(param: &str, currency: &str) -> Error {
    Error::invalid(
        param,
        format_args!("({currency}) is not a currency otebox has an exchange rate for"),
    )
}

/// Refuses (`541` naming X-FEE-AMOUNT and the price) a fee below `price`
/// (in `from`), compared in the fee's currency (`sent`, X-FEE-CURRENCY, or
/// the account's: [`fee_currency`]); an equal or higher fee confirms it.
/// `what` names the price (`the premium price of x.com for 1Y`).
pub(super) fn confirm(
    ctx: &Ctx<'_>,
    fee: Decimal,
    sent: Option<&str>,
    (price, from): (Money, &str),
    what: impl fmt::Display,
) -> Result<()> {
    let currency = fee_currency(ctx, sent);
    let stated = price_in(price, from, &currency, "X-FEE-CURRENCY")?;
    if fee >= stated.0 {
        return Ok(());
    }
    Err(Error::invalid(
        "X-FEE-AMOUNT",
        format_args!("({fee}) is below {what}: {stated} {currency}; nothing was charged"),
    ))
}

/// The premium price of a renewal (or transfer) for `period` (the lifecycle's).
pub(super) use crate::registry::lifecycle::premium_renewal;

/// What a check was asked to price for one name (X-FEE-COMMAND# and the
/// rest of its index).
pub(super) struct Query {
    /// `create`, `renew` or `transfer`, in lower case.
    pub(super) command: &'static str,
    pub(super) years: u32,
    pub(super) currency: String,
    /// The X-FEE-CURRENCY parameter named if its currency has no rate.
    currency_param: String,
}

impl Query {
    /// The premium price of the query for `premium`, in the query's currency.
    pub(super) fn amount(&self, premium: &Premium) -> Result<Money> {
        let period = Period::years(self.years);
        let price = match self.command {
            "create" => premium_price(premium, period),
            _ => premium_renewal(premium, period),
        };
        price_in(
            price,
            premium.currency,
            &self.currency,
            &self.currency_param,
        )
    }
}

/// The fee queries of `count` names, by index (`None`: no X-FEE-COMMAND for
/// it). `single` (CheckDomain) also takes the unindexed names as index 0.
/// X-FEE-COMMAND is create, renew or transfer; X-FEE-PERIOD 1..10 (default
/// 1); X-FEE-PERIODTYPE YEAR (the default); X-FEE-CURRENCY any currency with
/// a rate (default the account's); X-FEE-DOMAIN and X-FEE-LAUNCHPHASE are
/// accepted. A refusal is `541` naming the indexed parameter, whether or not
/// the name at that index is premium (a request is valid or not by itself).
pub(super) fn read_queries(
    args: &mut Args<'_>,
    ctx: &Ctx<'_>,
    count: usize,
    single: bool,
) -> Result<Vec<Option<Query>>> {
    let mut read = |stem: &str| -> HashMap<usize, String> {
        let mut values: HashMap<usize, String> = args
            .list(stem)
            .into_iter()
            .map(|(index, value)| (index, value.to_owned()))
            .collect();
        if single && let Some(value) = args.optional(stem) {
            values.insert(0, value.to_owned());
        }
        values
    };
    let commands = read("X-FEE-COMMAND");
    let periods = read("X-FEE-PERIOD");
    let types = read("X-FEE-PERIODTYPE");
    let currencies = read("X-FEE-CURRENCY");
    read("X-FEE-DOMAIN");
    read("X-FEE-LAUNCHPHASE");
    let mut queries = Vec::with_capacity(count);
    for index in 0..count {
        let Some(command) = commands.get(&index).filter(|c| !c.is_empty()) else {
            queries.push(None);
            continue;
        };
        let command = match command.to_ascii_lowercase().as_str() {
            "create" => "create",
            "renew" => "renew",
            "transfer" => "transfer",
            _ => {
                return Err(Error::invalid(
                    &format!("X-FEE-COMMAND{index}"),
                    format_args!("({command}) is not create, renew or transfer"),
                ));
            }
        };
        let years = match periods.get(&index).map(String::as_str) {
            None | Some("") => 1,
            Some(text) => match text.parse::<u32>() {
                Ok(years @ 1..=10) => years,
                _ => {
                    return Err(Error::invalid(
                        &format!("X-FEE-PERIOD{index}"),
                        format_args!("({text}) is not a number of years from 1 to 10"),
                    ));
                }
            },
        };
        if let Some(kind) = types.get(&index)
            && !kind.is_empty()
            && !kind.eq_ignore_ascii_case("YEAR")
        {
            return Err(Error::invalid(
                &format!("X-FEE-PERIODTYPE{index}"),
                format_args!("({kind}) is not YEAR, the only period type otebox prices"),
            ));
        }
        // Refused here, whatever the name: not only when a premium row is priced.
        let currency = fee_currency(ctx, currencies.get(&index).map(String::as_str));
        let currency_param = format!("X-FEE-CURRENCY{index}");
        if catalogue::rate(&currency).is_none() {
            return Err(no_rate(&currency_param, &currency));
        }
        queries.push(Some(Query {
            command,
            years,
            currency,
            currency_param,
        }));
    }
    Ok(queries)
}
