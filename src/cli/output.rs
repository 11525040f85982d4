//! Writing results: atomic files and diagnostics on stderr.

use super::args::DiagnosticFormat;
use crate::error::{Diagnostics, Error};
use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// How many warnings of one code the text output shows unless `--all-warnings`.
const WARNINGS_PER_CODE: usize = 10;

static ALL_WARNINGS: AtomicBool = AtomicBool::new(false);

/// `--all-warnings`: print every warning in text output.
pub fn set_all_warnings(all: bool) {
    ALL_WARNINGS.store(all, Ordering::Relaxed);
}

/// Prints diagnostics on stderr, as text (one per line, `file:line:col: error[CODE]: …`) or
/// as a JSON array. Repeats are dropped. In text, every error is printed but only the first
/// few warnings of each code (a file of legacy values can warn thousands of times), with a
/// count of the rest.
pub fn print_diagnostics(diags: &Diagnostics, format: DiagnosticFormat) {
    let keep = diags.first_occurrences();
    let unique: Vec<&crate::error::Diagnostic> = diags
        .items
        .iter()
        .zip(&keep)
        .filter_map(|(d, k)| k.then_some(d))
        .collect();
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    match format {
        DiagnosticFormat::Text => {
            let all = ALL_WARNINGS.load(Ordering::Relaxed);
            let mut shown: HashMap<&str, usize> = HashMap::new();
            for d in &unique {
                let n = shown.entry(d.code).or_default();
                *n += 1;
                if d.is_error() || all || *n <= WARNINGS_PER_CODE {
                    let _ = writeln!(err, "{d}");
                }
            }
            let mut hidden: Vec<(&str, usize)> = shown
                .iter()
                .filter(|(code, n)| !all && **n > WARNINGS_PER_CODE && code.starts_with('W'))
                .map(|(code, n)| (*code, n - WARNINGS_PER_CODE))
                .collect();
            hidden.sort();
            for (code, n) in hidden {
                let _ = writeln!(
                    err,
                    "… {n} more {code} warning(s) not shown (--all-warnings shows them)"
                );
            }
            let errors = unique.iter().filter(|d| d.is_error()).count();
            let warnings = unique.len() - errors;
            if errors + warnings > 0 {
                let _ = writeln!(err, "{errors} error(s), {warnings} warning(s)");
            }
        }
        DiagnosticFormat::Json => {
            let text = serde_json::to_string_pretty(&unique).unwrap_or_else(|_| "[]".into());
            let _ = writeln!(err, "{text}");
        }
    }
}

/// Files to write, all or nothing.
#[derive(Debug, Default)]
pub struct Staged {
    files: Vec<(PathBuf, Vec<u8>)>,
}

impl Staged {
    pub fn add(&mut self, path: PathBuf, contents: impl Into<Vec<u8>>) {
        self.files.push((path, contents.into()));
    }

    /// Writes every file atomically: each is written to a temporary sibling and synced,
    /// and renamed over its destination only after every temporary file was written and
    /// synced, so a failure leaves no half-written output and no partial set of new files.
    ///
    /// The writes and syncs run on parallel threads (an `fsync` waits on the disk, not on
    /// the CPU, and the file system commits concurrent syncs together), then the renames
    /// run and each destination folder is synced once so the renames are durable too.
    pub fn commit(self) -> Result<Vec<PathBuf>, Error> {
        let mut seen = std::collections::HashSet::new();
        for (dest, _) in &self.files {
            if !seen.insert(dest) {
                return Err(Error::Usage(format!(
                    "two outputs would both write {}; give them different destinations or file names",
                    dest.display()
                )));
            }
        }
        let mut dirs: Vec<&Path> = Vec::new();
        for (dest, _) in &self.files {
            if let Some(dir) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
                if !dirs.contains(&dir) {
                    fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
                    dirs.push(dir);
                }
            }
        }
        let results = write_temps(&self.files);
        let mut temps: Vec<(PathBuf, PathBuf)> = Vec::new();
        let mut first_error = None;
        for ((dest, _), r) in self.files.iter().zip(results) {
            match r {
                Ok(tmp) => temps.push((tmp, dest.clone())),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        let cleanup = |temps: &[(PathBuf, PathBuf)]| {
            for (tmp, _) in temps {
                let _ = fs::remove_file(tmp);
            }
        };
        if let Some(e) = first_error {
            cleanup(&temps);
            return Err(e);
        }
        let mut written = Vec::new();
        for (i, (tmp, dest)) in temps.iter().enumerate() {
            if let Err(source) = fs::rename(tmp, dest) {
                cleanup(&temps[i..]);
                return Err(io_error(dest, source));
            }
            written.push(dest.clone());
        }
        // The renames are durable once their folders are synced (not every platform
        // can open a folder for syncing; the files themselves are already on disk).
        for dir in dirs {
            if let Ok(d) = fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(written)
    }
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Most threads used to write and sync temporary files at once.
const WRITE_THREADS: usize = 8;

/// Writes and syncs every file's temporary sibling, on up to [`WRITE_THREADS`] threads;
/// the results are in the files' order.
fn write_temps(files: &[(PathBuf, Vec<u8>)]) -> Vec<Result<PathBuf, Error>> {
    if files.len() <= 1 {
        return files
            .iter()
            .enumerate()
            .map(|(i, (dest, contents))| write_temp(dest, contents, i))
            .collect();
    }
    let threads = files.len().min(WRITE_THREADS);
    let mut results: Vec<Option<Result<PathBuf, Error>>> = Vec::new();
    results.resize_with(files.len(), || None);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    files
                        .iter()
                        .enumerate()
                        .skip(t)
                        .step_by(threads)
                        .map(|(i, (dest, contents))| (i, write_temp(dest, contents, i)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            // A panicking writer thread leaves its slots empty; they are reported below.
            if let Ok(part) = h.join() {
                for (i, r) in part {
                    if let Some(slot) = results.get_mut(i) {
                        *slot = Some(r);
                    }
                }
            }
        }
    });
    results
        .into_iter()
        .zip(files)
        .map(|(r, (dest, _))| {
            r.unwrap_or_else(|| {
                Err(io_error(
                    dest,
                    std::io::Error::other("the writer thread stopped unexpectedly"),
                ))
            })
        })
        .collect()
}

fn write_temp(dest: &Path, contents: &[u8], index: usize) -> Result<PathBuf, Error> {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dest.with_file_name(format!(".{name}.tmp-{}-{index}", std::process::id()));
    let result = fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(contents).and_then(|()| f.sync_all()))
        .map_err(|e| io_error(&tmp, e));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map(|()| tmp)
}

/// Writes text to a file atomically, or to stdout when `path` is `None`.
pub fn write_output(path: Option<&Path>, text: &str) -> Result<(), Error> {
    match path {
        Some(p) => {
            let mut staged = Staged::default();
            staged.add(p.to_path_buf(), text.as_bytes().to_vec());
            staged.commit().map(|_| ())
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|_| out.flush())
                .map_err(|source| Error::Io {
                    path: "<stdout>".into(),
                    source,
                })
        }
    }
}

/// Emits `format` into `staged` under `dir`, collecting emitter errors in `diags`.
pub fn stage_format(
    staged: &mut Staged,
    registry: &crate::emit::Registry,
    format: &str,
    cx: &crate::emit::EmitContext,
    dir: &Path,
    diags: &mut Diagnostics,
) {
    stage_result(
        staged,
        format,
        crate::emit::emit(registry, format, cx),
        dir,
        diags,
    );
}

/// Adds the result of emitter `format` to `staged` under `dir`, or its errors to `diags`.
pub fn stage_result(
    staged: &mut Staged,
    format: &str,
    result: Result<Vec<crate::emit::OutputFile>, Diagnostics>,
    dir: &Path,
    diags: &mut Diagnostics,
) {
    match result {
        Ok(files) => {
            for f in files {
                if escapes(&f.path) {
                    diags.push(
                        crate::error::Diagnostic::error(
                            "E-EMIT-PATH",
                            format!(
                                "format `{format}` would write `{}`, which is outside the output folder {}",
                                f.path,
                                dir.display()
                            ),
                        )
                        .help("output file names must be relative paths without `..` (check the format's format.json `file`, or --file-name)"),
                    );
                    continue;
                }
                staged.add(dir.join(&f.path), f.contents);
            }
        }
        Err(d) => diags.extend(d),
    }
}

/// Whether an emitter's relative output path would leave the output folder: absolute (or
/// with a drive/root prefix, which `Path::join` would let replace the folder) or with `..`.
fn escapes(path: &str) -> bool {
    use std::path::Component;
    path.is_empty()
        || Path::new(path)
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
}

/// The end of a build: prints the diagnostics; with errors writes nothing and returns 1,
/// else writes every staged file and lists them.
pub fn finish_build(staged: Staged, diags: &Diagnostics) -> Result<i32, Error> {
    print_diagnostics(diags, DiagnosticFormat::Text);
    if diags.has_errors() {
        return Ok(1);
    }
    for path in staged.commit()? {
        println!("wrote {}", path.display());
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staged_files_are_all_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Staged::default();
        s.add(dir.path().join("a/x.css"), "a");
        s.add(dir.path().join("y.json"), "b");
        let written = s.commit().unwrap();
        assert_eq!(written.len(), 2);
        assert_eq!(fs::read_to_string(dir.path().join("a/x.css")).unwrap(), "a");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn two_files_for_one_path_are_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Staged::default();
        s.add(dir.path().join("tokens.json"), "a");
        s.add(dir.path().join("tokens.json"), "b");
        let err = s.commit().unwrap_err().to_string();
        assert!(err.contains("tokens.json"), "{err}");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_failed_parallel_write_removes_every_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Staged::default();
        s.add(dir.path().join("a.css"), "a");
        s.add(dir.path().join("b.css"), "b");
        // A file name longer than any file system allows: its temporary file cannot be made.
        s.add(dir.path().join("x".repeat(300)), "c");
        s.add(dir.path().join("d.css"), "d");
        let err = s.commit().unwrap_err().to_string();
        assert!(err.contains("xxxx"), "{err}");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        // A file where a folder is needed makes the second write fail.
        fs::write(dir.path().join("blocker"), "x").unwrap();
        let mut s = Staged::default();
        s.add(dir.path().join("ok.css"), "a");
        s.add(dir.path().join("blocker/inner.css"), "b");
        assert!(s.commit().is_err());
        assert!(!dir.path().join("ok.css").exists());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["blocker".to_string()]);
    }
}
