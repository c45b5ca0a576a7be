//! The speed-of-light baseline as a process of its own, for measuring the
//! shipped binary from outside with an ordinary load generator (BENCHMARKS.md,
//! "The shipped binary"): a bare hyper server that reads the body and answers
//! the fixed StatusAccount response, as `benches/load.rs`'s in-process one does.
//!
//! ```text
//! cargo run --release --example baseline -- 127.0.0.1:8766
//! ```

use std::convert::Infallible;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

const BODY: &str = "[RESPONSE]\r\nPROPERTY[AMOUNT][0]=100000.00\r\nPROPERTY[CREDIT][0]=10000.00\r\nPROPERTY[CURRENCY][0]=EUR\r\nPROPERTY[DEPOSIT][0]=0.00\r\nPROPERTY[VAT][0]=19.00\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=0.000\r\nEOF\r\n";

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8766".to_owned());
    let listener = TcpListener::bind(&addr).await.expect("bind");
    println!(
        "baseline listening on http://{}",
        listener.local_addr().expect("addr")
    );
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            let service = service_fn(
                |request: hyper::Request<hyper::body::Incoming>| async move {
                    let _ = request.into_body().collect().await;
                    let mut response =
                        hyper::Response::new(Full::new(Bytes::from_static(BODY.as_bytes())));
                    response.headers_mut().insert(
                        hyper::header::CONTENT_TYPE,
                        hyper::header::HeaderValue::from_static("text/plain; charset=UTF-8"),
                    );
                    Ok::<_, Infallible>(response)
                },
            );
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
