//! QueryOrderList (USER/ORDER): the orders of the view's account (or its
//! subtree, USERDEPTH) with the reference's 31 columns. Reads only; the
//! records live in `registry/order.rs`, the order commands in `order.rs`.

use super::list::{Page, UserDepth};
use super::order::read_order_id;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::event::url_encode;
use crate::registry::order::{Order, OrderStatus};
use crate::registry::{Entity, System, User};
use crate::wire::Response;

/// The operation an order's command performs (OPERATIONTYPE) and its
/// accounting type (the ledger's names).
fn operation(order: &Order) -> (&'static str, &'static str) {
    match &*order.command {
        "AddDomain" => ("CREATE", "ADD_DOMAIN"),
        "RenewDomain" => ("RENEW", "RENEW_DOMAIN"),
        "RestoreDomain" => ("RESTORE", "RESTORE_DOMAIN"),
        "TradeDomain" => ("TRADE", "TRADE_DOMAIN"),
        "CreateSSLCert" => ("CREATE", "CREATE_SSLCERT"),
        "RenewSSLCert" => ("RENEW", "RENEW_SSLCERT"),
        _ => ("TRANSFER", "TRANSFER_DOMAIN"),
    }
}

/// PAYMENTSTATUS: charged to the account once executed, unpaid before.
fn payment(order: &Order) -> &'static str {
    match order.status {
        OrderStatus::Pending => "UNPAID",
        OrderStatus::Successful => "AUTOACCOUNT",
    }
}

/// OBJECTCLASS: `SSLCERT` for a certificate order, else `DOMAIN`.
fn object_class(order: &Order) -> &'static str {
    match order.ssl {
        Some(_) => "SSLCERT",
        None => "DOMAIN",
    }
}

/// The order's command as the reference shows it (ORDERCOMMAND): its
/// `KEY=VALUE` lines, COMMAND first, URL-encoded as one value. A
/// certificate order's CSR0..N are `csr`, the CSR of the certificate it
/// stands for now (a reissue's or a renewal's: ARCHITECTURE.md, "SSL
/// certificates (phase 2)"), where the command had its CSR.
fn command_text(order: &Order, csr: Option<&[Box<str>]>) -> String {
    let mut text = format!("COMMAND={}\n", order.command);
    let mut written = false;
    for (key, value) in &order.params {
        let digits = key.strip_prefix("CSR").unwrap_or_default();
        let csr_line = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
        match csr.filter(|_| csr_line) {
            Some(lines) if !written => {
                written = true;
                for (n, line) in lines.iter().enumerate() {
                    text.push_str(&format!("CSR{n}={line}\n"));
                }
            }
            Some(_) => {}
            None => text.push_str(&format!("{key}={value}\n")),
        }
    }
    url_encode(&text)
}

/// The registry repository of the order's zone (REPOSITORY), as the
/// reference's example names them (`COM-OTE-1API1`; `SSLCERT-OTE-1API1`
/// for a certificate).
fn repository(entity: Entity, order: &Order) -> String {
    let zone = match order.ssl {
        Some(_) => "SSLCERT",
        None => order.object.rsplit('.').next().unwrap_or_default(),
    };
    let system = match entity {
        Entity::Ote => "OTE",
        Entity::Live => "LIVE",
    };
    format!("{}-{system}-1API1", zone.to_ascii_uppercase())
}

/// Lists orders, oldest first, with every column of the reference.
/// CLASS (`DOMAIN`, or `SSLCERT` for CreateSSLCert's certificates), PAYMENTSTATUS, OPERATIONTYPE (also
/// OPERATIONTYPE0..N: any of them) and ORDERID filter; NOTOTAL is read and
/// TOTAL still given. Prices are 0.00: an order is priced when executed
/// (a certificate's charge is in the accounting list).
///
/// ```text
/// COMMAND       = QueryOrderList
/// CLASS         = DOMAIN | DOMAINAPPLICATION | SSLCERT | TMCHMARK   (optional)
/// PAYMENTSTATUS = AUTOACCOUNT | AUTOINVOICE | PAID | UNPAID        (optional)
/// OPERATIONTYPE = CREATE | RENEW | RESTORE | TRADE | TRANSFER      (optional)
/// ORDERID       = <id>                                             (optional)
/// USERDEPTH     = SELF | SUBUSER | ALL                             (default SELF)
/// FIRST, LIMIT (default 100), NOTOTAL
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[ACCOUNTINGTYPE|ACTION|AMOUNT|CREATEDDATE|...|USER|VAT][n]
/// ```
pub(super) fn query_order_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let class = args.optional("CLASS").map(str::to_ascii_uppercase);
    let payment_status = args.optional("PAYMENTSTATUS").map(str::to_ascii_uppercase);
    let mut types: Vec<String> = args
        .optional("OPERATIONTYPE")
        .map(str::to_ascii_uppercase)
        .into_iter()
        .collect();
    types.extend(
        args.list("OPERATIONTYPE")
            .into_iter()
            .map(|(_, value)| value.to_ascii_uppercase()),
    );
    types.retain(|value| !value.is_empty());
    let id = read_order_id(args, "ORDERID")?;
    let depth = UserDepth::read(args, UserDepth::SelfOnly)?;
    let page = Page::read(args, 100)?;
    args.flag("NOTOTAL")?;
    args.finish()?;
    if let Some(class) = class
        .as_deref()
        .filter(|class| !["", "DOMAIN", "DOMAINAPPLICATION", "SSLCERT", "TMCHMARK"].contains(class))
    {
        return Err(Error::invalid(
            "CLASS",
            format_args!("({class}) is not DOMAIN, DOMAINAPPLICATION, SSLCERT or TMCHMARK"),
        ));
    }
    let system: &System = ctx.system;
    let owners = depth.owners(system, ctx.owner());
    let rows = owners.iter().flat_map(|owner| {
        system
            .orders_of(owner)
            .map(move |(id, order)| (*owner, id, order))
    });
    let rows = rows.filter(|(_, order_id, order)| {
        class
            .as_deref()
            .is_none_or(|class| class.is_empty() || class == object_class(order))
            && payment_status
                .as_deref()
                .is_none_or(|status| status.is_empty() || status == payment(order))
            && (types.is_empty() || types.iter().any(|kind| kind == operation(order).0))
            && id.is_none_or(|id| id == *order_id)
    });
    let (rows, total) = page.take(rows);
    let mut response = Response::with_room(rows.len() * 34 + 5, rows.len() * 400);
    page.push_counters(&mut response, rows.len(), total);
    let users: Vec<Option<&User>> = rows
        .iter()
        .map(|(owner, _, _)| system.user(owner))
        .collect();
    let currency = |n: usize| users[n].map_or("", |user| user.account.currency);
    let column = |response: &mut Response, name: &'static str, value: &dyn Fn(usize) -> String| {
        for n in 0..rows.len() {
            response.push(name, value(n));
        }
    };
    let order = |n: usize| rows[n].2;
    column(&mut response, "ACCOUNTINGTYPE", &|n| {
        operation(order(n)).1.to_owned()
    });
    column(&mut response, "ACTION", &|_| "EXECUTE".to_owned());
    column(&mut response, "AMOUNT", &|_| "1.00".to_owned());
    column(&mut response, "CREATEDDATE", &|n| {
        order(n).created.datetime().to_string()
    });
    column(&mut response, "CURRENCY", &|n| currency(n).to_owned());
    column(&mut response, "CURRENCYCONVERSIONRATE", &|_| "1".to_owned());
    column(&mut response, "DESCRIPTION", &|n| {
        order(n).object.to_string()
    });
    column(&mut response, "ERRORCOUNT", &|n| {
        order(n).errors.to_string()
    });
    column(&mut response, "EXPIRATIONDATE", &|_| {
        "0000-00-00 00:00:00".to_owned()
    });
    column(&mut response, "GROSSPRICE", &|_| "0.00".to_owned());
    column(&mut response, "INVALIDPARAMETERS", &|_| String::new());
    column(&mut response, "LASTRESPONSE", &|n| {
        order(n)
            .last
            .as_ref()
            .map_or(String::new(), |(code, text)| {
                // A certificate order's answer names its SSLCERTID, or its
                // renewal's once renewed (the WHMCS SSL module reads the
                // certificate to renew, reissue or revoke from here).
                let property = match order(n).ssl {
                    Some(_) => format!(
                        "PROPERTY[SSLCERTID][0]={}\n",
                        system.current_ssl(rows[n].0, rows[n].1)
                    ),
                    None => String::new(),
                };
                url_encode(&format!(
                    "{property}DESCRIPTION={text}\nQUEUETIME=0\nCODE={code}\nRUNTIME=0.000\n"
                ))
            })
    });
    column(&mut response, "LASTRESPONSECODE", &|n| {
        order(n)
            .last
            .as_ref()
            .map_or(String::new(), |(code, _)| code.to_string())
    });
    column(&mut response, "LASTRESPONSEDESCRIPTION", &|n| {
        order(n)
            .last
            .as_ref()
            .map_or(String::new(), |(_, text)| text.to_string())
    });
    column(&mut response, "MISSINGPARAMETERS", &|_| String::new());
    column(&mut response, "OBJECTCLASS", &|n| {
        object_class(order(n)).to_owned()
    });
    column(&mut response, "OBJECTID", &|n| order(n).object.to_string());
    column(&mut response, "OPERATIONTYPE", &|n| {
        operation(order(n)).0.to_owned()
    });
    column(&mut response, "ORDERCOMMAND", &|n| {
        // A certificate order shows the CSR of the certificate its
        // LASTRESPONSE names (the WHMCS SSL module reads it from here).
        let (account, id) = (rows[n].0, rows[n].1);
        let current = order(n)
            .ssl
            .as_ref()
            .and_then(|_| system.order(account, system.current_ssl(account, id)))
            .and_then(|current| current.ssl.as_deref());
        command_text(order(n), current.map(|cert| cert.csr.as_slice()))
    });
    column(&mut response, "ORDERID", &|n| rows[n].1.to_string());
    column(&mut response, "ORDERSTATUS", &|n| {
        order(n).status.as_str().to_owned()
    });
    column(&mut response, "PAYMENTSTATUS", &|n| {
        payment(order(n)).to_owned()
    });
    column(&mut response, "PRICE", &|_| "0.00".to_owned());
    column(&mut response, "PROCESSINGSTATUS", &|n| {
        match order(n).status {
            OrderStatus::Pending => "INACTIVE",
            OrderStatus::Successful => "FINISHED",
        }
        .to_owned()
    });
    column(&mut response, "RELATIONCURRENCY", &|n| {
        currency(n).to_owned()
    });
    column(&mut response, "RELATIONGROSSPRICE", &|_| "0.00".to_owned());
    column(&mut response, "RELATIONPRICE", &|_| "0.00".to_owned());
    column(&mut response, "REPOSITORY", &|n| {
        repository(system.entity(), order(n))
    });
    column(&mut response, "UPDATEDDATE", &|n| {
        order(n)
            .updated
            .map_or("0000-00-00 00:00:00".to_owned(), |at| {
                at.datetime().to_string()
            })
    });
    column(&mut response, "USER", &|n| rows[n].0.to_owned());
    column(&mut response, "VAT", &|n| {
        users[n].map_or(String::new(), |user| user.account.vat.text().to_string())
    });
    Ok(response)
}
