//! Reading several mode trees at once: each tree is read on its own (in parallel when
//! there is enough work) into a private path table, then the parts join the set in mode
//! order, so ids, slots and diagnostics are exactly those of reading the trees one after
//! the other.

use super::reader::{fix_trimmed_references, Sink};
use super::{read_one, ParseOptions};
use crate::error::{Diagnostic, Diagnostics};
use crate::model::{SourceMap, TokenId, TokenSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use super::super::json::Node;

/// Below this much source text (all files of the set together), one thread reads
/// everything: starting a thread costs more than reading a small document.
const PARALLEL_MIN_TEXT: usize = 128 * 1024;

/// One tree read alone.
#[derive(Default)]
pub(super) struct Part {
    pub(super) diags: Diagnostics,
    pub(super) sink: Sink,
    /// Local ids of tokens with spaced references (D-15), fixed after joining.
    pub(super) trimmed: Vec<TokenId>,
    /// The tree was read (its mode exists), so D-15 fixes apply.
    pub(super) read: bool,
}

/// Reads each `(tree, mode)` pair like [`super::read_tree`] does, in that order, but the
/// per-tree work runs on up to two threads. Paths are interned in the same order as
/// sequential calls would intern them, so the result is identical.
///
/// ```
/// use tokencraft::model::TokenSet;
/// use tokencraft::parse::{dtcg, json};
/// let mut set = TokenSet::default();
/// let light = r##"{ "bg": { "$type": "color", "$value": "#ffffff" } }"##;
/// let dark = r##"{ "bg": { "$type": "color", "$value": "#000000" }, "fg": { "$value": "{bg}" } }"##;
/// let a = set.sources.add("light.json", light);
/// let b = set.sources.add("dark.json", dark);
/// let limits = json::Limits::default();
/// let (ta, tb) = (json::parse(light, a, &limits).unwrap(), json::parse(dark, b, &limits).unwrap());
/// let (m0, m1) = (set.add_mode("light"), set.add_mode("dark"));
/// let mut diags = tokencraft::Diagnostics::new();
/// dtcg::read_trees(&[(&ta, m0), (&tb, m1)], &mut set, &dtcg::ParseOptions::default(), &mut diags);
/// assert!(diags.is_empty());
/// assert_eq!(set.paths.len(), 2);
/// assert!(set.own(m0, set.id("fg").unwrap()).is_none());
/// ```
pub fn read_trees(
    trees: &[(&Node, usize)],
    set: &mut TokenSet,
    opts: &ParseOptions,
    diags: &mut Diagnostics,
) {
    let modes = set.modes.len();
    let sources = &set.sources;
    let read = |&(tree, mode): &(&Node, usize)| read_one(tree, sources, mode < modes, mode, opts);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(2)
        .min(trees.len());
    let big = sources.files.iter().map(|f| f.text().len()).sum::<usize>() >= PARALLEL_MIN_TEXT;
    let parts: Vec<Part> = if threads <= 1 || !big {
        trees.iter().map(read).collect()
    } else {
        on_threads(trees.len(), threads, |i| trees.get(i).map(read))
            .into_iter()
            .map(|p| p.flatten().unwrap_or_default())
            .collect()
    };
    for (part, &(_, mode)) in parts.into_iter().zip(trees) {
        join(part, mode, set, diags);
    }
}

/// One tree read by [`read_made`]: the warnings found while building it, and its part.
type ReadPart = (Vec<Diagnostic>, Part);

/// Trees that were built, read and freed on worker threads by [`read_made`], waiting to
/// join the set.
pub(crate) struct Made {
    parts: Vec<Part>,
}

impl Made {
    /// Adds the parts to `set` as [`read_trees`] does: in order, part `i` into `modes[i]`.
    pub(crate) fn join(self, modes: &[usize], set: &mut TokenSet, diags: &mut Diagnostics) {
        for (part, &mode) in self.parts.into_iter().zip(modes) {
            join(part, mode, set, diags);
        }
    }
}

/// [`read_trees`] for trees that do not exist yet: `make(i)` builds tree `i` (with the
/// warnings found while building it) on the worker thread that then reads it into mode
/// `modes[i]` and frees it. At most one tree per thread is alive at a time, and each is
/// freed by the thread that allocated it (no cross-thread frees, no tree waiting in memory
/// for its turn). `text_len` (the size of the texts behind the trees) decides whether
/// threads are worth starting.
///
/// Returns `None` when `make` returns `None` for any tree (the caller then takes its
/// general path); otherwise each tree's warnings (in tree order) and the parts, for
/// [`Made::join`]. `sources` is only read.
pub(crate) fn read_made<'t, F>(
    modes: &[usize],
    sources: &SourceMap,
    text_len: usize,
    opts: &ParseOptions,
    make: F,
) -> Option<(Vec<Vec<Diagnostic>>, Made)>
where
    F: Fn(usize) -> Option<(Node<'t>, Vec<Diagnostic>)> + Sync,
{
    let failed = AtomicBool::new(false);
    let work = |i: usize| -> Option<ReadPart> {
        if failed.load(Ordering::Relaxed) {
            return None;
        }
        let mode = *modes.get(i)?;
        let Some((tree, warnings)) = make(i) else {
            failed.store(true, Ordering::Relaxed);
            return None;
        };
        let part = read_one(&tree, sources, true, mode, opts);
        drop(tree);
        Some((warnings, part))
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(modes.len());
    let results: Vec<Option<ReadPart>> = if threads <= 1 || text_len < PARALLEL_MIN_TEXT {
        (0..modes.len()).map(work).collect()
    } else {
        on_threads(modes.len(), threads, work)
            .into_iter()
            .map(Option::flatten)
            .collect()
    };
    if failed.load(Ordering::Relaxed) {
        return None;
    }
    let mut warnings = Vec::with_capacity(results.len());
    let mut parts = Vec::with_capacity(results.len());
    for r in results {
        // A missing result (a reader thread died) takes the general path too.
        let (w, part) = r?;
        warnings.push(w);
        parts.push(part);
    }
    Some((warnings, Made { parts }))
}

/// Runs `job(0..count)` on `threads` scoped threads, each taking the next index as it
/// goes; the results in index order (`None` where a thread died before storing its result).
fn on_threads<T: Send>(
    count: usize,
    threads: usize,
    job: impl Fn(usize) -> T + Sync,
) -> Vec<Option<T>> {
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<T>>> = (0..count).map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    break;
                }
                let done = job(i);
                if let Some(slot) = slots.get(i) {
                    *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(done);
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}

/// Adds one part to the set: interns its paths (in its order), moves its tokens into the
/// mode's slots, applies the D-15 fixes against every path known so far.
fn join(part: Part, mode: usize, set: &mut TokenSet, diags: &mut Diagnostics) {
    let Part {
        diags: own,
        sink,
        trimmed,
        read,
    } = part;
    diags.extend(own);
    if !read {
        return;
    }
    let Sink {
        paths,
        groups,
        tokens,
    } = sink;
    if set.groups.is_empty() {
        set.groups = groups;
    } else {
        set.groups.extend(groups);
    }
    let Some(slots) = set.modes.get(mode).map(|m| m.tokens.is_empty()) else {
        return;
    };
    // Local id → global id; `None` when they are the same for every path.
    let map: Option<Vec<TokenId>> = if set.paths.is_empty() {
        set.paths = paths;
        None
    } else if paths.len() <= set.paths.len() && paths.iter().zip(&set.paths).all(|(a, b)| a == b) {
        // The usual case for modes of one system: same paths, same order (no hashing).
        None
    } else {
        let mut identity = true;
        let mut map = Vec::with_capacity(paths.len());
        for (i, p) in paths.into_iter().enumerate() {
            let g = match set.paths.get_index_of(&p) {
                Some(g) => g,
                None => set.paths.insert_full(p).0,
            };
            identity &= g == i;
            map.push(TokenId(u32::try_from(g).unwrap_or(u32::MAX)));
        }
        (!identity).then_some(map)
    };
    let global = |local: TokenId| match &map {
        Some(m) => m.get(local.index()).copied().unwrap_or(local),
        None => local,
    };
    match (&map, slots) {
        (None, true) => {
            if let Some(m) = set.modes.get_mut(mode) {
                m.tokens = tokens;
            }
        }
        _ => {
            for (i, token) in tokens.into_iter().enumerate() {
                if let Some(token) = token {
                    let id = global(TokenId(u32::try_from(i).unwrap_or(u32::MAX)));
                    set.insert(mode, id, token);
                }
            }
        }
    }
    let trimmed: Vec<TokenId> = trimmed.into_iter().map(global).collect();
    fix_trimmed_references(set, mode, &trimmed, diags);
}

#[cfg(test)]
mod tests {
    use super::super::{json, read_tree, ParseOptions};
    use super::read_trees;
    use crate::error::Diagnostics;
    use crate::model::TokenSet;

    /// A document of `n` colour tokens under `prefix`, plus `extra` members verbatim.
    fn doc(prefix: &str, n: usize, extra: &str) -> String {
        let mut s = format!("{{ {extra} \"{prefix}\": {{ \"$type\": \"color\"");
        for i in 0..n {
            s.push_str(&format!(
                ", \"c{i}\": {{ \"$value\": \"#0000{:02x}\" }}",
                i % 256
            ));
        }
        s.push_str(" } }");
        s
    }

    fn texts() -> Vec<String> {
        vec![
            doc("a", 3000, r#""only0": { "$type": "number", "$value": 1 },"#),
            doc(
                "b",
                3000,
                r#""x": { "$type": "string", "$value": "{ only0 }" }, "bad": 3,"#,
            ),
            doc("a", 10, r#""y": { "$value": "{a.c1}" },"#),
        ]
    }

    fn read(parallel: bool) -> (TokenSet, Diagnostics) {
        let texts = texts();
        let mut set = TokenSet::default();
        let limits = json::Limits::default();
        let mut trees = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            let file = set.sources.add(format!("m{i}.json"), t);
            trees.push(json::parse(t, file, &limits).expect("valid JSON"));
        }
        let mut diags = Diagnostics::new();
        let opts = ParseOptions::default();
        let pairs: Vec<_> = trees.iter().map(|t| (t, set.add_mode("m"))).collect();
        // One more pair for a mode that does not exist.
        let mut pairs = pairs;
        pairs.push((&trees[0], 9));
        if parallel {
            read_trees(&pairs, &mut set, &opts, &mut diags);
        } else {
            for (t, m) in pairs {
                read_tree(t, &mut set, m, &opts, &mut diags);
            }
        }
        (set, diags)
    }

    #[test]
    fn parallel_reading_equals_reading_one_tree_after_the_other() {
        let (a, da) = read(true);
        let (b, db) = read(false);
        assert!(texts().iter().map(String::len).sum::<usize>() >= super::PARALLEL_MIN_TEXT);
        assert_eq!(a.paths, b.paths);
        assert_eq!(a.modes, b.modes);
        let mut ga: Vec<_> = a.groups.iter().collect();
        let mut gb: Vec<_> = b.groups.iter().collect();
        ga.sort();
        gb.sort();
        assert_eq!(ga, gb);
        assert_eq!(da, db);
        // The D-15 fix in mode 1 sees the path read in mode 0.
        let codes: Vec<_> = da.items.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                "W-TYPE-NONSTANDARD",
                "E-NOT-OBJECT",
                "W-REF-TRIMMED",
                "E-MODE"
            ]
        );
        // Mode 2's paths `a.c0`… are the ids of mode 0, `y` is new.
        assert_eq!(a.modes[2].tokens.len(), a.paths.len());
        assert_eq!(a.path(crate::model::TokenId(a.paths.len() as u32 - 1)), "y");
    }
}
