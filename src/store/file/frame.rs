//! The on-disk framing shared by the write-ahead log and the snapshot.
//!
//! A file is a 24-byte header followed by frames:
//!
//! ```text
//! header: magic (8 bytes) | format version (u32 LE) | generation (u64 LE) | CRC-32 of the previous 20 bytes (u32 LE)
//! frame:  payload length (u32 LE, 1..=MAX_FRAME) | CRC-32 of the payload (u32 LE) | payload (JSON array of changes)
//! ```
//!
//! Reading never allocates more than [`MAX_FRAME`] bytes at once, and checks a frame's
//! length against what is left in the file before allocating, so a hostile length prefix
//! cannot exhaust memory.

use super::error::FileStoreError;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

/// The on-disk format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
/// The largest frame payload accepted (64 MiB): one transaction's changes, or one batch of
/// a snapshot.
pub const MAX_FRAME: u32 = 64 << 20;
/// Bytes in a file header.
pub const HEADER_LEN: u64 = 24;
/// Bytes before each frame's payload.
pub const FRAME_HEAD: u64 = 8;

/// Which kind of file a header announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The write-ahead log (`wal.tkc`).
    Log,
    /// The snapshot (`snapshot.tkc`).
    Snapshot,
}

impl Kind {
    fn magic(self) -> &'static [u8; 8] {
        match self {
            Kind::Log => b"TKCLOG\r\n",
            Kind::Snapshot => b"TKCSNP\r\n",
        }
    }
}

/// The CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) lookup table.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// CRC-32 (IEEE) of `bytes`.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in bytes {
        c = CRC_TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
    }
    !c
}

/// The header bytes of a file of `kind` and `generation`.
pub fn header(kind: Kind, generation: u64) -> [u8; HEADER_LEN as usize] {
    let mut out = [0u8; HEADER_LEN as usize];
    out[..8].copy_from_slice(kind.magic());
    out[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
    out[12..20].copy_from_slice(&generation.to_le_bytes());
    let crc = crc32(&out[..20]);
    out[20..].copy_from_slice(&crc.to_le_bytes());
    out
}

/// Appends one frame holding `payload` to `out`. Fails when the payload is larger than
/// [`MAX_FRAME`].
pub fn encode_frame(payload: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    let len = u32::try_from(payload.len())
        .ok()
        .filter(|&n| n > 0 && n <= MAX_FRAME)
        .ok_or_else(|| {
            format!(
                "a transaction of {} bytes is larger than the {} MiB frame limit: split it into smaller writes",
                payload.len(),
                MAX_FRAME >> 20
            )
        })?;
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&crc32(payload).to_le_bytes());
    out.extend_from_slice(payload);
    Ok(())
}

/// Called with each valid frame's payload and byte offset.
pub type FrameSink<'a> = dyn FnMut(&[u8], u64) -> Result<(), FileStoreError> + 'a;

/// What reading a file found.
#[derive(Debug)]
pub struct Scanned {
    /// The generation in the header.
    pub generation: u64,
    /// The offset just past the last whole, valid frame.
    pub good_end: u64,
    /// The file's length.
    pub file_len: u64,
    /// Set when the file ends in an incomplete frame (a crash mid-append): why.
    pub torn: Option<String>,
}

/// Reads `path` (a file of `kind`), calling `on_frame(payload, offset)` for every valid
/// frame in order. With `allow_torn`, an incomplete last frame is reported in
/// [`Scanned::torn`] instead of failing; a bad frame followed by more data is always an
/// error.
pub fn scan(
    path: &Path,
    kind: Kind,
    allow_torn: bool,
    on_frame: &mut FrameSink<'_>,
) -> Result<Scanned, FileStoreError> {
    let io_err = |op: &'static str| {
        let path = path.to_path_buf();
        move |source: io::Error| FileStoreError::Io { path, op, source }
    };
    let file = File::open(path).map_err(io_err("open"))?;
    let file_len = file.metadata().map_err(io_err("read the size of"))?.len();
    let mut r = BufReader::with_capacity(1 << 16, file);
    let corrupt = |offset: u64, reason: String| FileStoreError::Corrupt {
        path: path.to_path_buf(),
        offset,
        reason,
    };
    if file_len < HEADER_LEN {
        return Err(corrupt(
            0,
            format!("the file is {file_len} bytes, shorter than the {HEADER_LEN}-byte header"),
        ));
    }
    let mut head = [0u8; HEADER_LEN as usize];
    r.read_exact(&mut head).map_err(io_err("read"))?;
    let generation = check_header(path, kind, &head)?;

    let mut offset = HEADER_LEN;
    let mut payload = Vec::new();
    let torn = loop {
        let left = file_len - offset;
        if left == 0 {
            break None;
        }
        if left < FRAME_HEAD {
            break Some(format!(
                "{left} stray bytes at offset {offset} (an incomplete frame header)"
            ));
        }
        let mut fh = [0u8; FRAME_HEAD as usize];
        r.read_exact(&mut fh).map_err(io_err("read"))?;
        let len = u32::from_le_bytes([fh[0], fh[1], fh[2], fh[3]]);
        let crc = u32::from_le_bytes([fh[4], fh[5], fh[6], fh[7]]);
        if len == 0 && crc == 0 && rest_is_zero(&mut r, left - FRAME_HEAD)? {
            break Some(format!(
                "{left} zero bytes at offset {offset} (space allocated but never written)"
            ));
        }
        if len == 0 || len > MAX_FRAME {
            return Err(corrupt(
                offset,
                format!(
                    "frame length {len} is outside 1..={MAX_FRAME} (garbage, or a file that is not a tokencraft store)"
                ),
            ));
        }
        let end = offset + FRAME_HEAD + u64::from(len);
        if end > file_len {
            break Some(format!(
                "the frame at offset {offset} announces {len} bytes but only {} remain",
                left - FRAME_HEAD
            ));
        }
        payload.clear();
        payload.resize(len as usize, 0);
        r.read_exact(&mut payload).map_err(io_err("read"))?;
        if crc32(&payload) != crc {
            if end == file_len {
                break Some(format!(
                    "the last frame (offset {offset}, {len} bytes) fails its checksum"
                ));
            }
            return Err(corrupt(
                offset,
                format!(
                    "the frame ({len} bytes) fails its checksum and is followed by {} more bytes, so it is not an interrupted append",
                    file_len - end
                ),
            ));
        }
        on_frame(&payload, offset)?;
        offset = end;
    };
    if let (Some(why), false) = (&torn, allow_torn) {
        return Err(corrupt(offset, format!("incomplete data: {why}")));
    }
    Ok(Scanned {
        generation,
        good_end: offset,
        file_len,
        torn,
    })
}

/// Reads only the header of `path` and returns its generation.
pub fn read_generation(path: &Path, kind: Kind) -> Result<u64, FileStoreError> {
    let mut head = [0u8; HEADER_LEN as usize];
    let mut file = File::open(path).map_err(|source| FileStoreError::Io {
        path: path.to_path_buf(),
        op: "open",
        source,
    })?;
    if file.read_exact(&mut head).is_err() {
        return Err(FileStoreError::Corrupt {
            path: path.to_path_buf(),
            offset: 0,
            reason: format!("the file is shorter than the {HEADER_LEN}-byte header"),
        });
    }
    check_header(path, kind, &head)
}

/// Checks magic, version and header checksum; returns the generation.
fn check_header(
    path: &Path,
    kind: Kind,
    head: &[u8; HEADER_LEN as usize],
) -> Result<u64, FileStoreError> {
    let corrupt = |reason: String| FileStoreError::Corrupt {
        path: path.to_path_buf(),
        offset: 0,
        reason,
    };
    if &head[..8] != kind.magic() {
        let other = match kind {
            Kind::Log => Kind::Snapshot,
            Kind::Snapshot => Kind::Log,
        };
        let what = if &head[..8] == other.magic() {
            format!("{other:?} file where a {kind:?} file belongs")
        } else {
            "not a tokencraft store file (unknown magic bytes)".to_owned()
        };
        return Err(corrupt(what));
    }
    // The version comes before the checksum: another version may lay its header out differently.
    let version = u32::from_le_bytes([head[8], head[9], head[10], head[11]]);
    if version != FORMAT_VERSION {
        return Err(FileStoreError::Version {
            path: path.to_path_buf(),
            found: version,
        });
    }
    if crc32(&head[..20]) != u32::from_le_bytes([head[20], head[21], head[22], head[23]]) {
        return Err(corrupt("the header fails its checksum".into()));
    }
    let mut g = [0u8; 8];
    g.copy_from_slice(&head[12..20]);
    Ok(u64::from_le_bytes(g))
}

/// Whether the next `n` bytes are all zero (consumes them only as far as needed).
fn rest_is_zero(r: &mut impl Read, n: u64) -> Result<bool, FileStoreError> {
    let mut buf = [0u8; 8192];
    let mut left = n;
    while left > 0 {
        let take = left.min(buf.len() as u64) as usize;
        let chunk = &mut buf[..take];
        if r.read_exact(chunk).is_err() || chunk.iter().any(|&b| b != 0) {
            return Ok(false);
        }
        left -= take as u64;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn headers_round_trip_and_name_their_kind() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        let mut bytes = header(Kind::Log, 7).to_vec();
        encode_frame(b"[1]", &mut bytes).unwrap();
        std::fs::write(&p, &bytes).unwrap();
        let mut seen = Vec::new();
        let s = scan(&p, Kind::Log, false, &mut |b, at| {
            seen.push((b.to_vec(), at));
            Ok(())
        })
        .unwrap();
        assert_eq!(s.generation, 7);
        assert_eq!(seen, [(b"[1]".to_vec(), HEADER_LEN)]);
        let err = scan(&p, Kind::Snapshot, false, &mut |_, _| Ok(())).unwrap_err();
        assert!(
            err.to_string()
                .contains("Log file where a Snapshot file belongs"),
            "{err}"
        );
    }

    #[test]
    fn a_frame_mid_way_with_a_bad_checksum_is_an_error_but_a_bad_last_frame_is_torn() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        let mut bytes = header(Kind::Log, 1).to_vec();
        encode_frame(b"[1]", &mut bytes).unwrap();
        let second = bytes.len();
        encode_frame(b"[2]", &mut bytes).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&p, &bytes).unwrap();
        let s = scan(&p, Kind::Log, true, &mut |_, _| Ok(())).unwrap();
        assert_eq!(s.good_end, second as u64);
        assert!(s.torn.is_some());
        encode_frame(b"[3]", &mut bytes).unwrap();
        std::fs::write(&p, &bytes).unwrap();
        let err = scan(&p, Kind::Log, true, &mut |_, _| Ok(())).unwrap_err();
        assert!(
            err.to_string().contains(&format!("offset {second}")),
            "{err}"
        );
    }

    #[test]
    fn a_huge_length_prefix_is_refused_without_allocating() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        let mut bytes = header(Kind::Log, 1).to_vec();
        bytes.extend_from_slice(&u32::MAX.to_le_bytes());
        bytes.extend_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8, 9]);
        std::fs::write(&p, &bytes).unwrap();
        let err = scan(&p, Kind::Log, true, &mut |_, _| Ok(())).unwrap_err();
        assert!(err.to_string().contains("outside 1..="), "{err}");
    }
}
