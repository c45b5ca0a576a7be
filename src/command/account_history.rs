//! The account's money over time: QueryAccountBalanceList (balances now and
//! at a past date, worked back from the ledger). It reads the accounts and
//! `System::ledger` and changes nothing. Ledger entries are written by
//! `registry/ledger.rs` and `accounting_manual.rs` only; this file must not
//! touch them or any balance.

use rust_decimal::Decimal;

use super::list::{Page, UserDepth, read_date};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{Money, System, Timestamp};
use crate::wire::Response;

/// LIMIT when QueryAccountBalanceList's request gives none (its example answers 999999).
const BALANCE_LIMIT: usize = 999_999;

/// The balances of the caller's account (USERDEPTH SELF) or of its direct
/// subusers (SUBUSER), one row per account, sorted by user id.
///
/// ```text
/// COMMAND       = QueryAccountBalanceList
/// USERDEPTH     = SELF | SUBUSER
/// DATE          = YYYY-MM-DD[ hh:mm:ss]    (optional; a date alone is 00:00:00)
/// TASK          = ALL | AR | AP            (optional, default ALL)
/// ORDERBY       = CURRENCYUSERID           (optional)
/// SKIPSUBUSER<n> = <user id>               (optional, any number)
/// WIDE          = 0|1  (accepted; BILLINGTYPE is not sent)
/// FIRST         = <n> (default 0), LIMIT = <n> (default 999999)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[CREDIT|CURRENCY|CURRENTBALANCE|CURRENTBALANCEALLOWANCE][i]
/// PROPERTY[CURRENTBALANCECURRENCY|CURRENTBALANCEDEBTS|CURRENTBALANCESUM][i]
/// with DATE: PROPERTY[DATE|DATEBALANCE|DATEBALANCEALLOWANCE][i]
///            PROPERTY[DATEBALANCECURRENCY|DATEBALANCEDEBTS|DATEBALANCESUM][i]
/// PROPERTY[USER][i]
/// ```
///
/// A row's balance is its account's StatusAccount AMOUNT; …ALLOWANCE is it
/// when negative (else `0.00`), …DEBTS when positive, …SUM it whole, as the
/// reference defines them for SELF. DATEBALANCE is the balance at DATE: the
/// current one less every later entry of the account's ledger. TASK AR keeps
/// the accounts whose current balance is negative, AP the positive ones.
pub(super) fn query_account_balance_list(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let depth = match args.required("USERDEPTH")? {
        text if text.eq_ignore_ascii_case("SELF") => UserDepth::SelfOnly,
        text if text.eq_ignore_ascii_case("SUBUSER") => UserDepth::Subuser,
        other => {
            return Err(Error::InvalidOption(format!(
                "USERDEPTH: ({other}) is not SELF or SUBUSER"
            )));
        }
    };
    args.flag("WIDE")?;
    let date = read_date(args, "DATE")?;
    let page = Page::read(args, BALANCE_LIMIT)?;
    let task = Task::read(args)?;
    let by_currency = match args.optional("ORDERBY") {
        None => false,
        Some(text) if text.eq_ignore_ascii_case("CURRENCYUSERID") => true,
        Some(other) => {
            return Err(Error::InvalidOption(format!(
                "ORDERBY: ({other}) is not CURRENCYUSERID"
            )));
        }
    };
    let skipped = args.values("SKIPSUBUSER");
    args.finish()?;
    let system = &*ctx.system;
    let mut rows: Vec<Row<'_>> = (depth.owners(system, ctx.owner()).into_iter())
        .filter(|id| !skipped.iter().any(|skip| skip.eq_ignore_ascii_case(id)))
        .filter_map(|id| Row::of(system, id, date))
        .filter(|row| task.keeps(row.current))
        .collect();
    rows.sort_by(|a, b| a.user.cmp(b.user));
    if by_currency {
        rows.sort_by(|a, b| a.currency.cmp(b.currency));
    }
    let (rows, mut response) = page.respond(rows.into_iter());
    for row in &rows {
        row.push(&mut response, date);
    }
    Ok(response)
}

/// TASK: which balances a list keeps.
#[derive(Clone, Copy)]
enum Task {
    All,
    /// Receivable: negative balances only.
    Ar,
    /// Payable: positive balances only.
    Ap,
}

impl Task {
    fn read(args: &mut Args<'_>) -> Result<Task> {
        match args.optional("TASK") {
            None => Ok(Task::All),
            Some(text) if text.eq_ignore_ascii_case("ALL") => Ok(Task::All),
            Some(text) if text.eq_ignore_ascii_case("AR") => Ok(Task::Ar),
            Some(text) if text.eq_ignore_ascii_case("AP") => Ok(Task::Ap),
            Some(other) => Err(Error::InvalidOption(format!(
                "TASK: ({other}) is not ALL, AR or AP"
            ))),
        }
    }

    fn keeps(self, balance: Decimal) -> bool {
        match self {
            Task::All => true,
            Task::Ar => balance.is_sign_negative() && !balance.is_zero(),
            Task::Ap => balance.is_sign_positive() && !balance.is_zero(),
        }
    }
}

/// One account's row of QueryAccountBalanceList.
struct Row<'s> {
    user: &'s str,
    currency: &'s str,
    credit: Money,
    current: Decimal,
    /// The balance at DATE (the current one without DATE).
    then: Decimal,
}

impl<'s> Row<'s> {
    fn of(system: &'s System, id: &'s str, date: Option<Timestamp>) -> Option<Row<'s>> {
        let account = &system.user(id)?.account;
        let current = account.amount.0;
        let later: Decimal = match date {
            None => Decimal::ZERO,
            Some(date) => (system.ledger().of(id).iter())
                .filter(|entry| entry.at > date)
                .map(|entry| entry.price().0)
                .sum(),
        };
        Some(Row {
            user: id,
            currency: account.currency,
            credit: account.credit,
            current,
            then: current - later,
        })
    }

    fn push(&self, response: &mut Response, date: Option<Timestamp>) {
        let mut credit = self.credit.0;
        credit.rescale(4);
        response
            .push("CREDIT", credit)
            .push("CURRENCY", self.currency);
        push_balance(response, "CURRENTBALANCE", self.current, self.currency);
        if let Some(date) = date {
            response.push("DATE", date.datetime());
            push_balance(response, "DATEBALANCE", self.then, self.currency);
        }
        response.push("USER", self.user);
    }
}

/// `stem`, `stem`ALLOWANCE (the balance if negative), `stem`CURRENCY,
/// `stem`DEBTS (the balance if positive) and `stem`SUM.
fn push_balance(response: &mut Response, stem: &'static str, balance: Decimal, currency: &str) {
    let negative = balance.min(Decimal::ZERO);
    let positive = balance.max(Decimal::ZERO);
    response
        .push(stem, Money(balance))
        .push(format!("{stem}ALLOWANCE"), Money(negative))
        .push(format!("{stem}CURRENCY"), currency)
        .push(format!("{stem}DEBTS"), Money(positive))
        .push(format!("{stem}SUM"), Money(balance));
}
