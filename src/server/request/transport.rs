//! The transport facts of one API request that are not its text: its body,
//! read within the limit and the time allowed (the excess drained so the
//! client still gets its answer; the body of a request answered without it
//! drained the same way; a `multipart/form-data` one turned into form text),
//! and the client an `X-Forwarded-For` header names. Knows no command or
//! registry.

use std::net::{IpAddr, Ipv4Addr};
use std::pin::Pin;
use std::task::Poll;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt;
use hyper::HeaderMap;
use hyper::body::Body as _;
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderName};
use ipnet::IpNet;

use crate::auth::parse_address;
use crate::error::Error;
use crate::wire::multipart;

/// How many body bytes past the limit are read and thrown away, so that the
/// client gets the error response instead of a reset connection.
const DRAIN_LIMIT: usize = 64 << 20;

/// The client an `X-Forwarded-For` header names: its rightmost entry that
/// is not itself a trusted proxy (each proxy appends the address it saw, so
/// entries further left were written by the client and prove nothing: one
/// that is not an address there does not hide the entries to its right),
/// with any port dropped (`203.0.113.5:5555`, `[2001:db8::1]:443`, as
/// Azure's and IIS's proxies write them); the unspecified address `0.0.0.0`
/// when that entry names no address (`unknown`, an RFC 7239 obfuscated
/// name), which no allow-list admits unless it admits every address; the
/// leftmost when every entry is a trusted proxy. Read whoever the peer is,
/// so that a refusal can say it was ignored.
pub(super) fn forwarded_for(headers: &hyper::HeaderMap, trusted: &[IpNet]) -> Option<IpAddr> {
    // A name made once: looking a header up by `&str` parses the name on
    // every request. The few headers of a request are walked rather than
    // the name hashed (a custom name's hash was most of this function).
    const FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
    let values = headers
        .iter()
        .filter(|(name, _)| **name == FORWARDED_FOR)
        .map(|(_, value)| value);
    // Left to right, without collecting: the last entry that is not a
    // trusted proxy's wins.
    let mut client: Option<IpAddr> = None;
    let mut leftmost = None;
    for value in values {
        for entry in value.as_bytes().split(|byte| *byte == b',') {
            // An empty entry (a trailing comma, an empty header) names no one.
            if entry.trim_ascii().is_empty() {
                continue;
            }
            let ip = std::str::from_utf8(entry)
                .ok()
                .and_then(|entry| parse_address(entry.trim()));
            match ip {
                Some(ip) if super::super::peer::is_trusted(trusted, ip) => {
                    leftmost.get_or_insert(ip);
                }
                ip => client = Some(ip.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))),
            }
        }
    }
    client.or(leftmost)
}

/// Reads and drops a body the answer does not need (up to `DRAIN_LIMIT`,
/// within `timeout`): hyper closes a connection whose request body was left
/// unread, without saying so, and the unread bytes can turn that close into a
/// reset that takes the answer with it. Whether it was all read (else the
/// connection should close).
pub(super) async fn discard(mut body: Incoming, timeout: Duration) -> bool {
    if body.is_end_stream() {
        return true;
    }
    let drained = tokio::time::timeout(timeout, async {
        let mut total = 0usize;
        while let Some(frame) = body.frame().await {
            let Ok(frame) = frame else { return false };
            total = total.saturating_add(frame.data_ref().map_or(0, Bytes::len));
            if total > DRAIN_LIMIT {
                return false;
            }
        }
        true
    });
    matches!(drained.await, Ok(true))
}

/// Reads the whole body within `timeout`. Past `limit` bytes the rest is read
/// and dropped (up to `DRAIN_LIMIT`), so the client still gets its answer.
pub(super) async fn read_body(
    mut body: Incoming,
    limit: usize,
    timeout: Duration,
) -> Result<Bytes, Error> {
    // The deadline is set when the first frame is not there at once (it
    // usually is: the body came with the headers), so most requests read no
    // clock and arm no timer for it.
    let mut deadline = None;
    // A body usually arrives as one frame: keep it as it came, and copy
    // frames together only when there are more.
    let mut first = Bytes::new();
    let mut joined: Option<BytesMut> = None;
    let mut total = 0usize;
    loop {
        let ready =
            std::future::poll_fn(|cx| Poll::Ready(Pin::new(&mut body).poll_frame(cx))).await;
        let next = match ready {
            Poll::Ready(frame) => Ok(frame),
            Poll::Pending => {
                let deadline =
                    *deadline.get_or_insert_with(|| tokio::time::Instant::now() + timeout);
                tokio::time::timeout_at(deadline, body.frame()).await
            }
        };
        let frame = match next {
            Err(_) => {
                let why = format!("request body not received within {}s", timeout.as_secs());
                return Err(Error::ServerClosing(why));
            }
            Ok(None) => break,
            Ok(Some(Err(error))) => {
                return Err(Error::ServerClosing(format!(
                    "request body unreadable: {error}"
                )));
            }
            Ok(Some(Ok(frame))) => frame,
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        total = total.saturating_add(data.len());
        if total <= limit {
            if first.is_empty() && joined.is_none() {
                first = data;
            } else {
                joined
                    .get_or_insert_with(|| BytesMut::from(&first[..]))
                    .extend_from_slice(&data);
            }
        } else if total > limit.saturating_add(DRAIN_LIMIT) {
            break;
        }
    }
    if total > limit {
        return Err(Error::InvalidFormat(format!(
            "request body of {total} bytes or more exceeds the limit of {limit} bytes (--body-limit)"
        )));
    }
    Ok(joined.map_or(first, BytesMut::freeze))
}

/// The body as form text: a `multipart/form-data` one (PHP's curl sends an
/// array of fields so; such a body starts with its boundary's `--`, which no
/// form text does, so other requests never look at the header) is converted
/// (`507` when it is not what its Content-Type says); any other is kept as
/// it came, whatever its Content-Type (protocol.md §1).
pub(super) fn form_body(headers: &HeaderMap, body: Bytes) -> Result<Bytes, Error> {
    if !body.starts_with(b"--") {
        return Ok(body);
    }
    match headers
        .get(CONTENT_TYPE)
        .and_then(|value| multipart::boundary(value.as_bytes()))
    {
        Some(boundary) => multipart::to_form(&body, boundary).map(Bytes::from),
        None => Ok(body),
    }
}
