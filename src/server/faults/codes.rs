//! The protocol results a fault rule may answer: the error codes of
//! protocol.md §3.2 (and `561` of `src/error.rs`) with their base texts.
//! Data only.

/// The error codes of the protocol's table (protocol.md §3.2, and `561`
/// of `src/error.rs`) with their base texts: what a rule may answer.
pub(crate) const CODES: &[(u16, &str)] = &[
    (
        420,
        "Command failed due to server error. Server closing connection",
    ),
    (
        421,
        "Command failed due to server error. Client should try again",
    ),
    (
        423,
        "Command failed due to server error. Client should try again (Could not get session)",
    ),
    (425, "Service temporarily locked; usage exceeded"),
    (500, "Invalid command name"),
    (501, "Invalid command option"),
    (502, "Invalid entity value"),
    (503, "Invalid attribute name"),
    (504, "Missing required attribute"),
    (505, "Invalid attribute value syntax"),
    (506, "Invalid option value"),
    (507, "Invalid command format"),
    (510, "Command not supported for this class"),
    (
        520,
        "Server closing connection. Client should try opening new connection",
    ),
    (521, "Too many sessions open. Server closing connection"),
    (530, "Authentication failed"),
    (531, "Authorization failed"),
    (532, "Domain names linked with name server"),
    (534, "Object has not been flagged for transfer"),
    (536, "Object already flagged for transfer"),
    (540, "Attribute value is not unique"),
    (541, "Invalid attribute value"),
    (543, "Final or implicit attribute cannot be updated"),
    (544, "Entity on hold"),
    (545, "Object not found"),
    (546, "Credit limit exceeded"),
    (547, "Invalid command sequence"),
    (548, "Object is not up for renewal"),
    (549, "Command failed"),
    (550, "Parent domain not registered"),
    (552, "Object status does not allow for operation"),
    (553, "Operation not allowed. Object pending transfer"),
    (554, "Object already registered"),
    (555, "Object already renewed"),
    (561, "Resource still in use"),
];

/// The base text of `code` in [`CODES`].
pub(crate) fn base_text(code: u16) -> &'static str {
    CODES
        .iter()
        .find(|(known, _)| *known == code)
        .map_or("Command failed", |(_, text)| text)
}
