//! A TMCH mark holder's fields (HOLDER0...), checked by the contact
//! rules of `contact_rules.rs` (e-mail, ISO country, phones). Must not
//! touch the `System` nor the marks (`tmch.rs`).

use super::{MAX_FIELD, calling_code, is_email, normalise_phone, phone_error};
use crate::error::{Error, Result};
use crate::registry::Holder;

impl Holder {
    /// Checks and normalises a mark holder as [`ContactData::validate`]
    /// does a contact: ENTITLEMENT, ORGANIZATION, STREET, CITY, ZIP and
    /// EMAIL required, COUNTRY (optional) ISO 3166, PHONE and FAX (optional)
    /// `+CC.NUMBER`. `prefix` is `HOLDER0`.
    pub fn validate(&mut self, prefix: &str) -> Result<()> {
        let field = |name: &str| format!("{prefix}{name}");
        self.entitlement = self.entitlement.to_ascii_lowercase();
        let texts = [
            ("ENTITLEMENT", &self.entitlement, true),
            ("ORGANIZATION", &self.organization, true),
            ("STREET", &self.street, true),
            ("CITY", &self.city, true),
            ("ZIP", &self.zip, true),
            ("EMAIL", &self.email, true),
            ("STATE", &self.state, false),
        ];
        for (name, value, required) in texts {
            if required && value.is_empty() {
                return Err(Error::missing(field(name)));
            }
            if value.chars().count() > MAX_FIELD {
                return Err(Error::syntax_rule(
                    &field(name),
                    value,
                    format_args!("is longer than {MAX_FIELD} characters"),
                ));
            }
        }
        if !["owner", "co-owner", "assignee"].contains(&self.entitlement.as_str()) {
            return Err(Error::invalid(
                &field("ENTITLEMENT"),
                format_args!("({}) is not owner, co-owner or assignee", self.entitlement),
            ));
        }
        if !is_email(&self.email) {
            return Err(Error::syntax_rule(
                &field("EMAIL"),
                &self.email,
                "is not an e-mail address (local@domain.tld)",
            ));
        }
        self.country = self.country.to_ascii_uppercase();
        let calling_code = match self.country.is_empty() {
            true => "",
            false => calling_code(&self.country).ok_or_else(|| {
                Error::syntax_rule(
                    &field("COUNTRY"),
                    &self.country,
                    "is not an ISO 3166-1 alpha-2 country code (DE, US, GB, ...)",
                )
            })?,
        };
        for (name, value) in [("PHONE", &mut self.phone), ("FAX", &mut self.fax)] {
            if !value.is_empty() {
                *value = normalise_phone(value, &self.country, calling_code)
                    .ok_or_else(|| phone_error(&field(name), value))?;
            }
        }
        Ok(())
    }
}
