//! The fields of a TMCH mark as CreateTMCHMark and UpdateTMCHMark send
//! them: MARKTYPE, MARKNAME, GOODSANDSERVICES[n], TRADEMARK-*, HOLDER0*,
//! LABEL<n> with its SMDINCLUSION / CLAIMSNOTIFY flags, and UpdateTMCHMark's
//! ADDLABEL<n> / DELLABEL<n>; read, checked (`505` for a malformed value,
//! `541` for a wrong one, `504` for a missing one) and merged into a mark's
//! data. Reads arguments only: the registry (`registry/tmch.rs`) keeps marks.

use super::Args;
use crate::error::{Error, Result};
use crate::registry::tmch::MAX_LABELS;
use crate::registry::{Holder, MarkData, MarkLabel, Timestamp, days_in_month, is_country};

/// The regional offices TRADEMARK-JURISDICTION takes besides countries.
const OFFICES: [&str; 11] = [
    "AP", "BX", "EM", "EP", "EU", "GC", "IB", "OA", "OT", "QZ", "WO",
];
/// The longest MARKNAME, registration number or goods line.
const MAX_TEXT: usize = 255;

/// What a request sent of a mark; `None`: not sent or empty (NULL: kept
/// on update).
#[derive(Debug, Default)]
pub(super) struct Sent<'a> {
    name: Option<&'a str>,
    goods: Option<Vec<String>>,
    jurisdiction: Option<&'a str>,
    classes: Option<Vec<(usize, &'a str)>>,
    number: Option<&'a str>,
    registered: Option<&'a str>,
    holder: Vec<(&'static str, &'a str)>,
    labels: Option<Vec<MarkLabel>>,
    add: Vec<MarkLabel>,
    delete: Vec<(usize, &'a str)>,
}

/// The HOLDER0 fields, in the order they are read.
const HOLDER_FIELDS: [&str; 10] = [
    "ENTITLEMENT",
    "ORGANIZATION",
    "STREET",
    "CITY",
    "STATE",
    "ZIP",
    "COUNTRY",
    "PHONE",
    "FAX",
    "EMAIL",
];

/// Reads the mark fields; `update` also reads ADDLABEL and DELLABEL.
pub(super) fn read_sent<'a>(args: &mut Args<'a>, update: bool) -> Result<Sent<'a>> {
    if let Some(kind) = args.optional("MARKTYPE")
        && !kind.eq_ignore_ascii_case("TRADEMARK")
    {
        return Err(Error::invalid(
            "MARKTYPE",
            format_args!("({kind}) is not TRADEMARK"),
        ));
    }
    let mut sent = Sent {
        name: args.optional("MARKNAME"),
        jurisdiction: args.optional("TRADEMARK-JURISDICTION"),
        number: args.optional("TRADEMARK-REGISTRATIONNUMBER"),
        registered: args.optional("TRADEMARK-REGISTRATIONDATE"),
        ..Sent::default()
    };
    let single = args.optional("GOODSANDSERVICES");
    let listed = args.list("GOODSANDSERVICES");
    if single.is_some() || !listed.is_empty() {
        let lines = single.into_iter().chain(listed.into_iter().map(|(_, t)| t));
        sent.goods = Some(lines.filter(|t| !t.is_empty()).map(str::to_owned).collect());
    }
    let classes = args.list("TRADEMARK-CLASS");
    sent.classes = (!classes.is_empty()).then_some(classes);
    for field in HOLDER_FIELDS {
        if let Some(value) = args.optional(&format!("HOLDER0{field}")) {
            sent.holder.push((field, value));
        }
    }
    let labels = read_labels(args, "LABEL")?;
    sent.labels = (!labels.is_empty()).then_some(labels);
    if update {
        sent.add = read_labels(args, "ADDLABEL")?;
        sent.delete = args.list("DELLABEL");
    }
    Ok(sent)
}

/// `STEM<n>` labels with their `STEM<n>SMDINCLUSION` (default 0) and
/// `STEM<n>CLAIMSNOTIFY` (default 1) flags; empty values skipped.
fn read_labels(args: &mut Args<'_>, stem: &str) -> Result<Vec<MarkLabel>> {
    let mut labels = Vec::new();
    for (n, text) in args.list(stem) {
        let smd = args.flag(&format!("{stem}{n}SMDINCLUSION"))?;
        let claims = args.flag(&format!("{stem}{n}CLAIMSNOTIFY"))?;
        if text.is_empty() {
            continue;
        }
        labels.push(MarkLabel {
            label: read_label(&format!("{stem}{n}"), text)?,
            smd: smd.unwrap_or(false),
            claims: claims.unwrap_or(true),
        });
    }
    Ok(labels)
}

/// A domain-name label in ASCII: 1 to 63 letters, digits and hyphens, no
/// hyphen at either end; lower case.
fn read_label(name: &str, text: &str) -> Result<String> {
    let ok = (1..=63).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !text.starts_with('-')
        && !text.ends_with('-');
    match ok {
        true => Ok(text.to_ascii_lowercase()),
        false => Err(Error::syntax_rule(
            name,
            text,
            "is not a domain-name label (1 to 63 letters, digits and inner hyphens, ASCII form)",
        )),
    }
}

/// An empty mark to create into.
pub(super) fn blank() -> MarkData {
    MarkData {
        name: String::new(),
        goods: Vec::new(),
        jurisdiction: String::new(),
        classes: Vec::new(),
        number: String::new(),
        registered: String::new(),
        holder: Holder::default(),
        labels: Vec::new(),
    }
}

impl Sent<'_> {
    /// `data` with what was sent, checked whole: `504` for a required field
    /// left empty (MARKNAME, TRADEMARK-JURISDICTION, TRADEMARK-CLASS0,
    /// TRADEMARK-REGISTRATIONDATE, LABEL0, the HOLDER0 fields), `541` for a
    /// registration date after `now`.
    pub(super) fn merge(self, mut data: MarkData, now: Timestamp) -> Result<MarkData> {
        if let Some(name) = self.name {
            data.name = checked_text("MARKNAME", name)?.to_owned();
        }
        if let Some(goods) = self.goods {
            for line in &goods {
                checked_text("GOODSANDSERVICES", line)?;
            }
            data.goods = goods;
        }
        if let Some(text) = self.jurisdiction {
            let code = text.to_ascii_uppercase();
            if !code.is_empty() && !is_country(&code) && !OFFICES.contains(&code.as_str()) {
                return Err(Error::invalid(
                    "TRADEMARK-JURISDICTION",
                    format_args!(
                        "({text}) is no country code nor AP, BX, EM, EP, EU, GC, IB, OA, OT, QZ, WO"
                    ),
                ));
            }
            data.jurisdiction = code;
        }
        if let Some(classes) = self.classes {
            data.classes = read_classes(&classes)?;
        }
        if let Some(number) = self.number {
            data.number = checked_text("TRADEMARK-REGISTRATIONNUMBER", number)?.to_owned();
        }
        if let Some(text) = self.registered.filter(|t| !t.is_empty()) {
            data.registered = read_registered(text, now)?;
        }
        for (field, value) in self.holder {
            let slot = holder_slot(&mut data.holder, field);
            *slot = value.trim().to_owned();
        }
        if let Some(labels) = self.labels {
            data.labels = labels;
        }
        for label in self.add {
            match data.labels.iter_mut().find(|l| l.label == label.label) {
                Some(old) => *old = label,
                None => data.labels.push(label),
            }
        }
        for (n, text) in self.delete.into_iter().filter(|(_, t)| !t.is_empty()) {
            let name = format!("DELLABEL{n}");
            let label = read_label(&name, text)?;
            let Some(at) = data.labels.iter().position(|l| l.label == label) else {
                return Err(Error::invalid(
                    &name,
                    format_args!("({text}) is no label of the mark"),
                ));
            };
            data.labels.remove(at);
        }
        check_whole(&mut data)?;
        Ok(data)
    }
}

fn checked_text<'t>(name: &str, text: &'t str) -> Result<&'t str> {
    let text = text.trim();
    match text.chars().count() <= MAX_TEXT {
        true => Ok(text),
        false => Err(Error::syntax_rule(
            name,
            text,
            format_args!("is longer than {MAX_TEXT} characters"),
        )),
    }
}

/// TRADEMARK-CLASS<n>: Nice classes 1 to 45, or 46 for none; sorted, each once.
fn read_classes(sent: &[(usize, &str)]) -> Result<Vec<u8>> {
    let mut classes = Vec::new();
    for &(n, text) in sent.iter().filter(|(_, t)| !t.is_empty()) {
        let name = format!("TRADEMARK-CLASS{n}");
        let class: u8 = text.parse().map_err(|_| Error::syntax(&name, text))?;
        if !(1..=46).contains(&class) {
            return Err(Error::invalid(
                &name,
                format_args!("({text}) is not a Nice class (1 to 45, or 46 for none)"),
            ));
        }
        classes.push(class);
    }
    classes.sort_unstable();
    classes.dedup();
    Ok(classes)
}

/// TRADEMARK-REGISTRATIONDATE: `YYYY-MM-DD` (a time is dropped) of a
/// year from 1000 on, not after today; kept as that date, since a
/// trademark may be older than the sandbox clock's epoch (1970).
fn read_registered(text: &str, now: Timestamp) -> Result<String> {
    const NAME: &str = "TRADEMARK-REGISTRATIONDATE";
    let date = text.split_once(' ').map_or(text, |(date, _)| date);
    let field = |part: Option<&str>, width: usize| {
        part.filter(|p| p.len() == width && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
    };
    let mut parts = date.splitn(3, '-');
    let (year, month, day) = (
        field(parts.next(), 4),
        field(parts.next(), 2),
        field(parts.next(), 2),
    );
    let valid = match (year, month, day) {
        (Some(year), Some(month), Some(day)) => {
            year >= 1000
                && (1..=12).contains(&month)
                && (1..=days_in_month(year as i32, month)).contains(&day)
        }
        _ => false,
    };
    if !valid {
        return Err(Error::syntax_rule(NAME, text, "is not YYYY-MM-DD"));
    }
    let today = now.datetime().to_string();
    if date > &today[..10] {
        return Err(Error::invalid(
            NAME,
            format_args!("({text}) lies in the future"),
        ));
    }
    Ok(date.to_owned())
}

fn holder_slot<'h>(holder: &'h mut Holder, field: &str) -> &'h mut String {
    match field {
        "ENTITLEMENT" => &mut holder.entitlement,
        "ORGANIZATION" => &mut holder.organization,
        "STREET" => &mut holder.street,
        "CITY" => &mut holder.city,
        "STATE" => &mut holder.state,
        "ZIP" => &mut holder.zip,
        "COUNTRY" => &mut holder.country,
        "PHONE" => &mut holder.phone,
        "FAX" => &mut holder.fax,
        _ => &mut holder.email,
    }
}

/// The checks of a whole mark: required fields, labels each once and at
/// most [`MAX_LABELS`], the holder's fields.
fn check_whole(data: &mut MarkData) -> Result<()> {
    let required = [
        ("MARKNAME", data.name.is_empty()),
        ("TRADEMARK-JURISDICTION", data.jurisdiction.is_empty()),
        ("TRADEMARK-CLASS0", data.classes.is_empty()),
        ("TRADEMARK-REGISTRATIONDATE", data.registered.is_empty()),
        ("LABEL0", data.labels.is_empty()),
    ];
    if let Some((name, _)) = required.iter().find(|(_, empty)| *empty) {
        return Err(Error::missing(*name));
    }
    for (at, label) in data.labels.iter().enumerate() {
        if data.labels[..at].iter().any(|l| l.label == label.label) {
            return Err(Error::invalid(
                &format!("LABEL{at}"),
                format_args!("({}) is given twice", label.label),
            ));
        }
    }
    if data.labels.len() > MAX_LABELS {
        return Err(Error::invalid(
            "LABEL",
            format_args!(
                "a mark has at most {MAX_LABELS} labels, not {}",
                data.labels.len()
            ),
        ));
    }
    data.holder.validate("HOLDER0")
}
