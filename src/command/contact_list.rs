//! QueryContactList: one account's contact handles, filtered by `*` patterns
//! and date bounds, sorted and paged (protocol.md §4, §8). Walks only
//! `System::contacts_of(owner)`, never the whole contact table.
//! `ContactFilter` and `contact_rows` are the list's core, which the CNR
//! QueryContactList (`command/cnr/contact_list.rs`) calls too.

use super::list::{OrderBy, Page, UserDepth, glob, read_date};
use super::{Args, Ctx};
use crate::error::Result;
use crate::registry::{Contact, System, Timestamp};
use crate::wire::Response;

/// LIMIT when the request gives none.
const DEFAULT_LIMIT: usize = 100;

/// Reads one field of a contact.
type Field = fn(&Contact) -> &str;

/// Renders one WIDE column's cell.
type Cell = fn(&Contact) -> String;

/// The pattern filters: parameter name and the field it matches.
const PATTERNS: &[(&str, Field)] = &[
    ("TITLE", |c| &c.data.title),
    ("FIRSTNAME", |c| &c.data.first_name),
    ("MIDDLENAME", |c| &c.data.middle_name),
    ("LASTNAME", |c| &c.data.last_name),
    ("ORGANIZATION", |c| &c.data.organization),
    ("CITY", |c| &c.data.city),
    ("STATE", |c| &c.data.state),
    ("ZIP", |c| &c.data.zip),
    ("COUNTRY", |c| &c.data.country),
    ("PHONE", |c| &c.data.phone),
    ("FAX", |c| &c.data.fax),
    ("EMAIL", |c| &c.data.email),
];

/// Every status a contact can have in the sandbox.
const STATUS: &str = "ACTIVE";

/// Lists the caller's contact handles.
///
/// ```text
/// COMMAND   = QueryContactList
/// CONTACT   = <pattern>          (optional, e.g. P-A*; * is any run of characters)
/// TITLE, FIRSTNAME, MIDDLENAME, LASTNAME, ORGANIZATION, STREET, CITY, STATE,
/// ZIP, COUNTRY, PHONE, FAX, EMAIL, STATUS = <pattern>   (optional, ignoring case)
/// MINCREATEDDATE, MAXCREATEDDATE, MINUPDATEDDATE, MAXUPDATEDDATE = <YYYY-MM-DD[ hh:mm:ss]>
/// ORDERBY   = CONTACT | CONTACTDESC | USER | USERDESC   (default CONTACT)
/// USERDEPTH = SELF | SUBUSER | ALL                       (default SELF)
/// WIDE      = 0|1
/// FIRST     = <n> (default 0), LIMIT = <n> (default 100)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[CONTACT][0..n]
/// WIDE=1 adds PROPERTY[CONTACTCITY|CONTACTCOUNTRY|CONTACTCREATEDDATE|CONTACTEMAIL|
///   CONTACTFAX|CONTACTFIRSTNAME|CONTACTLASTNAME|CONTACTMIDDLENAME|CONTACTORGANIZATION|
///   CONTACTPHONE|CONTACTSTATE|CONTACTSTATUS|CONTACTSTREET|CONTACTTITLE|
///   CONTACTUPDATEDDATE|CONTACTZIP|PARENTUSER|PEERUSER|USER][0..n]
/// ```
pub(super) fn query_contact_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let page = Page::read(args, DEFAULT_LIMIT)?;
    let order = OrderBy::read(args, &["CONTACT", "USER"])?;
    let depth = UserDepth::read(args, UserDepth::SelfOnly)?;
    let wide = args.flag("WIDE")?.unwrap_or(false);
    let filter = ContactFilter::read(args, true)?;
    args.finish()?;
    let owners = depth.owners(ctx.system, ctx.owner());
    let rows = contact_rows(ctx.system, &owners, &filter, order);
    let (rows, mut response) = page.respond(rows.into_iter());
    for contact in &rows {
        response.push("CONTACT", &contact.id);
    }
    if wide {
        push_wide(&mut response, ctx, &rows);
    }
    Ok(response)
}

/// What QueryContactList filters on, in both dialects: the handle and field
/// patterns, the street lines, the status, the date bounds.
pub(in crate::command) struct ContactFilter<'a> {
    handle: Option<&'a str>,
    patterns: Vec<(&'a str, Field)>,
    street: Option<&'a str>,
    status: Option<&'a str>,
    created: (Option<Timestamp>, Option<Timestamp>),
    updated: (Option<Timestamp>, Option<Timestamp>),
}

impl<'a> ContactFilter<'a> {
    /// Reads CONTACT, the field patterns and STREET; STATUS and the
    /// MIN/MAX date bounds too when `hexonet` (the CNR command has its own
    /// STATUS and no date bounds).
    pub(in crate::command) fn read(args: &mut Args<'a>, hexonet: bool) -> Result<Self> {
        let handle = args.optional("CONTACT");
        let patterns: Vec<_> = PATTERNS
            .iter()
            .filter_map(|(name, get)| args.optional(name).map(|pattern| (pattern, *get)))
            .collect();
        let street = args.optional("STREET");
        let mut filter = ContactFilter {
            handle,
            patterns,
            street,
            status: None,
            created: (None, None),
            updated: (None, None),
        };
        if !hexonet {
            return Ok(filter);
        }
        filter.status = args.optional("STATUS");
        let mut date = |name: &str| read_date(args, name);
        filter.created = (date("MINCREATEDDATE")?, date("MAXCREATEDDATE")?);
        filter.updated = (date("MINUPDATEDDATE")?, date("MAXUPDATEDDATE")?);
        Ok(filter)
    }

    fn matches(&self, contact: &Contact) -> bool {
        let within = |at: Timestamp, (min, max): (Option<Timestamp>, Option<Timestamp>)| {
            min.is_none_or(|min| at >= min) && max.is_none_or(|max| at <= max)
        };
        self.handle.is_none_or(|pattern| glob(pattern, &contact.id))
            && (self.patterns)
                .iter()
                .all(|(pattern, get)| glob(pattern, get(contact)))
            && (self.street)
                .is_none_or(|pattern| contact.data.street.iter().any(|line| glob(pattern, line)))
            && self.status.is_none_or(|pattern| glob(pattern, STATUS))
            && within(contact.created, self.created)
            && within(contact.updated, self.updated)
    }
}

/// The contacts of `owners` that pass `filter`, in `order` (`CONTACT` or
/// `USER`): QueryContactList's core, both dialects'. One owner: its sorted
/// handles (ORDERBY=USER ties are in handle order), backwards for DESC.
/// Several owners (a subtree): one sorted list of theirs.
pub(in crate::command) fn contact_rows<'s>(
    system: &'s System,
    owners: &[&str],
    filter: &ContactFilter<'_>,
    order: OrderBy,
) -> Vec<&'s Contact> {
    let matches = |contact: &&Contact| filter.matches(contact);
    match (owners, order.descending) {
        ([owner], false) => system.contacts_of(owner).filter(matches).collect(),
        ([owner], true) => system.contacts_of(owner).rev().filter(matches).collect(),
        (owners, descending) => {
            let mut all: Vec<&Contact> = owners
                .iter()
                .flat_map(|owner| system.contacts_of(owner))
                .filter(matches)
                .collect();
            if order.key == "USER" {
                all.sort_by(|a, b| (&a.owner, &a.id).cmp(&(&b.owner, &b.id)));
            } else {
                all.sort_by(|a, b| a.id.cmp(&b.id));
            }
            if descending {
                all.reverse();
            }
            all
        }
    }
}

/// The WIDE=1 columns, each with one value per row.
fn push_wide(response: &mut Response, ctx: &Ctx<'_>, rows: &[&Contact]) {
    let columns: [(&'static str, Cell); 16] = [
        ("CONTACTCITY", |c| c.data.city.clone()),
        ("CONTACTCOUNTRY", |c| c.data.country.clone()),
        ("CONTACTCREATEDDATE", |c| c.created.datetime().to_string()),
        ("CONTACTEMAIL", |c| c.data.email.clone()),
        ("CONTACTFAX", |c| c.data.fax.clone()),
        ("CONTACTFIRSTNAME", |c| c.data.first_name.clone()),
        ("CONTACTLASTNAME", |c| c.data.last_name.clone()),
        ("CONTACTMIDDLENAME", |c| c.data.middle_name.clone()),
        ("CONTACTORGANIZATION", |c| c.data.organization.clone()),
        ("CONTACTPHONE", |c| c.data.phone.clone()),
        ("CONTACTSTATE", |c| c.data.state.clone()),
        ("CONTACTSTATUS", |_| STATUS.to_owned()),
        ("CONTACTSTREET", |c| c.data.street.join(", ")),
        ("CONTACTTITLE", |c| c.data.title.clone()),
        ("CONTACTUPDATEDDATE", |c| c.updated.datetime().to_string()),
        ("CONTACTZIP", |c| c.data.zip.clone()),
    ];
    for (name, get) in columns {
        for contact in rows {
            response.push(name, get(contact));
        }
    }
    for contact in rows {
        response.push("PARENTUSER", ctx.system.parent_of(&contact.owner));
    }
    for contact in rows {
        let chain = ctx.system.peer_chain(ctx.owner(), &contact.owner);
        response.push("PEERUSER", chain);
    }
    for contact in rows {
        response.push("USER", &contact.owner);
    }
}
