//! The two dialects of the protocol family (product.md, "Two dialects"):
//! HEXONET's and CentralNic Reseller's, and which one a request speaks
//! (cnr-dialect.md §10). Owns the choice only; how each dialect reads and
//! writes is in `wire` (layout), `error` (texts) and `command` (tables).

use crate::error::{Error, Result};
use crate::wire::Request;

/// A dialect: names, texts and layout of requests and responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Dialect {
    /// HEXONET's (`s_entity`, `PROPERTY[NAME][0]=value` with CRLF).
    #[default]
    Hexonet,
    /// CentralNic Reseller's (`persistent`, `s_sessionid`,
    /// `property[name][0] = value` with LF).
    Cnr,
}

/// The parameters CentralNic Reseller commands spell otherwise than
/// HEXONET's for the same thing, as (HEXONET, CNR): paid ID protection,
/// `.ca`'s legal type (cnr-commands.md §2, §25) and the ccTLD fields the
/// KB's TradeDomain and zone pages name otherwise (`.es` OWNER for
/// REGISTRANT, `.it`'s contract sections, `.com.au`'s DOMAIN-ID fields, `.ca`'s
/// trademark flag), which WHMCS's CentralNic Reseller module sends. The CNR
/// handlers read theirs and name `X-` fields in the catalogue's (HEXONET's)
/// spelling; a role's ACL condition on either binds both (`registry::acl`).
pub const CNR_SPELLINGS: [(&str, &str); 14] = [
    ("X-ACCEPT-WHOISTRUSTEE-TAC", "X-WHOISPRIVACY"),
    // The KB's other spelling of it (the name StatusDomain answers with);
    // after the first, so the platform's spelling of the field stays that one.
    ("X-ACCEPT-WHOISTRUSTEE-TAC", "X-WHOIS-PRIVACY"),
    ("X-AU-REGISTRANT-ID-NUMBER", "X-AU-DOMAIN-IDNUMBER"),
    ("X-AU-REGISTRANT-ID-TYPE", "X-AU-DOMAIN-IDTYPE"),
    ("X-CA-DOMAIN-TRADEMARK", "X-CA-TRADEMARK"),
    ("X-CA-LEGALTYPE", "X-CA-LEGAL-TYPE"),
    ("X-ES-REGISTRANT-FORM-JURIDICA", "X-ES-OWNER-LEGALFORM"),
    (
        "X-ES-REGISTRANT-IDENTIFICACION",
        "X-ES-OWNER-IDENTIFICACION",
    ),
    (
        "X-ES-REGISTRANT-TIPO-IDENTIFICACION",
        "X-ES-OWNER-TIPO-IDENTIFICACION",
    ),
    (
        "X-IT-ACCEPT-DIFFUSION-AND-ACCESSIBILITY-TAC",
        "X-IT-SECT6-PERSONAL-DATA-FOR-DIFFUSION",
    ),
    ("X-IT-ACCEPT-EXPLICIT-TAC", "X-IT-SECT7-EXPLICIT-ACCEPTANCE"),
    ("X-IT-ACCEPT-LIABILITY-TAC", "X-IT-SECT3-LIABILITY"),
    (
        "X-IT-ACCEPT-REGISTRATION-TAC",
        "X-IT-SECT5-PERSONAL-DATA-FOR-REGISTRATION",
    ),
    ("X-IT-REGISTRANT-ENTITY-TYPE", "X-IT-ENTITY-TYPE"),
];

/// The `X-` fields a CentralNic Reseller registration may leave out where
/// HEXONET's requires them, as (zone, field in the catalogue's spelling,
/// the value it takes): the platform's `.ca` pages name no language, and
/// WHMCS's module sends none; CIRA's default is English. `.swiss`'s owner type
/// is HEXONET's alone (neither CNR client sends it): an organisation, as the
/// `X-SWISS-UID` both send is a Swiss enterprise number.
const CNR_FIELD_DEFAULTS: [(&str, &str, &str); 2] = [
    ("ca", "X-CA-LANGUAGE", "EN"),
    ("swiss", "X-SWISS-OWNER-TYPE", "O"),
];

/// [`CNR_FIELD_DEFAULTS`] of `zone`, as (field, value).
pub fn cnr_field_defaults(zone: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    CNR_FIELD_DEFAULTS
        .iter()
        .filter(move |(of, _, _)| *of == zone)
        .map(|&(_, field, value)| (field, value))
}

/// How a request reached otebox, which may settle its dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `/api/call.cgi`: the request's own fields tell; `default` when they do not.
    Shared { default: Dialect },
    /// `/cnr/api/call.cgi`: always CentralNic Reseller.
    Cnr,
}

impl Route {
    /// The shared address with HEXONET as its default: otebox's default.
    pub const DEFAULT: Route = Route::Shared {
        default: Dialect::Hexonet,
    };

    /// The dialect of an answer given before the request's own fields could
    /// tell (it could not be parsed, or it mixes both).
    pub fn fallback(self) -> Dialect {
        match self {
            Route::Shared { default } => default,
            Route::Cnr => Dialect::Cnr,
        }
    }
}

impl Default for Route {
    fn default() -> Route {
        Route::DEFAULT
    }
}

/// The dialect of `request` arriving by `route`.
///
/// Fields only one dialect sends are its signals: `persistent` (a field, or
/// a line of `s_command` as the PHP SDK's RRPproxy session login sends it),
/// `s_sessionid`, `s_opmode` and an `account:role` login for CentralNic Reseller;
/// `s_entity`, `s_session`, `s_otp`, `s_user` and an `account!role` login
/// for HEXONET. A request with signals of both is refused with `505`
/// naming them, never half understood; on the `/cnr/` route a HEXONET
/// signal is refused the same way.
pub fn choose(route: Route, request: &Request) -> Result<Dialect> {
    let (colon, bang) = role_separators(request.login.as_deref().unwrap_or("").as_bytes());
    // Decided on plain booleans; the named lists are built for a refusal only.
    let hexonet = request.entity.is_some()
        || request.session.is_some()
        || request.otp.is_some()
        || request.user.is_some()
        || bang;
    // A PERSISTENT line tells only a request without HEXONET signals (where
    // HEXONET's StartSession would refuse it anyway): HEXONET requests skip
    // the lookup.
    let cnr = request.persistent
        || request.session_id.is_some()
        || request.opmode
        || colon
        || (!hexonet && request.params.contains_key("PERSISTENT"));
    match (route, cnr, hexonet) {
        (Route::Cnr, _, false) => Ok(Dialect::Cnr),
        (Route::Shared { .. }, true, false) => Ok(Dialect::Cnr),
        (Route::Shared { .. }, false, true) => Ok(Dialect::Hexonet),
        (Route::Shared { default }, false, false) => Ok(default),
        (route, _, true) => Err(mixed(route, request, colon, bang)),
    }
}

/// The `505` of a request with HEXONET signals on the `/cnr/` route, or with
/// signals of both dialects on the shared one, naming them.
#[cold]
fn mixed(route: Route, request: &Request, colon: bool, bang: bool) -> Error {
    let cnr = [
        (request.persistent, "persistent"),
        (request.session_id.is_some(), "s_sessionid"),
        (request.opmode, "s_opmode"),
        (colon, "s_login (account:role)"),
    ];
    let hexonet = [
        (request.entity.is_some(), "s_entity"),
        (request.session.is_some(), "s_session"),
        (request.otp.is_some(), "s_otp"),
        (request.user.is_some(), "s_user"),
        (bang, "s_login (account!role)"),
    ];
    match route {
        Route::Cnr => Error::MixedDialects(format!(
            "{} of HEXONET sent to a CentralNic Reseller address (/cnr/api/call.cgi, \
             or any API path at an rrpproxy.net host): send HEXONET requests to \
             /api/call.cgi at a host other than rrpproxy.net",
            names(&hexonet)
        )),
        Route::Shared { .. } => Error::MixedDialects(format!(
            "the request mixes HEXONET fields ({}) and CentralNic Reseller fields ({}): send the fields of one dialect",
            names(&hexonet),
            names(&cnr)
        )),
    }
}

/// Whether `login` holds a `:` and whether it holds a `!`: the first of
/// either found eight bytes at a time (`wire::scan`), then the other after it
/// (a usual login has neither: one pass).
fn role_separators(login: &[u8]) -> (bool, bool) {
    use crate::wire::scan::find;
    let Some(at) = find(login, [b':', b'!']) else {
        return (false, false);
    };
    let rest = &login[at + 1..];
    match login[at] {
        b':' => (true, find(rest, [b'!']).is_some()),
        _ => (find(rest, [b':']).is_some(), true),
    }
}

/// The names of the signals present, for a refusal: built only then, so the
/// usual request decides its dialect without allocating.
fn names(signals: &[(bool, &str)]) -> String {
    let present: Vec<&str> = signals
        .iter()
        .filter_map(|(present, name)| present.then_some(*name))
        .collect();
    present.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::parse;

    fn chosen(route: Route, body: &str) -> Result<Dialect> {
        choose(route, &parse(b"", body.as_bytes()).expect("parses"))
    }

    const SHARED: Route = Route::Shared {
        default: Dialect::Hexonet,
    };
    const SHARED_CNR: Route = Route::Shared {
        default: Dialect::Cnr,
    };

    #[test]
    fn each_signal_picks_its_dialect_whatever_the_default() {
        for route in [SHARED, SHARED_CNR] {
            for body in [
                "s_login=a&s_pw=b&persistent=1",
                "s_login=a&s_sessionid=x&command=StatusAccount",
                "s_login=a%3Arole&s_pw=b&command=StatusAccount",
                "s_opmode=OTE&s_login=a&s_pw=b&command=CheckDomain&domain=x.com",
                "s_login=a&s_pw=b&s_command=COMMAND%3DStartSession%0Apersistent%3D1",
            ] {
                assert_eq!(chosen(route, body), Ok(Dialect::Cnr), "{body}");
            }
            for body in [
                "s_entity=1234&s_login=a&s_pw=b&command=StatusAccount",
                "s_session=x&command=StatusAccount",
                "s_login=a&s_pw=b&s_otp=123456&command=StatusAccount",
                "s_login=a&s_pw=b&s_user=c&command=StatusAccount",
                "s_login=a!role&s_pw=b&command=StatusAccount",
            ] {
                assert_eq!(chosen(route, body), Ok(Dialect::Hexonet), "{body}");
            }
        }
    }

    #[test]
    fn an_ambiguous_request_gets_the_listeners_default() {
        let body = "s_login=a&s_pw=b&command=StatusAccount";
        assert_eq!(chosen(SHARED, body), Ok(Dialect::Hexonet));
        assert_eq!(chosen(SHARED_CNR, body), Ok(Dialect::Cnr));
        assert_eq!(chosen(Route::Cnr, body), Ok(Dialect::Cnr));
    }

    #[test]
    fn mixed_signals_are_refused_naming_the_fields() {
        let error =
            chosen(SHARED, "s_entity=1234&s_sessionid=x&command=StatusAccount").expect_err("mixed");
        assert_eq!(error.code(), 505);
        let text = error.to_string();
        assert!(
            text.contains("HEXONET fields (s_entity)")
                && text.contains("CentralNic Reseller fields (s_sessionid)"),
            "{text}"
        );
        let error =
            chosen(Route::Cnr, "s_entity=1234&s_login=a&s_pw=b").expect_err("hexonet on /cnr/");
        assert!(error.to_string().contains("s_entity of HEXONET"), "{error}");
    }

    #[test]
    fn role_separators_are_found_anywhere_in_a_login() {
        for login in ["", "a", "test.user", "test.user.with.a.long.name"] {
            assert_eq!(role_separators(login.as_bytes()), (false, false), "{login}");
        }
        for at in 0..20 {
            let mut login = vec![b'a'; 20];
            login[at] = b':';
            assert_eq!(role_separators(&login[..=at]), (true, false));
            assert_eq!(role_separators(&login), (true, false));
            login[at] = b'!';
            assert_eq!(role_separators(&login), (false, true));
        }
        assert_eq!(role_separators(b"acct!role:x"), (true, true));
    }
}
