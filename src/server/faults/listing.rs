//! The JSON of the fault rules' listing (`GET /_admin/faults`): one flat
//! object per rule with the fields it was given, how often it fired and how
//! many firings are left (`null`: no limit). Knows nothing of HTTP.

use std::fmt::Write as _;

use super::rule::Rule;

impl Rule {
    /// The rule's JSON object in the listing.
    pub(crate) fn json(&self) -> String {
        let mut json = format!("{{\"id\":{}", self.id);
        if let Some(preset) = self.preset {
            let _ = write!(json, ",\"preset\":\"{}\"", preset.name());
        }
        let _ = write!(json, ",\"command\":{}", quoted(&self.command));
        if let Some((account, role)) = &self.login {
            let login = match role {
                Some(role) => format!("{account}!{role}"),
                None => account.clone(),
            };
            let _ = write!(json, ",\"login\":{}", quoted(&login));
        }
        if let Some(entity) = self.entity {
            let _ = write!(json, ",\"entity\":\"{}\"", entity.code());
        }
        if let Some((name, glob)) = &self.param {
            let _ = write!(json, ",\"param\":{}", quoted(&format!("{name}={glob}")));
        }
        for (name, at) in [("from", self.from), ("until", self.until)] {
            if let Some(at) = at {
                let _ = write!(json, ",\"{name}\":\"{}\"", at.rfc3339());
            }
        }
        if let Some(code) = self.code {
            let _ = write!(json, ",\"code\":{code}");
        }
        if let Some(description) = &self.description {
            let _ = write!(json, ",\"description\":{}", quoted(description));
        }
        if let Some(http) = self.http {
            let _ = write!(json, ",\"http\":\"{}\"", http.name());
        }
        if let Some(delay) = self.delay_ms {
            let _ = write!(json, ",\"delay_ms\":{delay}");
        }
        if let Some(per_minute) = self.per_minute {
            let _ = write!(json, ",\"per_minute\":{per_minute}");
        }
        if self.pending {
            json.push_str(",\"pending\":true");
        }
        if let Some(seconds) = self.seconds {
            let _ = write!(json, ",\"seconds\":{seconds}");
        }
        if let Some(count) = self.count {
            let _ = write!(json, ",\"count\":{count}");
        }
        if let Some(probability) = self.probability {
            let _ = write!(
                json,
                ",\"probability\":{probability},\"seed\":{}",
                self.seed
            );
        }
        let _ = write!(json, ",\"fired\":{}", self.fired);
        match self.left() {
            Some(left) => {
                let _ = write!(json, ",\"left\":{left}}}");
            }
            None => json.push_str(",\"left\":null}"),
        }
        json
    }
}

/// A JSON string of `text`.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
