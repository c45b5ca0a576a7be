//! Micro-benchmarks of the wire codec: request parsing and response encoding,
//! for a small command and for a large (100-parameter) one. Reports time per
//! request and bytes per second. Run: `cargo bench --bench codec`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use otebox::wire::{self, Response};

const SMALL: &str =
    "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DStatusAccount";

/// A CheckDomains-sized request: 100 parameters inside `s_command`, the PY SDK way.
fn large_request() -> String {
    let mut command = String::from("COMMAND%3DCheckDomains");
    for i in 0..99 {
        command.push_str(&format!("%0ADOMAIN{i}%3Dexample-domain-{i}.com"));
    }
    format!("s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command={command}")
}

fn small_response() -> Response {
    Response::ok()
        .with("AMOUNT", "100000.00")
        .with("CREDIT", "10000.00")
        .with("CURRENCY", "EUR")
        .with("DEPOSIT", "0.00")
        .with("VAT", "19.00")
}

/// A list response with 100 rows in three columns.
fn large_response() -> Response {
    let mut response = Response::ok();
    for i in 0..100 {
        response.push("DOMAIN", format!("example-domain-{i}.com"));
        response.push("DOMAINCHECK", "210 Available");
        response.push("CLASS", "");
    }
    response
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    let large = large_request();
    for (name, body) in [("small", SMALL), ("large-100-params", large.as_str())] {
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| wire::parse(b"", black_box(body.as_bytes())))
        });
    }
    group.finish();
}

fn encode(c: &mut Criterion) {
    let mut group = c.benchmark_group("encode");
    for (name, response) in [
        ("small", small_response()),
        ("large-100-rows", large_response()),
    ] {
        group.throughput(Throughput::Bytes(wire::encode(&response).len() as u64));
        group.bench_function(name, |b| b.iter(|| wire::encode(black_box(&response))));
    }
    group.finish();
}

criterion_group!(benches, parse, encode);
criterion_main!(benches);
