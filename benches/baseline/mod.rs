//! The speed-of-light baseline, shared by `benches/load.rs` (in process) and
//! `examples/baseline.rs` (a process of its own for wrk): a bare hyper 1
//! HTTP/1.1 server that reads the body and answers a fixed response. One
//! definition, so both measurements compare against the same server.

use std::convert::Infallible;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// The fixed answer: a StatusAccount response of otebox's size.
pub const BODY: &str = "[RESPONSE]\r\nPROPERTY[AMOUNT][0]=100000.00\r\nPROPERTY[CREDIT][0]=10000.00\r\nPROPERTY[CURRENCY][0]=EUR\r\nPROPERTY[DEPOSIT][0]=0.00\r\nPROPERTY[VAT][0]=19.00\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=0.000\r\nEOF\r\n";

/// Serves `body` to every request on `listener`, for ever.
pub async fn serve(listener: TcpListener, body: Bytes) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let body = body.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                let body = body.clone();
                async move {
                    let _ = request.into_body().collect().await;
                    let mut response = hyper::Response::new(Full::new(body));
                    response.headers_mut().insert(
                        hyper::header::CONTENT_TYPE,
                        hyper::header::HeaderValue::from_static("text/plain; charset=UTF-8"),
                    );
                    Ok::<_, Infallible>(response)
                }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
