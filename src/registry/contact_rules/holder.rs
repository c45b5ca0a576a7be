//! A TMCH mark holder's fields (HOLDER0...), checked by the contact
//! rules of `contact_rules.rs` (e-mail, ISO country, phones). Must not
//! touch the `System` nor the marks (`tmch.rs`).

use super::{MAX_FIELD, is_country, is_email, phone_error, phone_number};
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
        if !self.country.is_empty() && !is_country(&self.country) {
            return Err(Error::syntax_rule(
                &field("COUNTRY"),
                &self.country,
                "is not an ISO 3166-1 alpha-2 country code (DE, US, GB, ...)",
            ));
        }
        let country = (!self.country.is_empty()).then_some(self.country.as_str());
        for (name, value) in [("PHONE", &mut self.phone), ("FAX", &mut self.fax)] {
            if !value.is_empty() {
                *value =
                    phone_number(value, country).ok_or_else(|| phone_error(&field(name), value))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holder(country: &str, phone: &str) -> Holder {
        Holder {
            entitlement: "owner".into(),
            organization: "Testmark GmbH".into(),
            street: "Teststr. 27".into(),
            city: "Homburg".into(),
            zip: "66424".into(),
            email: "mark@testmark.example".into(),
            country: country.into(),
            phone: phone.into(),
            ..Holder::default()
        }
    }

    #[test]
    fn a_holder_without_a_country_gives_an_international_number_in_any_form() {
        for written in ["+49.6864123456", "+49 6864 123456", "+496864123456"] {
            let mut mark_holder = holder("", written);
            mark_holder.validate("HOLDER0").unwrap();
            assert_eq!(mark_holder.phone, "+49.6864123456", "{written}");
        }
        assert!(holder("", "06864123456").validate("HOLDER0").is_err());
        let mut national = holder("de", "06864 123456");
        national.validate("HOLDER0").unwrap();
        assert_eq!(
            (national.country.as_str(), national.phone.as_str()),
            ("DE", "+49.6864123456")
        );
        assert!(holder("XX", "+496864123456").validate("HOLDER0").is_err());
    }
}
