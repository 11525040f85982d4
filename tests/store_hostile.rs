//! Hostile store files: whatever bytes a log holds, opening never panics or allocates
//! without bound; it either loads (a torn tail repaired, with a note) or refuses with a
//! message naming the file, and a refused file is left exactly as it was.

use proptest::prelude::*;
use tokencraft::store::{self, FileStore, Timestamp, Tokenset};

/// A valid log with three transactions (written once per test binary).
fn valid_log() -> Vec<u8> {
    static LOG: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    LOG.get_or_init(write_valid_log).clone()
}

fn write_valid_log() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    {
        let s = FileStore::open(dir.path()).unwrap();
        for id in ["a", "b", "c"] {
            store::write::<_, ()>(&s, |tx| {
                let seq = tx.next_seq();
                tx.put_tokenset(Tokenset {
                    id: id.into(),
                    workspace_id: "ws".into(),
                    name: id.into(),
                    description: None,
                    created_at: Timestamp(0),
                    updated_at: Timestamp(0),
                    revision: 1,
                    seq,
                });
                Ok(())
            })
            .unwrap();
        }
    }
    std::fs::read(dir.path().join("wal.tkc")).unwrap()
}

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("wal.tkc");
    std::fs::write(&log, bytes).unwrap();
    match FileStore::open(dir.path()) {
        Ok(s) => {
            let n = store::read(&s, |tx| tx.tokensets("ws").len());
            prop_assert!(n <= 3);
        }
        Err(e) => {
            let msg = e.to_string();
            prop_assert!(msg.contains("wal.tkc"), "{msg}");
            prop_assert_eq!(std::fs::read(&log).unwrap(), bytes.to_vec());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn flipped_bytes_never_panic(at in any::<prop::sample::Index>(), xor in 1u8..=255) {
        let mut bytes = valid_log();
        let i = at.index(bytes.len());
        bytes[i] ^= xor;
        check(&bytes)?;
    }

    #[test]
    fn appended_garbage_never_panics(garbage in prop::collection::vec(any::<u8>(), 0..64)) {
        let mut bytes = valid_log();
        bytes.extend(garbage);
        check(&bytes)?;
    }

    #[test]
    fn arbitrary_files_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let mut with_header = valid_log();
        with_header.truncate(24);
        with_header.extend(&bytes);
        check(&bytes)?;
        check(&with_header)?;
    }
}
