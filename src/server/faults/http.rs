//! The HTTP-level failures of fault rules: `502`/`503` with a short body,
//! a connection dropped without an answer, and an answer whose body stops
//! half-way (the full `Content-Length`, half the bytes, then the close).
//! [`answer`] marks the response, [`deliver`] (the connection's service)
//! carries the mark out: a service error makes hyper drop the connection
//! unanswered, and [`Body::Cut`] makes it close after half the body. Also
//! the one other body the server sends, [`Body::Live`] (the inspector's
//! event stream, marked [`Live`]). Knows nothing of rules or requests.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::StatusCode;
use hyper::body::{Frame, SizeHint};
use hyper::header::{CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};

use super::rule::HttpFault;
use crate::server::payload::{Payload, whole};
use crate::server::request::HttpResponse;

/// Marks a response whose connection is to be dropped unanswered.
#[derive(Clone, Copy)]
struct Unanswered;

/// Marks a response whose body is to stop half-way.
#[derive(Clone)]
struct Truncate(Bytes);

/// Marks a response whose body is a live stream of chunks (the web
/// inspector's server-sent events), taken out once by [`deliver`].
#[derive(Clone)]
pub(crate) struct Live(pub(crate) std::sync::Arc<std::sync::Mutex<Option<Chunks>>>);

/// The chunks of a live body, until the sender is dropped.
pub(crate) type Chunks = tokio::sync::mpsc::Receiver<Bytes>;

/// The HTTP answer rule `id` makes of the encoded API answer `body`.
pub(crate) fn answer(fault: HttpFault, id: u32, body: Bytes) -> HttpResponse {
    let plain = HeaderValue::from_static("text/plain; charset=UTF-8");
    match fault {
        HttpFault::Close => {
            let mut http = hyper::Response::new(whole(Bytes::new()));
            http.extensions_mut().insert(Unanswered);
            http
        }
        HttpFault::Status(status) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
            let reason = status.canonical_reason().unwrap_or("");
            let text = format!("{} {reason} (otebox fault rule {id})\n", status.as_u16());
            let mut http = hyper::Response::new(whole(text));
            *http.status_mut() = status;
            http.headers_mut().insert(CONTENT_TYPE, plain);
            http
        }
        HttpFault::Truncate => {
            let mut http = hyper::Response::new(whole(Bytes::new()));
            let headers = http.headers_mut();
            headers.insert(CONTENT_TYPE, plain);
            headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
            headers.insert(CONNECTION, HeaderValue::from_static("close"));
            http.extensions_mut().insert(Truncate(body));
            http
        }
    }
}

/// The body the server sends: whole, or cut half-way for a truncate fault.
pub(crate) enum Body {
    Whole(Full<Payload>),
    /// The first half still to send, then a pause in which hyper flushes it,
    /// then the error that makes hyper close the connection.
    Cut {
        half: Option<Bytes>,
        pause: Option<Pin<Box<tokio::time::Sleep>>>,
    },
    /// A live body: each chunk as it comes, the end when the sender goes.
    Live(Chunks),
}

/// The connection a fault drops, as the service's error (and the cut body's).
#[derive(Debug)]
pub(crate) struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by a fault rule")
    }
}

impl std::error::Error for Dropped {}

/// What the connection's service answers: the response with its body, or
/// the connection dropped without one (`http: close`).
pub(crate) fn deliver(mut http: HttpResponse) -> Result<hyper::Response<Body>, Dropped> {
    if http.extensions().get::<Unanswered>().is_some() {
        return Err(Dropped);
    }
    let live = http.extensions_mut().remove::<Live>();
    if let Some(chunks) = live.and_then(|Live(chunks)| chunks.lock().ok()?.take()) {
        return Ok(http.map(|_| Body::Live(chunks)));
    }
    let cut = http.extensions_mut().remove::<Truncate>();
    Ok(http.map(|whole| match cut {
        None => Body::Whole(whole),
        Some(Truncate(bytes)) => Body::Cut {
            half: Some(bytes.slice(..bytes.len() / 2)),
            pause: None,
        },
    }))
}

impl hyper::body::Body for Body {
    type Data = Payload;
    type Error = Dropped;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Payload>, Dropped>>> {
        match self.get_mut() {
            Body::Whole(whole) => Pin::new(whole)
                .poll_frame(cx)
                .map(|frame| frame.map(|frame| frame.map_err(|never| match never {}))),
            Body::Cut { half, pause } => {
                if let Some(half) = half.take() {
                    return Poll::Ready(Some(Ok(Frame::data(half.into()))));
                }
                let pause = pause.get_or_insert_with(|| {
                    Box::pin(tokio::time::sleep(Duration::from_millis(100)))
                });
                pause.as_mut().poll(cx).map(|()| Some(Err(Dropped)))
            }
            Body::Live(chunks) => chunks
                .poll_recv(cx)
                .map(|chunk| chunk.map(|bytes| Ok(Frame::data(bytes.into())))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Body::Whole(whole) => whole.is_end_stream(),
            Body::Cut { .. } | Body::Live(_) => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Whole(whole) => whole.size_hint(),
            // Unknown: hyper then frames by the Content-Length header.
            Body::Cut { .. } | Body::Live(_) => SizeHint::new(),
        }
    }
}
