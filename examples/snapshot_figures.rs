//! The figures of snapshots (issue 15) with a large system: OT&E filled by
//! `benches/scenarios` `preload_domains` (10,000 accounts × 100 domains =
//! 1,000,000 domains by default, through the protocol), then the time to
//! take a snapshot (what `GET /_admin/snapshot` holds the registry lock
//! for), the file's size, the time to read and check it (what `POST
//! /_admin/restore` and `--load` do outside the lock), to swap it in (the
//! restore's time under the lock) and to free the old state; and whether
//! the restored state snapshots to the same bytes. With a path it writes
//! the file there, for timing `otebox --load FILE`.
//!
//! ```text
//! cargo run --release --example snapshot_figures -- [ACCOUNTS] [FILE]
//! ```

#[path = "../benches/scenarios/mod.rs"]
mod scenarios;

use std::time::Instant;

use otebox::registry::snapshot::{read_snapshot, seal};
use otebox::registry::{Entity, Registry};

fn main() {
    let accounts: usize = std::env::args()
        .nth(1)
        .map(|text| text.parse().expect("ACCOUNTS is a number"))
        .unwrap_or(10_000);
    let path = std::env::args().nth(2);
    let started = Instant::now();
    let mut registry = Registry::new(1);
    scenarios::preload_domains(&mut registry, accounts);
    let system = registry.system(Entity::Ote);
    println!(
        "preloaded {} domains, {} users in {:.2} s",
        system.domain_count(),
        system.user_count(),
        started.elapsed().as_secs_f64()
    );
    let mut file = Vec::new();
    for round in 0..3 {
        let started = Instant::now();
        file = registry.system(Entity::Ote).encode();
        let encoding = started.elapsed().as_secs_f64();
        let started = Instant::now();
        seal(&mut file);
        println!(
            "snapshot {round}: encode {encoding:.3} s (under the lock), checksum {:.3} s (outside it), {} bytes ({:.1} MiB)",
            started.elapsed().as_secs_f64(),
            file.len(),
            file.len() as f64 / (1 << 20) as f64
        );
    }
    for round in 0..3 {
        let started = Instant::now();
        let copy = registry.system(Entity::Ote).clone();
        let cloned = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let encoded = copy.snapshot();
        let encoding = started.elapsed().as_secs_f64();
        let started = Instant::now();
        drop(copy);
        println!(
            "clone instead {round}: {cloned:.3} s (would be under the lock), then encode {encoding:.3} s and free {:.3} s outside it; same bytes: {}",
            started.elapsed().as_secs_f64(),
            encoded == file
        );
    }
    if let Some(path) = &path {
        std::fs::write(path, &file).expect("the file is written");
        println!("written to {path}");
    }
    for round in 0..3 {
        let started = Instant::now();
        let system = read_snapshot(&file, Some(Entity::Ote)).expect("a good file");
        let read = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let old = registry.replace_system(system);
        let swapped = started.elapsed().as_secs_f64();
        let started = Instant::now();
        drop(old);
        let dropped = started.elapsed().as_secs_f64();
        println!(
            "restore {round}: read and check {read:.3} s (outside the lock), swap {:.1} µs (under it), old state freed in {dropped:.3} s",
            swapped * 1e6
        );
    }
    let again = registry.system(Entity::Ote).snapshot();
    println!(
        "the restored state snapshots to the same bytes: {}",
        again == file
    );
}
