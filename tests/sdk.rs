//! Interop with a real client: the official Python SDK (`hexonet.apiconnector`
//! from PyPI, pinned in `tests/sdk/requirements.txt`) runs `tests/sdk/interop.py`
//! against a running otebox. The virtualenv is created on first use under
//! cargo's target directory, so a fresh machine needs only python3 and PyPI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Server;
use otebox::server::Config;

/// A virtualenv with the pinned SDK installed, created if missing.
fn python_with_sdk() -> PathBuf {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sdk-venv");
    let python = venv.join("bin").join("python");
    let requirements = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/requirements.txt");
    let stamp = venv.join("installed-requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).expect("tests/sdk/requirements.txt");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) && python.exists() {
        return python;
    }
    let created = Command::new("python3")
        .args(["-m", "venv", "--clear"])
        .arg(&venv)
        .status();
    assert!(
        created.is_ok_and(|s| s.success()),
        "python3 -m venv failed: python3 with venv is required"
    );
    let installed = Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(&requirements)
        .status();
    assert!(
        installed.is_ok_and(|s| s.success()),
        "pip install of the SDK from PyPI failed"
    );
    std::fs::write(&stamp, wanted).expect("write stamp");
    python
}

#[test]
fn python_sdk_talks_to_otebox() {
    let python = python_with_sdk();
    let server = Server::start(Config::default());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/interop.py");
    let output = Command::new(python)
        .arg(script)
        .arg(server.url())
        .output()
        .expect("run interop.py");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "interop.py failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    println!("{stdout}");
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("interop: ") && summary.ends_with(" passed, 0 failed"),
        "unexpected summary {summary:?}\n{stdout}"
    );
}
