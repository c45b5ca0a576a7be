//! The TMCH mark commands but the list: CreateTMCHMark, StatusTMCHMark,
//! UpdateTMCHMark and RenewTMCHMark, one function per wire command, and
//! the one property list of a mark. They read the arguments
//! (`tmch_fields.rs`) and call the registry (`registry/tmch.rs`), which owns
//! the mark rules; they must not charge (TMCH is free in the sandbox) nor
//! touch domains. QueryTMCHMarkList is `tmch_list.rs`'s.

use super::tmch_fields::{blank, read_sent};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{DomainName, Entity, Mark, System, Timestamp};
use crate::wire::Response;

/// Registers a trademark and its labels at the TMCH, verified at once.
///
/// ```text
/// COMMAND   = CreateTMCHMark
/// MARKTYPE  = TRADEMARK                 MARKNAME = <text>
/// GOODSANDSERVICES, GOODSANDSERVICES<n> = <text>            (optional)
/// TRADEMARK-JURISDICTION = <country> | AP | BX | EM | EP | EU | GC | IB | OA | OT | QZ | WO
/// TRADEMARK-CLASS<n> = <1..46>          TRADEMARK-REGISTRATIONDATE = YYYY-MM-DD
/// TRADEMARK-REGISTRATIONNUMBER = <text>                        (optional)
/// PERIOD    = 1 | 3 | 5                 (optional, default 1: years)
/// LABEL<n>  = <ASCII label>, LABEL<n>SMDINCLUSION = 0|1 (0), LABEL<n>CLAIMSNOTIFY = 0|1 (1)
/// HOLDER0ENTITLEMENT = owner | co-owner | assignee
/// HOLDER0ORGANIZATION, HOLDER0STREET, HOLDER0CITY, HOLDER0ZIP, HOLDER0EMAIL = <text>
/// HOLDER0STATE, HOLDER0COUNTRY, HOLDER0PHONE, HOLDER0FAX = <text>   (optional)
/// ---
/// PROPERTY[ID][0] = 000558YYMMDDNNNN-1
/// ```
pub(super) fn create_tmch_mark(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    args.required("MARKTYPE")?;
    let sent = read_sent(args, false)?;
    let years = read_years(args)?;
    args.finish()?;
    let data = sent.merge(blank(), ctx.now)?;
    let owner = ctx.caller.owner().to_owned();
    let mark = ctx.system.create_mark(&owner, data, years, ctx.now)?;
    let mut response = Response::ok();
    response.push_str("ID", &mark.id);
    Ok(response)
}

/// One of the view's marks, every field.
///
/// ```text
/// COMMAND = StatusTMCHMark
/// ID      = <mark ID>
/// ACTION  = download        (552: otebox makes no SMD file)
/// ---
/// PROPERTY[CLASS|CREATEDDATE|DESCRIPTION|EXPIRATIONDATE][0]
/// PROPERTY[GOODSANDSERVICES][i], PROPERTY[HOLDER0<field>][0]
/// PROPERTY[ID][0], PROPERTY[LABEL][i], PROPERTY[LABEL<i>CLAIMSNOTIFY|LABEL<i>SMDINCLUSION][0]
/// PROPERTY[MARKNAME|MARKTYPE|PEERUSER|POUSTATUS|REPOSITORY|STATUS][0]
/// PROPERTY[TRADEMARK-CLASS][i], PROPERTY[TRADEMARK-JURISDICTION|-REGISTRATIONDATE|-REGISTRATIONNUMBER][0]
/// PROPERTY[ULABEL][i], PROPERTY[UPDATEDDATE|USER][0]
/// ```
pub(super) fn status_tmch_mark(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = args.required("ID")?;
    let action = args.optional("ACTION").filter(|text| !text.is_empty());
    if let Some(action) = action
        && !action.eq_ignore_ascii_case("download")
    {
        return Err(Error::invalid(
            "ACTION",
            format_args!("({action}) is not download"),
        ));
    }
    args.finish()?;
    let view = ctx.owner();
    let mark = ctx.system.mark(view, id)?;
    if action.is_some() {
        return Err(Error::StatusProhibits(format!(
            "TMCHMARK {id} has no SMD file: the sandbox signs no mark data"
        )));
    }
    Ok(mark_properties(ctx.system, view, mark, ctx.now))
}

/// Changes the view's mark: the fields sent replace the mark's (an empty
/// value is NULL: the field stays), LABEL<n> replaces the labels, ADDLABEL<n>
/// adds one (or sets its flags), DELLABEL<n> removes one; the result is
/// checked whole, as CreateTMCHMark checks a new mark.
///
/// ```text
/// COMMAND = UpdateTMCHMark
/// ID      = <mark ID>
/// <every CreateTMCHMark field but PERIOD>                      (optional)
/// ADDLABEL<n> = <label>, ADDLABEL<n>SMDINCLUSION, ADDLABEL<n>CLAIMSNOTIFY = 0|1
/// DELLABEL<n> = <label on the mark>
/// ```
pub(super) fn update_tmch_mark(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = args.required("ID")?;
    let sent = read_sent(args, true)?;
    args.finish()?;
    let view = ctx.caller.owner();
    let data = ctx.system.mark(view, id)?.data.clone();
    let change = sent.merge(data, ctx.now)?;
    ctx.system.update_mark(view, id, change, ctx.now)?;
    Ok(Response::ok())
}

/// Extends the view's mark by PERIOD years from its expiration date
/// (`552` once it expired).
///
/// ```text
/// COMMAND = RenewTMCHMark
/// ID      = <mark ID>
/// PERIOD  = 1 | 3 | 5       (optional, default 1)
/// ```
pub(super) fn renew_tmch_mark(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = args.required("ID")?;
    let years = read_years(args)?;
    args.finish()?;
    let view = ctx.caller.owner();
    ctx.system.renew_mark(view, id, years, ctx.now)?;
    Ok(Response::ok())
}

/// PERIOD in years (a trailing `Y` allowed), default 1; the registry
/// refuses one TMCH does not offer.
fn read_years(args: &mut Args<'_>) -> Result<u32> {
    match args.optional("PERIOD").filter(|text| !text.is_empty()) {
        None => Ok(1),
        Some(text) => {
            let digits = text.strip_suffix(['Y', 'y']).unwrap_or(text);
            digits
                .parse::<u32>()
                .map_err(|_| Error::syntax_rule("PERIOD", text, "is not a number of years"))
        }
    }
}

/// The TMCH repository of a system's marks (REPOSITORY).
fn repository(entity: Entity) -> &'static str {
    match entity {
        Entity::Ote => "TMCH-OTE-558",
        _ => "TMCH-558",
    }
}

/// StatusTMCHMark's answer: every property of `mark` as `view` sees it at `now`.
fn mark_properties(system: &System, view: &str, mark: &Mark, now: Timestamp) -> Response {
    let data = &mark.data;
    let holder = &data.holder;
    let mut response = Response::ok();
    response
        .push("CLASS", "TMCHMARK")
        .push("CREATEDDATE", mark.created.datetime())
        .push_str("DESCRIPTION", &mark.id)
        .push("EXPIRATIONDATE", mark.expires.datetime());
    for line in &data.goods {
        response.push_str("GOODSANDSERVICES", line);
    }
    for (field, value) in [
        ("CITY", &holder.city),
        ("COUNTRY", &holder.country),
        ("EMAIL", &holder.email),
        ("ENTITLEMENT", &holder.entitlement),
        ("FAX", &holder.fax),
        ("NAME", &String::new()),
        ("ORGANIZATION", &holder.organization),
        ("PHONE", &holder.phone),
        ("STATE", &holder.state),
        ("STREET", &holder.street),
        ("ZIP", &holder.zip),
    ] {
        response.push_str(format!("HOLDER0{field}"), value);
    }
    response.push_str("ID", &mark.id);
    for label in &data.labels {
        response.push_str("LABEL", &label.label);
    }
    for (n, label) in data.labels.iter().enumerate() {
        response
            .push(format!("LABEL{n}CLAIMSNOTIFY"), u8::from(label.claims))
            .push(format!("LABEL{n}SMDINCLUSION"), u8::from(label.smd));
    }
    response
        .push_str("MARKNAME", &data.name)
        .push("MARKTYPE", "TRADEMARK")
        .push_str("PEERUSER", &system.peer_chain(view, &mark.owner))
        .push("POUSTATUS", "notSet")
        .push("REPOSITORY", repository(system.entity()))
        .push("STATUS", mark.status(now).name());
    for class in &data.classes {
        response.push("TRADEMARK-CLASS", class);
    }
    response
        .push_str("TRADEMARK-JURISDICTION", &data.jurisdiction)
        .push(
            "TRADEMARK-REGISTRATIONDATE",
            format_args!("{} 00:00:00", data.registered),
        )
        .push_str("TRADEMARK-REGISTRATIONNUMBER", &data.number);
    for label in &data.labels {
        response.push_str("ULABEL", &DomainName::unicode_of(&label.label));
    }
    response
        .push("UPDATEDDATE", mark.updated.datetime())
        .push_str("USER", &mark.owner);
    response
}
