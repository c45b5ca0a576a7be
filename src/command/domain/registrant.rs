//! The zone's rule on who may hold a domain (`catalogue::Rule::RegistrantIn`,
//! `Rule::OrganisationNeedsVat`): checked on the domain commands that set a
//! registrant and on a contact change of some domain's registrant. Reads
//! and checks only: never changes the registry.

use crate::command::contact::ContactSpec;
use crate::error::{Error, Result};
use crate::registry::catalogue::{self, Rule, Tld};
use crate::registry::{ContactData, System};

/// What a refusal of the rule names.
enum Subject<'a> {
    /// A domain command's registrant: its fields are `OWNERCONTACT0<FIELD>`.
    Owner,
    /// A contact being changed (fields `<FIELD>`) that is `domain`'s registrant.
    Contact { id: &'a str, domain: &'a str },
}

impl Subject<'_> {
    fn field(&self, name: &str) -> String {
        match self {
            Subject::Owner => format!("OWNERCONTACT0{name}"),
            Subject::Contact { .. } => name.to_owned(),
        }
    }

    fn note(&self) -> String {
        match self {
            Subject::Owner => String::new(),
            Subject::Contact { id, domain } => format!("; {id} is the registrant of {domain}"),
        }
    }
}

/// The zone's rule on the registrant: `.dk`, an organisation needs a VAT id
/// (`504` naming the field: the contact's, or the zone's own `X-DK-VATID`
/// among `fields`); `.eu` and `.fr`, it must be established in the region
/// (`.eu`: or a citizen, `X-EU-REGISTRANT-CITIZENSHIP`), else `541`.
pub(in crate::command) fn check_registrant<'a>(
    system: &System,
    tld: &Tld,
    owner: &ContactSpec,
    fields: impl Iterator<Item = (&'a str, &'a str)>,
) -> Result<()> {
    let data = match owner {
        ContactSpec::Inline(data) => Some(&**data),
        ContactSpec::Handle(id) => system.contact(id).map(|contact| &contact.data),
    };
    check(tld, data, fields, &Subject::Owner)
}

/// The rule again for every live domain of `owner` whose registrant is the
/// contact `id`, with the contact's data as a change would leave it
/// (ModifyContact in both dialects): a `.eu` registrant cannot move to the
/// United States by editing its handle, nor a `.dk` one become an
/// organisation without a VAT id.
pub(in crate::command) fn check_contact_change(
    system: &System,
    owner: &str,
    id: &str,
    data: &ContactData,
) -> Result<()> {
    for domain in system.domains_with_registrant(owner, id) {
        let Some(tld) = catalogue::find(&domain.name) else {
            continue;
        };
        let fields =
            (domain.extensions().iter()).map(|(field, value)| (field.as_str(), value.as_str()));
        let domain = domain.name.as_str();
        check(tld, Some(data), fields, &Subject::Contact { id, domain })?;
    }
    Ok(())
}

fn check<'a>(
    tld: &Tld,
    data: Option<&ContactData>,
    mut fields: impl Iterator<Item = (&'a str, &'a str)>,
    subject: &Subject<'_>,
) -> Result<()> {
    if let Rule::RegistrantIn {
        countries,
        region,
        citizenship,
    } = tld.rule
    {
        let Some(data) = data.filter(|data| !countries.contains(&data.country.as_str())) else {
            return Ok(());
        };
        if let Some((field, states)) = citizenship {
            let citizen = |(name, value): (&str, &str)| {
                name == field && states.contains(&value.to_ascii_uppercase().as_str())
            };
            if fields.any(citizen) {
                return Ok(());
            }
        }
        let or_citizen = citizenship.map_or(String::new(), |(field, _)| {
            format!(", or be a citizen of an EU member state ({field})")
        });
        return Err(Error::invalid(
            &subject.field("COUNTRY"),
            format_args!(
                "({}) a .{} registrant must be established in {region}{or_citizen}{}",
                data.country,
                tld.zone,
                subject.note()
            ),
        ));
    }
    let Some(field) = registrant_field(tld).filter(|_| tld.rule == Rule::OrganisationNeedsVat)
    else {
        return Ok(());
    };
    if fields.any(|(name, value)| name == field && !value.is_empty()) {
        return Ok(());
    }
    match data {
        Some(data) if !data.organization.is_empty() && data.vat_id.is_empty() => {
            Err(Error::missing(format!(
                "{} (.{} needs a VAT id for an organisation registrant: \
                 the contact's or {field}{})",
                subject.field("VATID"),
                tld.zone,
                subject.note()
            )))
        }
        _ => Ok(()),
    }
}

/// The domain `X-` field the zone's registrant rule reads besides the
/// contact ([`check_registrant`]): `.eu`'s citizenship, `.dk`'s VAT id; a
/// ModifyDomain that changes it checks the registrant again.
pub(super) fn registrant_field(tld: &Tld) -> Option<String> {
    match tld.rule {
        Rule::RegistrantIn {
            citizenship: Some((field, _)),
            ..
        } => Some(field.to_owned()),
        Rule::OrganisationNeedsVat => Some(format!("X-{}-VATID", tld.zone.to_ascii_uppercase())),
        _ => None,
    }
}
