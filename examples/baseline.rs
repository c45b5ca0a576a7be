//! The speed-of-light baseline as a process of its own, for measuring the
//! shipped binary from outside with an ordinary load generator (BENCHMARKS.md,
//! "The shipped binary"): the same server `benches/load.rs` runs in process
//! (`benches/baseline/mod.rs`), answering the fixed StatusAccount response.
//!
//! ```text
//! cargo run --release --example baseline -- 127.0.0.1:8766
//! ```

#[path = "../benches/baseline/mod.rs"]
mod baseline;

use bytes::Bytes;
use tokio::net::TcpListener;

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
    baseline::serve(listener, Bytes::from_static(baseline::BODY.as_bytes())).await;
}
