//! The CentralNic Reseller QueryContactList (KB `QueryContactList`): the
//! caller's contact handles through HEXONET's core (`contact_list::
//! contact_rows`, the same filters and handle order), then the CNR-only
//! filters (VALIDATED, VERIFIED, STATUS, TYPE) and ORDERBY keys, paged and
//! written with the CNR names. Reads only; must not list contacts any other way.

use super::super::contact::in_use;
use super::super::contact_list::{ContactFilter, contact_rows};
use super::super::list::{OrderBy, UserDepth, glob};
use super::super::{Args, Ctx};
use super::{columns, one_of, push_window, window};
use crate::error::Result;
use crate::registry::{Contact, System};
use crate::wire::Response;

/// Whether the account's registrant verification of the contact's address
/// was asked for (a gTLD registration naming it, CNR `PREVERIFY=1`) and
/// whether it was approved: `verification requested` and `verified` as the
/// list, StatusContact, AddContact and ModifyContact show them.
pub(super) fn verification(system: &System, contact: &Contact) -> (bool, bool) {
    let asked = system.verification(&contact.owner, &contact.data.email);
    let verified = asked.is_some_and(|asked| asked.verified.is_some());
    (asked.is_some(), verified)
}

/// `0` or `1`.
pub(super) fn bit(value: bool) -> &'static str {
    if value { "1" } else { "0" }
}

/// `validated` as the list and StatusContact show it (AddContact or
/// ModifyContact with `VALIDATION=1`).
pub(super) fn validated(contact: &Contact) -> &'static str {
    if contact.validated { "1" } else { "0" }
}

/// The columns of `WIDE=1`, alphabetical as `column[i]` lists them.
const WIDE: &[&str] = &[
    "contact",
    "contact city",
    "contact country",
    "contact email",
    "contact fax",
    "contact firstname",
    "contact lastname",
    "contact middlename",
    "contact organization",
    "contact phone",
    "contact state",
    "contact street",
    "contact title",
    "contact zip",
    "created by",
    "created date",
    "registrar",
    "roid",
    "updated by",
    "updated date",
    "validated",
    "verified",
];

/// ORDERBY's keys (the KB's), `ID` the default.
const ORDER_KEYS: &[&str] = &[
    "ID",
    "FIRSTNAME",
    "LASTNAME",
    "ORGANIZATION",
    "STREET",
    "CITY",
    "ZIP",
    "COUNTRY",
    "EMAIL",
    "VALIDATED",
    "VERIFIED",
    "CREATEDDATE",
];

/// Lists the caller's contact handles, in handle order by default.
/// `LAYER=SHOWSUBLAYER` lists its subusers' handles, `SHOWMERGEDLAYER` its
/// own and theirs. `STATUS=LINKED` keeps the handles a domain (or an open
/// backorder, or a restorable deleted domain) names, `UNLINKED` the others,
/// `CLIENTAUTODELETEPROHIBITED` those made or changed with `AUTODELETE=0` or
/// none (StatusContact's `auto delete = 0`). `TYPE=SHOWVERIFICATIONREQUESTED`
/// is an empty list: otebox requests no verification.
///
/// ```text
/// COMMAND  = QueryContactList
/// CONTACT, TITLE, FIRSTNAME, MIDDLENAME, LASTNAME, ORGANIZATION, STREET, ZIP, CITY,
/// STATE, COUNTRY, PHONE, FAX, EMAIL, VALIDATED, VERIFIED = <pattern, * any run>  (optional)
/// LAYER    = DEFAULT | SHOWSUBLAYER | SHOWMERGEDLAYER
/// TYPE     = DEFAULT | SHOWVERIFICATIONREQUESTED
/// STATUS   = LINKED | UNLINKED | CLIENTAUTODELETEPROHIBITED
/// ORDERBY  = ID | FIRSTNAME | LASTNAME | ORGANIZATION | STREET | CITY | ZIP | COUNTRY |
///            EMAIL | VALIDATED | VERIFIED | CREATEDDATE        ORDER = ASC | DESC
/// WIDE     = 0 | 1
/// FIRST    = <n> (0)    LIMIT = <n> (1000, at most 10000; 0 an empty page)
/// GENERATELIST, SENDLISTEMAIL = accepted
/// ---
/// property[column][i] = contact (WIDE: the 22 columns of WIDE)
/// property[count][0]
/// property[contact][n] (WIDE: each row's cells together; dates without `.0`, as
///                       StatusContact's; the street lines joined by ", ")
/// property[first][0], property[last][0], property[limit][0], property[total][0]
/// ```
pub(super) fn query_contact_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let filter = ContactFilter::read(args, false)?;
    let validated_like = args.optional("VALIDATED");
    let verified = args.optional("VERIFIED");
    let layer = args.optional("LAYER");
    let kind = args.optional("TYPE");
    let status = args.optional("STATUS");
    let order_by = args.optional("ORDERBY");
    let order = args.optional("ORDER");
    let wide = args.flag("WIDE")?.unwrap_or(false);
    let page = window(args)?;
    for name in ["GENERATELIST", "SENDLISTEMAIL"] {
        args.optional(name);
    }
    args.finish()?;
    let depth = match one_of(
        "LAYER",
        layer,
        &["DEFAULT", "SHOWSUBLAYER", "SHOWMERGEDLAYER"],
    )? {
        None | Some("DEFAULT") => UserDepth::SelfOnly,
        Some("SHOWSUBLAYER") => UserDepth::Subuser,
        Some(_) => UserDepth::All,
    };
    let requested_only = one_of("TYPE", kind, &["DEFAULT", "SHOWVERIFICATIONREQUESTED"])?
        .is_some_and(|kind| kind != "DEFAULT");
    let status = one_of(
        "STATUS",
        status,
        &["LINKED", "UNLINKED", "CLIENTAUTODELETEPROHIBITED"],
    )?;
    let order_by = one_of("ORDERBY", order_by, ORDER_KEYS)?.unwrap_or("ID");
    let descending = one_of("ORDER", order, &["ASC", "DESC"])? == Some("DESC");

    let owners = depth.owners(ctx.system, ctx.owner());
    let by_handle = OrderBy {
        key: "CONTACT",
        descending: false,
    };
    let mut rows = contact_rows(ctx.system, &owners, &filter, by_handle);
    rows.retain(|contact| {
        let linked = || in_use(ctx, &contact.id).is_some();
        (!requested_only || verification(ctx.system, contact).0)
            && validated_like.is_none_or(|pattern| glob(pattern, validated(contact)))
            && verified
                .is_none_or(|pattern| glob(pattern, bit(verification(ctx.system, contact).1)))
            && match status {
                Some("LINKED") => linked(),
                Some("UNLINKED") => !linked(),
                Some(_) => !contact.auto_delete,
                None => true,
            }
    });
    sort(ctx.system, &mut rows, order_by);
    if descending {
        rows.reverse();
    }
    let (rows, total) = page.take(rows.into_iter());
    let mut response = Response::with_room(8 + rows.len() * if wide { WIDE.len() } else { 1 }, 256);
    columns(&mut response, if wide { WIDE } else { &WIDE[..1] });
    response.push("count", rows.len());
    for contact in &rows {
        if wide {
            push_wide(&mut response, ctx.system, contact);
        } else {
            response.push_str("contact", &contact.id);
        }
    }
    push_window(&mut response, page, rows.len(), total);
    Ok(response)
}

/// Sorts handle-ordered rows by an ORDERBY key, keeping handle order among
/// equals (`ID` leaves it as it is; `VALIDATED` and `VERIFIED` put the
/// unvalidated and unverified first).
fn sort(system: &System, rows: &mut [&Contact], key: &str) {
    match key {
        "FIRSTNAME" => rows.sort_by(|a, b| a.data.first_name.cmp(&b.data.first_name)),
        "LASTNAME" => rows.sort_by(|a, b| a.data.last_name.cmp(&b.data.last_name)),
        "ORGANIZATION" => rows.sort_by(|a, b| a.data.organization.cmp(&b.data.organization)),
        "STREET" => rows.sort_by(|a, b| a.data.street.cmp(&b.data.street)),
        "CITY" => rows.sort_by(|a, b| a.data.city.cmp(&b.data.city)),
        "ZIP" => rows.sort_by(|a, b| a.data.zip.cmp(&b.data.zip)),
        "COUNTRY" => rows.sort_by(|a, b| a.data.country.cmp(&b.data.country)),
        "EMAIL" => rows.sort_by(|a, b| a.data.email.cmp(&b.data.email)),
        "CREATEDDATE" => rows.sort_by_key(|contact| contact.created),
        "VALIDATED" => rows.sort_by_key(|contact| contact.validated),
        "VERIFIED" => rows.sort_by_key(|contact| verification(system, contact).1),
        _ => {}
    }
}

/// One WIDE row: its cells in the order of [`WIDE`].
fn push_wide(response: &mut Response, system: &System, contact: &Contact) {
    let data = &contact.data;
    response
        .push_str("contact", &contact.id)
        .push_str("contact city", &data.city)
        .push_str("contact country", &data.country)
        .push_str("contact email", &data.email)
        .push_str("contact fax", &data.fax)
        .push_str("contact firstname", &data.first_name)
        .push_str("contact lastname", &data.last_name)
        .push_str("contact middlename", &data.middle_name)
        .push_str("contact organization", &data.organization)
        .push_str("contact phone", &data.phone)
        .push_str("contact state", &data.state)
        .push_str("contact street", &data.street.join(", "))
        .push_str("contact title", &data.title)
        .push_str("contact zip", &data.zip)
        .push_str("created by", &contact.created_by)
        .push("created date", contact.created.datetime())
        .push_str("registrar", &contact.owner)
        .push("roid", contact.roid())
        .push_str("updated by", &contact.updated_by)
        .push("updated date", contact.updated.datetime())
        .push_str("validated", validated(contact))
        .push_str("verified", bit(verification(system, contact).1));
}
