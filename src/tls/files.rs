//! The certificate authority's files in the data directory, written so that
//! no process ever reads a half-written one: each is written beside its
//! place first, synced, then linked (a new file) or renamed (a replaced one)
//! into place. Knows nothing of certificates; touches only the paths it is
//! given and their scratch files (`*.partial-<pid>`).

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The file's text, or `None` when it does not exist.
pub(super) fn read_if_there(path: &Path) -> Result<Option<String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// Writes `bytes` to `path` if no file is there, never a half-written file:
/// written beside it first ([`write_beside`]), then linked into place.
/// `false` when another process put one there first.
pub(super) fn publish(path: &Path, bytes: &[u8], mode: u32) -> Result<bool, String> {
    let written = write_beside(path, bytes, mode)
        .and_then(|partial| std::fs::hard_link(&partial, path).map(|()| partial));
    remove_partial(path);
    match written {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && path.exists() => Ok(false),
        Err(e) => Err(format!("cannot write {}: {e}", path.display())),
    }
}

/// Writes `bytes` over the file at `path`, never leaving a half-written one:
/// written beside it first ([`write_beside`]), then renamed into place.
pub(super) fn replace(path: &Path, bytes: &[u8], mode: u32) -> Result<(), String> {
    let written =
        write_beside(path, bytes, mode).and_then(|partial| std::fs::rename(&partial, path));
    if written.is_err() {
        remove_partial(path);
    }
    written.map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The scratch file beside `path` this process writes before moving it in.
fn partial_of(path: &Path) -> PathBuf {
    path.with_extension(format!("partial-{}", std::process::id()))
}

fn remove_partial(path: &Path) {
    let _ = std::fs::remove_file(partial_of(path));
}

/// Writes `bytes` into [`partial_of`] `path`, with `mode` from its creation
/// on (the key is never readable by others, not even briefly), and syncs it.
fn write_beside(path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<PathBuf> {
    let partial = partial_of(path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options.open(&partial)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(partial)
}
