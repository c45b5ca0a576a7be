//! The files of `--durable` (issue 15) in `<data-dir>/durable/`: the
//! compacted state `state.otebox` (generation G: both systems as
//! `registry/snapshot.rs` files) and the journal segments
//! `journal-<G>.log`, `journal-<G+1>.log`, … whose records replay on top of
//! it, in order. Owns the framing (every record and every part of the
//! state file is `length (u32 LE) | checksum (first 8 bytes of the SHA-256
//! of the payload) | payload (postcard)`), the record type, writing a
//! state file (temporary file, fsync, rename, fsync of the directory) and
//! reading everything back at start. Knows nothing of the lock, the
//! flusher or HTTP (`journal.rs`).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::Meta;
use crate::dialect::{Dialect, Route};
use crate::registry::Timestamp;

/// The first bytes of a journal segment.
pub(super) const SEGMENT_MAGIC: &[u8; 16] = b"OTEBOX-JOURNAL1\n";
/// The first bytes of the state file.
const STATE_MAGIC: &[u8; 16] = b"OTEBOX-DURABLE1\n";
/// Bytes before a frame's payload.
const FRAME_HEAD: usize = 12;
/// The largest payload a frame may announce (a request body is at most
/// `--body-limit`; a state part may be large).
const MAX_FRAME: usize = u32::MAX as usize;

/// One journal record: an API request that may have changed the state, as
/// it reached the registry (its transport facts and its raw bytes), to be
/// run again through [`crate::handle`].
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub(super) enum Record {
    Api {
        peer: IpAddr,
        now: u64,
        /// 0: shared address, HEXONET default; 1: shared, CNR default; 2: CNR address.
        route: u8,
        forwarded: Option<IpAddr>,
        trusted_proxy: bool,
        query: Vec<u8>,
        body: Vec<u8>,
    },
    /// An `Api` record a slow-registry fault rule fired on, with its
    /// seconds (`Meta::slow`): a variant of its own, so that the records
    /// written before it read as they did.
    Slowed { seconds: u64, api: Box<Record> },
}

impl Record {
    pub(super) fn api(meta: &Meta, query: &[u8], body: &[u8]) -> Record {
        let api = Record::Api {
            peer: meta.peer,
            now: meta.now.0,
            route: match meta.route {
                Route::Shared {
                    default: Dialect::Hexonet,
                } => 0,
                Route::Shared {
                    default: Dialect::Cnr,
                } => 1,
                Route::Cnr => 2,
            },
            forwarded: meta.forwarded,
            trusted_proxy: meta.trusted_proxy,
            query: query.to_vec(),
            body: body.to_vec(),
        };
        match meta.slow {
            Some(seconds) => Record::Slowed {
                seconds,
                api: Box::new(api),
            },
            None => api,
        }
    }

    /// The request's `Meta` and bytes, to replay it.
    pub(super) fn meta(&self) -> (Meta, &[u8], &[u8]) {
        let (peer, now, route, forwarded, trusted_proxy, query, body) = match self {
            Record::Api {
                peer,
                now,
                route,
                forwarded,
                trusted_proxy,
                query,
                body,
            } => (peer, now, route, forwarded, trusted_proxy, query, body),
            Record::Slowed { seconds, api } => {
                let (mut meta, query, body) = api.meta();
                meta.slow = Some(*seconds);
                return (meta, query, body);
            }
        };
        let route = match route {
            0 => Route::Shared {
                default: Dialect::Hexonet,
            },
            1 => Route::Shared {
                default: Dialect::Cnr,
            },
            _ => Route::Cnr,
        };
        let meta = Meta {
            peer: *peer,
            now: Timestamp(*now),
            route,
            forwarded: *forwarded,
            trusted_proxy: *trusted_proxy,
            slow: None,
        };
        (meta, query, body)
    }
}

/// The checksum of a payload: the first 8 bytes of its SHA-256.
fn checksum(payload: &[u8]) -> [u8; 8] {
    let digest = Sha256::digest(payload);
    digest[..8].try_into().expect("8 bytes")
}

/// Appends `payload` as one frame to `out`.
pub(super) fn frame(out: &mut Vec<u8>, payload: &[u8]) {
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&checksum(payload));
    out.extend_from_slice(payload);
}

/// Appends `record` as one frame to `out`.
pub(super) fn frame_record(out: &mut Vec<u8>, record: &Record) {
    let payload = postcard::to_allocvec(record).expect("a record encodes");
    frame(out, &payload);
}

/// The directory of the durable files.
pub(super) fn durable_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("durable")
}

pub(super) fn segment_path(dir: &Path, segment: u64) -> PathBuf {
    dir.join(format!("journal-{segment:010}.log"))
}

fn state_path(dir: &Path) -> PathBuf {
    dir.join("state.otebox")
}

/// Makes the directory's entries (a created or renamed file) durable.
pub(super) fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Creates (or empties) a file only its owner may read: records hold the
/// requests' passwords, as the state holds their hashes.
fn private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(true).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Creates segment `segment` (its magic written and synced, the directory
/// synced), ready for appends.
pub(super) fn create_segment(dir: &Path, segment: u64) -> io::Result<File> {
    let path = segment_path(dir, segment);
    let mut file = private(&path)?;
    file.write_all(SEGMENT_MAGIC)?;
    file.sync_data()?;
    sync_dir(dir)?;
    Ok(file)
}

/// Writes the state file of generation `generation` (the sealed snapshot
/// files of both systems) durably: a temporary file, fsync, rename, fsync
/// of the directory. Then removes the segments before `generation`.
pub(super) fn write_state(dir: &Path, generation: u64, systems: &[Vec<u8>]) -> io::Result<u64> {
    let mut head = Vec::new();
    head.extend_from_slice(STATE_MAGIC);
    frame(&mut head, &generation.to_le_bytes());
    let tmp = dir.join("state.otebox.tmp");
    let mut file = private(&tmp)?;
    file.write_all(&head)?;
    let mut written = head.len() as u64;
    for system in systems {
        let mut part = Vec::with_capacity(FRAME_HEAD);
        part.extend_from_slice(&(system.len() as u32).to_le_bytes());
        part.extend_from_slice(&checksum(system));
        file.write_all(&part)?;
        file.write_all(system)?;
        written += (FRAME_HEAD + system.len()) as u64;
    }
    file.sync_all()?;
    drop(file);
    fs::rename(&tmp, state_path(dir))?;
    sync_dir(dir)?;
    for (segment, path) in segments(dir)? {
        if segment < generation {
            let _ = fs::remove_file(path);
        }
    }
    Ok(written)
}

/// The journal segments in `dir`, by number.
pub(super) fn segments(dir: &Path) -> io::Result<Vec<(u64, PathBuf)>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let number = path
            .file_name()
            .and_then(|name| name.to_str())
            .and_then(|name| name.strip_prefix("journal-")?.strip_suffix(".log"))
            .and_then(|number| number.parse::<u64>().ok());
        if let Some(number) = number {
            found.push((number, path));
        }
    }
    found.sort();
    Ok(found)
}

/// How a file's frames ended.
pub(super) enum Tail {
    /// At a frame boundary.
    Clean,
    /// In a frame cut short (a write the process did not finish): the
    /// offset where it starts, to cut the file there.
    Torn { offset: u64, why: String },
}

/// A corrupt record: its byte offset, and what is wrong, naming the file.
pub(super) type Corrupt = (u64, String);

/// The payloads of the frames in `bytes` from `start`, and how they ended.
/// A frame cut short at the end is a torn tail; a whole frame whose
/// checksum fails, or a cut one followed by more bytes, is corruption:
/// the `Err` is its offset and what is wrong, naming the file and the
/// offset (the caller says what to do: it depends on the file).
pub(super) fn read_frames<'a>(
    path: &Path,
    bytes: &'a [u8],
    start: usize,
) -> Result<(Vec<&'a [u8]>, Tail), Corrupt> {
    let mut frames = Vec::new();
    let mut at = start;
    while at < bytes.len() {
        let rest = &bytes[at..];
        let torn = |why: String| Tail::Torn {
            offset: at as u64,
            why,
        };
        if rest.len() < FRAME_HEAD {
            return Ok((
                frames,
                torn(format!("{} bytes of a frame head", rest.len())),
            ));
        }
        let length = u32::from_le_bytes(rest[..4].try_into().expect("4 bytes")) as usize;
        if length > MAX_FRAME || FRAME_HEAD + length > rest.len() {
            let why = format!(
                "a frame of {length} bytes with {} bytes left in the file",
                rest.len() - FRAME_HEAD
            );
            return Ok((frames, torn(why)));
        }
        let payload = &rest[FRAME_HEAD..FRAME_HEAD + length];
        if checksum(payload) != rest[4..FRAME_HEAD] {
            let end = at + FRAME_HEAD + length;
            // The last frame, whose bytes may not all have reached the disk.
            if end == bytes.len() {
                return Ok((frames, torn("a frame whose checksum fails".into())));
            }
            let why = format!(
                "{}: the record at byte offset {at} is corrupt (its checksum does not match; {} bytes follow it)",
                path.display(),
                bytes.len() - end
            );
            return Err((at as u64, why));
        }
        frames.push(payload);
        at += FRAME_HEAD + length;
    }
    Ok((frames, Tail::Clean))
}

/// A state file's generation and the sealed snapshot files of its systems.
pub(super) type State = (u64, Vec<Vec<u8>>);

/// Reads the state file: its generation and the sealed snapshot files of
/// its systems; `None` when there is none.
pub(super) fn read_state(dir: &Path) -> Result<Option<State>, String> {
    let path = state_path(dir);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("{}: {error}", path.display())),
    };
    if !bytes.starts_with(STATE_MAGIC) {
        return Err(format!(
            "{}: not an otebox durable state file (it does not start with OTEBOX-DURABLE1)",
            path.display()
        ));
    }
    let (frames, tail) = read_frames(&path, &bytes, STATE_MAGIC.len()).map_err(|(_, why)| {
        format!(
            "{why}: the state file is corrupt; otebox will not start from a partial state: \
                 move the directory {} away to start afresh",
            dir.display()
        )
    })?;
    if let Tail::Torn { offset, why } = tail {
        // Written to a temporary file and renamed: never legitimately torn.
        return Err(format!(
            "{}: truncated at byte offset {offset} ({why}): the state file is corrupt",
            path.display()
        ));
    }
    let Some((generation, systems)) = frames.split_first() else {
        return Err(format!("{}: empty state file", path.display()));
    };
    let generation = <[u8; 8]>::try_from(*generation)
        .map(u64::from_le_bytes)
        .map_err(|_| format!("{}: the generation is not 8 bytes", path.display()))?;
    let systems = systems.iter().map(|system| system.to_vec()).collect();
    Ok(Some((generation, systems)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(n: u8) -> Record {
        Record::api(&Meta::loopback(Timestamp(1_767_225_600)), b"", &[b'x', n])
    }

    #[test]
    fn frames_read_back_and_a_torn_tail_or_a_corrupt_middle_is_told() {
        let path = Path::new("journal-test.log");
        let mut bytes = SEGMENT_MAGIC.to_vec();
        for n in 0..3 {
            frame_record(&mut bytes, &record(n));
        }
        let (frames, tail) = read_frames(path, &bytes, 16).expect("clean");
        assert_eq!(frames.len(), 3);
        assert!(matches!(tail, Tail::Clean));
        let back: Record = postcard::from_bytes(frames[2]).expect("decodes");
        assert_eq!(back, record(2));
        // Cut anywhere in the last frame: a torn tail at its start.
        let last = bytes.len() - frames[2].len() - FRAME_HEAD;
        for cut in last + 1..bytes.len() {
            let (frames, tail) = read_frames(path, &bytes[..cut], 16).expect("torn");
            assert_eq!(frames.len(), 2);
            assert!(matches!(tail, Tail::Torn { offset, .. } if offset == last as u64));
        }
        // The last frame's bytes changed: torn too (never acknowledged).
        let mut changed = bytes.clone();
        *changed.last_mut().unwrap() ^= 1;
        let (frames, tail) = read_frames(path, &changed, 16).expect("torn");
        assert_eq!((frames.len(), matches!(tail, Tail::Torn { .. })), (2, true));
        // A changed byte in the first frame: corruption, named.
        let mut corrupt = bytes.clone();
        corrupt[16 + FRAME_HEAD + 1] ^= 1;
        let (at, why) = read_frames(path, &corrupt, 16).err().expect("corrupt");
        assert_eq!(at, 16);
        assert!(
            why.contains("journal-test.log: the record at byte offset 16 is corrupt"),
            "{why}"
        );
    }

    #[test]
    fn a_record_keeps_the_meta() {
        let meta = Meta {
            peer: "203.0.113.7".parse().unwrap(),
            now: Timestamp(42),
            route: Route::Cnr,
            forwarded: Some("10.0.0.1".parse().unwrap()),
            trusted_proxy: true,
            slow: None,
        };
        let record = Record::api(&meta, b"q=1", b"b=2");
        let back: Record = postcard::from_bytes(&postcard::to_allocvec(&record).unwrap()).unwrap();
        let (again, query, body) = back.meta();
        assert_eq!((again, query, body), (meta, &b"q=1"[..], &b"b=2"[..]));
        // A slowed request keeps its seconds; a plain record still reads as one.
        let slowed = Meta {
            slow: Some(600),
            ..meta
        };
        let record = Record::api(&slowed, b"q=1", b"b=2");
        let bytes = postcard::to_allocvec(&record).unwrap();
        let back: Record = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back.meta().0, slowed);
        assert!(matches!(Record::api(&meta, b"", b""), Record::Api { .. }));
    }
}
