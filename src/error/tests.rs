//! Pins the code table and the per-dialect texts of `Error` (protocol.md §3.2).
use super::*;

/// Clients match on the base text (protocol.md §0.1 item 8), so each one is
/// pinned here against the table of §3.2.
#[test]
fn base_texts_match_the_protocol_table() {
    let cases: &[(Error, u16, &str)] = &[
        (
            Error::ServerError,
            421,
            "Command failed due to server error. Client should try again",
        ),
        (
            Error::UnknownCommand(Some("X".into())),
            500,
            "Invalid command name",
        ),
        (
            Error::UnknownParameter("FOO".into()),
            503,
            "Invalid attribute name; FOO",
        ),
        (
            Error::MissingParameter("PASSWORD".into()),
            504,
            "Missing required attribute; PASSWORD",
        ),
        (
            Error::InvalidSyntax {
                name: "TIMEOUT".into(),
                value: "x".into(),
            },
            505,
            "Invalid attribute value syntax; TIMEOUT: (x)",
        ),
        (
            Error::InvalidRecord {
                line: "www IN A x".into(),
                why: "ADDRR0: not an IPv4 address".into(),
            },
            505,
            "Invalid attribute value syntax; resource record [www IN A x] (ADDRR0: not an IPv4 address)",
        ),
        (
            Error::AuthenticationFailed("why".into()),
            530,
            "Authentication failed; why",
        ),
        (
            Error::Locked("why".into()),
            425,
            "Service temporarily locked; usage exceeded; why",
        ),
        (
            Error::AddressNotPermitted("(203.0.113.7); why".into()),
            530,
            "Authentication failed; User not permitted from this IP address (203.0.113.7); why",
        ),
        (
            Error::Otp("why".into()),
            530,
            "Authentication failed; OTP; why",
        ),
        (
            Error::TooManySessions("why".into()),
            521,
            "Too many sessions open. Server closing connection; why",
        ),
        (
            Error::AuthorizationFailed("why".into()),
            531,
            "Authorization failed; why",
        ),
        (
            Error::ObjectNotFound("SESSION".into()),
            545,
            "Object not found; SESSION",
        ),
        (
            Error::InvalidOption("ORDERBY: (X)".into()),
            506,
            "Invalid option value; ORDERBY: (X)",
        ),
        (Error::ObjectInUse("x".into()), 506, "Object is in use; x"),
        (
            Error::NotSupportedForClass("x".into()),
            510,
            "Command not supported for this class; x",
        ),
        (
            Error::LinkedWithNameserver("x".into()),
            532,
            "Domain names linked with name server; x",
        ),
        (
            Error::NotUnique("x".into()),
            540,
            "Attribute value is not unique; x",
        ),
        (
            Error::invalid("PERIOD", "x"),
            541,
            "Invalid attribute value; PERIOD: x",
        ),
        (
            Error::CreditLimitExceeded("x".into()),
            546,
            "Credit limit exceeded; x",
        ),
        (
            Error::NotUpForRenewal("x".into()),
            548,
            "Object is not up for renewal; x",
        ),
        (Error::CommandFailed("x".into()), 549, "Command failed; x"),
        (
            Error::ObjectDoesNotExist("x".into()),
            545,
            "Object does not exist; x",
        ),
        (
            Error::StatusProhibits("x".into()),
            552,
            "Object status does not allow for operation; x",
        ),
        (
            Error::AlreadyRegistered("x".into()),
            554,
            "Object already registered; x",
        ),
        (
            Error::ResourceInUse("x".into()),
            561,
            "Resource still in use; x",
        ),
        (
            Error::NotFlaggedForTransfer("x".into()),
            534,
            "Object has not been flagged for transfer; x",
        ),
        (
            Error::AlreadyFlaggedForTransfer("x".into()),
            536,
            "Object already flagged for transfer; x",
        ),
        (
            Error::PendingTransfer("x".into()),
            553,
            "Operation not allowed. Object pending transfer; x",
        ),
        (
            Error::ParentNotRegistered("x".into()),
            550,
            "Parent domain not registered; x",
        ),
        (
            Error::AlreadyRenewed("x".into()),
            555,
            "Object already renewed; x",
        ),
        (
            Error::MaxPeriodExceeded("x".into()),
            556,
            "Maximum registration period exceeded; x",
        ),
    ];
    for (error, code, text) in cases {
        assert_eq!(error.code(), *code, "{error:?}");
        assert_eq!(error.to_string(), *text);
    }
}

/// A subuser's object is reached with `s_user=<chain>` on HEXONET and
/// `SUBUSER=<holder>` on the CNR route, which refuses `s_user`: neither the
/// answer nor the log's reason gives CNR clients HEXONET advice.
#[test]
fn a_subusers_object_is_reached_in_the_requests_own_words() {
    let error = Error::HeldBySubuser {
        object: "domain a.com".into(),
        holder: "sub1a".into(),
        view: "test.user".into(),
        chain: "sub1 sub1a".into(),
    };
    assert_eq!(error.code(), 531);
    assert_eq!(
        error.describe(Dialect::Hexonet),
        "Authorization failed; domain a.com belongs to subuser sub1a of test.user: send s_user=sub1 sub1a"
    );
    assert_eq!(
        error.describe(Dialect::Cnr),
        "Authorization failed; domain a.com belongs to subuser sub1a of test.user: send SUBUSER=sub1a"
    );
    assert_eq!(error.withheld(Dialect::Cnr), None);
    let hidden = Error::ObjectNotFound("DOMAIN NAME NOT FOUND; a.com".into());
    assert_eq!(hidden.describe(Dialect::Cnr), "Entity reference not found");
    assert_eq!(
        hidden.withheld(Dialect::Cnr).as_deref(),
        Some("Object not found; DOMAIN NAME NOT FOUND; a.com")
    );
    assert_eq!(hidden.withheld(Dialect::Hexonet), None);
}
