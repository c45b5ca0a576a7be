//! A [`Record`] as the inspector page reads it, rendered only when a page
//! asks: the row of the live list (one server-sent event) and the detail
//! (`GET /_admin/requests/<id>`). Owns the redaction of what it shows: a
//! parameter `wire::is_secret` names, the password, OTP and session fields,
//! and in the answer a session id or a secret property, all become `***`.
//! Never on the request path.

use std::fmt::Write as _;
use std::time::UNIX_EPOCH;

use super::Record;
use crate::auth::Source;
use crate::dialect::Dialect;
use crate::registry::Timestamp;
use crate::wire::is_secret;

/// `text` as a JSON string.
pub(crate) fn json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn field(out: &mut String, name: &str, value: Option<&str>) {
    let _ = write!(out, ",\"{name}\":");
    match value {
        Some(value) => json_string(out, value),
        None => out.push_str("null"),
    }
}

/// The wall time with milliseconds: `2026-11-25T16:30:01.123Z`.
fn time(record: &Record) -> String {
    let since = record.at.duration_since(UNIX_EPOCH).unwrap_or_default();
    let mut text = Timestamp(since.as_secs()).rfc3339();
    text.pop();
    let _ = write!(text, ".{:03}Z", since.subsec_millis());
    text
}

/// The fields of a row: number, time, system, peer, dialect, login,
/// command, code, text, duration (ms) and fault rule.
fn summary(out: &mut String, id: u64, record: &Record) {
    let _ = write!(out, "{{\"id\":{id}");
    field(out, "time", Some(&time(record)));
    field(out, "entity", record.entity.map(|entity| entity.code()));
    field(out, "peer", Some(&record.peer.to_string()));
    let dialect = match record.dialect {
        Dialect::Hexonet => "HEXONET",
        Dialect::Cnr => "CNR",
    };
    field(out, "dialect", Some(dialect));
    field(out, "login", record.login().as_deref());
    field(out, "command", record.command());
    let _ = write!(out, ",\"code\":{}", record.code);
    field(out, "description", Some(&record.description));
    let micros = record.runtime.as_micros();
    let _ = write!(
        out,
        ",\"ms\":{}.{:03},\"refused\":{}",
        micros / 1000,
        micros % 1000,
        record.refused()
    );
    match record.fault {
        Some(id) => {
            let _ = write!(out, ",\"fault\":{id}");
        }
        None => out.push_str(",\"fault\":null"),
    }
}

/// One server-sent event carrying the row of record `id`.
pub(crate) fn event(out: &mut String, id: u64, record: &Record) {
    let _ = write!(out, "id: {id}\nevent: request\ndata: ");
    summary(out, id, record);
    out.push_str("}\n\n");
}

/// The detail of record `id`: the row's fields, the transport fields and
/// the parameters (secrets redacted), who it was judged to be and from
/// which address, the answer as sent (session ids and secret properties
/// redacted), and for a refusal the explanation.
pub(crate) fn detail(id: u64, record: &Record) -> String {
    let mut out = String::with_capacity(1024 + record.answer.len());
    summary(&mut out, id, record);
    let request = record.request.as_ref();
    out.push_str(",\"transport\":[");
    if let Some(request) = request {
        let hidden = |secret: bool| secret.then_some("***");
        let pairs = [
            ("s_entity", request.entity.as_deref()),
            ("s_login", request.login.as_deref()),
            ("s_pw", hidden(request.password.is_some())),
            ("s_otp", hidden(request.otp.is_some())),
            ("s_session", hidden(request.session.is_some())),
            ("s_sessionid", hidden(request.session_id.is_some())),
            ("persistent", request.persistent.then_some("1")),
            ("s_remoteaddr", request.remote_addr.as_deref()),
            ("s_user", request.user.as_deref()),
        ];
        let present = pairs.iter().filter_map(|(k, v)| Some((*k, (*v)?)));
        pair_list(&mut out, present);
    }
    out.push_str("],\"params\":[");
    if let Some(request) = request {
        let params = request.params.iter().map(|(key, value)| {
            let shown = if is_secret(key) { "***" } else { value };
            (key.as_str(), shown)
        });
        pair_list(&mut out, params);
    }
    out.push(']');
    let caller = record.caller.as_ref();
    let principal = caller.map(|caller| caller.principal.to_string());
    field(&mut out, "principal", principal.as_deref());
    field(&mut out, "view", caller.and_then(|c| c.view.as_deref()));
    let client = record.client().map(|client| {
        let ip = client.ip;
        match client.source {
            Source::Peer { .. } => format!("{ip} (the TCP peer)"),
            Source::RemoteAddr { via } => format!("{ip} (s_remoteaddr of trusted proxy {via})"),
            Source::Forwarded { via } => {
                format!("{ip} (X-Forwarded-For of trusted proxy {via})")
            }
        }
    });
    field(&mut out, "client", client.as_deref());
    let explanation = record.refused().then(|| {
        let text = record.reason.as_deref().unwrap_or(&record.description);
        match record.fault {
            Some(id) => {
                format!("{text} (fault rule {id} fired on this request: GET /_admin/faults)")
            }
            None => text.to_owned(),
        }
    });
    field(&mut out, "explanation", explanation.as_deref());
    let answer = redacted(&record.answer);
    field(&mut out, "response", Some(&answer));
    out.push_str("}\n");
    out
}

fn pair_list<'a>(out: &mut String, pairs: impl Iterator<Item = (&'a str, &'a str)>) {
    for (n, (key, value)) in pairs.enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push('[');
        json_string(out, key);
        out.push(',');
        json_string(out, value);
        out.push(']');
    }
}

/// The encoded answer with the value of every `SESSION`/`sessionid`
/// property and every property `is_secret` names replaced by `***`, in
/// both dialects' layouts (`PROPERTY[NAME][0]=v`, `property[name][0] = v`).
pub(crate) fn redacted(answer: &str) -> String {
    let mut out = String::with_capacity(answer.len());
    for line in answer.split_inclusive('\n') {
        let secret = line
            .get(..9)
            .filter(|head| head.eq_ignore_ascii_case("property["))
            .and_then(|_| line[9..].split_once(']'))
            .map(|(name, _)| {
                name.eq_ignore_ascii_case("SESSION")
                    || name.eq_ignore_ascii_case("SESSIONID")
                    || is_secret(name)
            });
        match (secret, line.split_once('=')) {
            (Some(true), Some((key, _))) => {
                let spaced = if key.ends_with(' ') { " ***" } else { "***" };
                out.push_str(key);
                out.push('=');
                out.push_str(spaced);
                if line.ends_with("\r\n") {
                    out.push_str("\r\n");
                } else if line.ends_with('\n') {
                    out.push('\n');
                }
            }
            _ => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_and_secret_properties_are_redacted_in_both_layouts() {
        let hexonet = "[RESPONSE]\r\nPROPERTY[SESSION][0]=abc\r\nPROPERTY[AUTH][0]=x\r\nPROPERTY[DOMAIN][0]=a.com\r\nCODE=200\r\n";
        assert_eq!(
            redacted(hexonet),
            "[RESPONSE]\r\nPROPERTY[SESSION][0]=***\r\nPROPERTY[AUTH][0]=***\r\nPROPERTY[DOMAIN][0]=a.com\r\nCODE=200\r\n"
        );
        let cnr =
            "[RESPONSE]\nproperty[sessionid][0] = abc\nproperty[newpassword][0] = p\ncode = 200\n";
        assert_eq!(
            redacted(cnr),
            "[RESPONSE]\nproperty[sessionid][0] = ***\nproperty[newpassword][0] = ***\ncode = 200\n"
        );
    }

    #[test]
    fn json_strings_are_escaped() {
        let mut out = String::new();
        json_string(&mut out, "a\"b\\c\nd\u{1}");
        assert_eq!(out, "\"a\\\"b\\\\c\\nd\\u0001\"");
    }
}
