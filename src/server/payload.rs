//! The bytes of an HTTP body the server sends: shared [`Bytes`], or the
//! encoded answer of an API request, read from the request's record where it
//! already is, so that the answer is neither copied nor shared through a
//! second reference count for the HTTP layer (issue 14: the `Bytes` of the
//! answer cost an allocation, its frees and their atomics per request).
//! Knows nothing of requests beyond the record's `answer`.

use std::sync::Arc;

use bytes::{Buf, Bytes};
use http_body_util::Full;

use super::inspector::Record;

/// An HTTP body's bytes, as hyper takes them ([`Buf`]).
pub(crate) enum Payload {
    Shared(Bytes),
    /// The answer of `record`, from byte `at` on.
    Answer {
        record: Arc<Record>,
        at: usize,
    },
}

impl Payload {
    /// The encoded answer `record` holds.
    pub(crate) fn answer(record: Arc<Record>) -> Payload {
        Payload::Answer { record, at: 0 }
    }
}

impl From<Bytes> for Payload {
    fn from(bytes: Bytes) -> Payload {
        Payload::Shared(bytes)
    }
}

impl Buf for Payload {
    fn remaining(&self) -> usize {
        match self {
            Payload::Shared(bytes) => bytes.remaining(),
            Payload::Answer { record, at } => record.answer.len() - at,
        }
    }

    fn chunk(&self) -> &[u8] {
        match self {
            Payload::Shared(bytes) => bytes.chunk(),
            Payload::Answer { record, at } => &record.answer.as_bytes()[*at..],
        }
    }

    fn advance(&mut self, count: usize) {
        match self {
            Payload::Shared(bytes) => bytes.advance(count),
            Payload::Answer { record, at } => {
                assert!(
                    count <= record.answer.len() - *at,
                    "advanced past the answer"
                );
                *at += count;
            }
        }
    }
}

/// A whole body of `bytes`.
pub(crate) fn whole(bytes: impl Into<Bytes>) -> Full<Payload> {
    Full::new(Payload::Shared(bytes.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_read_from_its_record_and_advanced_through() {
        let mut record = Record::new([127, 0, 0, 1].into());
        record.answer = "[RESPONSE]\r\nCODE=200\r\nEOF\r\n".to_owned();
        let record = Arc::new(record);
        let mut payload = Payload::answer(record.clone());
        assert_eq!(payload.remaining(), 27);
        assert_eq!(payload.chunk(), record.answer.as_bytes());
        payload.advance(12);
        assert_eq!(payload.chunk(), b"CODE=200\r\nEOF\r\n");
        payload.advance(15);
        assert_eq!((payload.remaining(), payload.chunk()), (0, &b""[..]));
        let mut shared = Payload::from(Bytes::from_static(b"ok\n"));
        shared.advance(1);
        assert_eq!(shared.chunk(), b"k\n");
    }
}
