//! E1/E2: exports, with an `ETag`, `If-None-Match` → 304, and a cache of rendered
//! bodies keyed by (tokenset, mode, format) and checked against the tokenset's
//! `revision`, which every write to the tokenset, its modes or its tokens bumps.
//!
//! Behind the body cache sits a small cache of compiled tokensets (read and resolved,
//! keyed by tokenset and checked against the revision the same way), so exporting another
//! format or mode of an unchanged tokenset only runs the emitter.
//!
//! Rendering goes through [`render`], the one adapter between the API and the output
//! formats, so switching formats to the compiler's emitters is a local change.

pub(crate) mod render;

use super::auth::Op;
use super::clock::hex;
use super::error::{ApiError, Missing};
use super::handlers::{mode_of, visible_tokenset, Ctx};
use super::http::Response;
use super::router::query_param;
use crate::parse::tokencraft::{ModeRows, TokenRow};
use render::Compiled;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// One rendered export.
#[derive(Debug)]
pub(crate) struct Rendered {
    revision: u64,
    etag: String,
    content_type: String,
    filename: String,
    body: Arc<[u8]>,
}

impl Rendered {
    /// A rendered body with its strong `ETag` (the first 128 bits of its SHA-256).
    pub(crate) fn new(
        revision: u64,
        spec: &render::FormatSpec,
        filename: String,
        body: Vec<u8>,
    ) -> Self {
        let etag = format!("\"{}\"", &hex(&Sha256::digest(&body))[..32]);
        Rendered {
            revision,
            etag,
            content_type: spec.content_type.clone(),
            filename,
            body: Arc::from(body),
        }
    }
}

/// Cache key: (tokenset id — or, for an environment export, `release <id> <tokenset id>` —,
/// mode, format).
pub(crate) type Key = (String, Option<String>, String);

/// Most compiled tokensets kept (each holds the whole token set and its resolution, so far
/// fewer than rendered bodies).
const COMPILED_ENTRIES: usize = 8;

/// Rendered exports by (tokenset id, mode id, format), and compiled tokensets by tokenset
/// id.
pub(crate) struct ExportCache {
    max: usize,
    entries: Mutex<HashMap<Key, Arc<Rendered>>>,
    compiled: Mutex<HashMap<String, (u64, Arc<Compiled>)>>,
}

impl ExportCache {
    /// A cache holding up to `max` bodies and a few compiled tokensets (0 disables both).
    pub fn new(max: usize) -> Self {
        ExportCache {
            max,
            entries: Mutex::new(HashMap::new()),
            compiled: Mutex::new(HashMap::new()),
        }
    }

    fn get_compiled(&self, tokenset: &str, revision: u64) -> Option<Arc<Compiled>> {
        let map = self.compiled.lock().unwrap_or_else(|e| e.into_inner());
        map.get(tokenset)
            .filter(|(r, _)| *r == revision)
            .map(|(_, c)| Arc::clone(c))
    }

    fn put_compiled(&self, tokenset: &str, revision: u64, value: Arc<Compiled>) {
        let max = self.max.min(COMPILED_ENTRIES);
        if max == 0 {
            return;
        }
        let mut map = self.compiled.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= max && !map.contains_key(tokenset) {
            map.clear();
        }
        map.insert(tokenset.to_owned(), (revision, value));
    }

    pub(crate) fn get(&self, key: &Key, revision: u64) -> Option<Arc<Rendered>> {
        let map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key).filter(|r| r.revision == revision).cloned()
    }

    /// Keeps a freshly rendered export under `key` and returns it, shared with the cache.
    pub(crate) fn keep(&self, key: Key, rendered: Rendered) -> Arc<Rendered> {
        let r = Arc::new(rendered);
        self.put(key, Arc::clone(&r));
        r
    }

    fn put(&self, key: Key, value: Arc<Rendered>) {
        if self.max == 0 {
            return;
        }
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= self.max && !map.contains_key(&key) {
            // Full: start over. Simple, bounded, and a miss only costs one render.
            map.clear();
        }
        map.insert(key, value);
    }
}

/// Where a cache miss renders from: the compiled tokenset of this revision, or the rows
/// to compile it from.
enum Source {
    Compiled(Arc<Compiled>),
    Rows(Vec<ModeRows>),
}

/// Everything a cache miss needs once the store is released.
struct Miss {
    key: Key,
    revision: u64,
    spec: render::FormatSpec,
    source: Source,
    selected: Option<usize>,
    filename: String,
}

/// `tokens`, `my-colors`: lower-case ASCII letters, digits, `-` and `.`; spaces and
/// underscores become `-`; other characters are dropped.
pub(crate) fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .filter_map(|c| match c {
            ' ' | '_' | '-' => Some('-'),
            c if c.is_ascii_alphanumeric() || c == '.' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect();
    if s.is_empty() {
        "tokens".into()
    } else {
        s
    }
}

/// Whether `If-None-Match` matches an ETag (`*`, a list, weak or strong).
fn etag_matches(header: &str, etag: &str) -> bool {
    header
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag)
}

/// E1 (`single == false`) and E2.
pub(crate) fn handle(cx: &Ctx, single: bool) -> Result<Response, ApiError> {
    let format = query_param(&cx.req.query, "format").unwrap_or_else(|| "json".into());
    let format = format.trim().to_owned();
    // Resolve access, then either hit the cache or collect the data, in one read.
    let found = cx.read(|tx| {
        let (ts, access) = visible_tokenset(tx, cx.caller, cx.param(0))?;
        let mode = if single {
            Some(mode_of(tx, ts, cx.param(1))?)
        } else {
            None
        };
        access.check(Op::Export, Missing::Tokenset)?;
        let Some(spec) = render::format(&format) else {
            return Err(ApiError::bad_request(format!(
                "Invalid format '{format}'. Must be one of: {}",
                render::format_names().join(", ")
            )));
        };
        let key: Key = (
            ts.id.clone(),
            mode.map(|m| m.id.clone()),
            spec.name.to_owned(),
        );
        if let Some(hit) = cx.api.cache.get(&key, ts.revision) {
            return Ok(Err(hit));
        }
        let all = tx.modes(&ts.id);
        let selected = mode.and_then(|m| all.iter().position(|x| x.id == m.id));
        let filename = match mode {
            Some(mode) => format!("{}-{}.{}", slug(&ts.name), slug(&mode.name), spec.extension),
            None => format!("{}.{}", slug(&ts.name), spec.extension),
        };
        let source = match cx.api.cache.get_compiled(&ts.id, ts.revision) {
            Some(compiled) => Source::Compiled(compiled),
            None => Source::Rows(
                all.iter()
                    .map(|m| ModeRows {
                        name: m.name.clone(),
                        is_default: m.is_default,
                        tokens: tx.tokens(&m.id).into_iter().map(TokenRow::from).collect(),
                    })
                    .collect(),
            ),
        };
        Ok(Ok(Miss {
            key,
            revision: ts.revision,
            spec,
            source,
            selected,
            filename,
        }))
    })?;
    let rendered = match found {
        Err(hit) => hit,
        Ok(miss) => {
            let compiled = match miss.source {
                Source::Compiled(c) => c,
                Source::Rows(rows) => {
                    let c = Arc::new(render::compile(&rows));
                    cx.api
                        .cache
                        .put_compiled(&miss.key.0, miss.revision, Arc::clone(&c));
                    c
                }
            };
            let body = render::render_compiled(&miss.spec, &compiled, miss.selected)?.into_bytes();
            let rendered = Rendered::new(miss.revision, &miss.spec, miss.filename, body);
            cx.api.cache.keep(miss.key, rendered)
        }
    };
    Ok(respond(cx, &rendered))
}

/// The response for a rendered export: `304` when `If-None-Match` matches its `ETag`,
/// otherwise `200` with the body; both carry the `ETag`.
pub(crate) fn respond(cx: &Ctx, rendered: &Rendered) -> Response {
    let not_modified = cx
        .req
        .header_value("if-none-match")
        .is_some_and(|h| etag_matches(h, &rendered.etag));
    let mut resp = if not_modified {
        Response::new(304)
    } else {
        let mut r = Response::new(200);
        r.set_header("Content-Type", rendered.content_type.clone());
        r.set_header(
            "Content-Disposition",
            format!("attachment; filename=\"{}\"", rendered.filename),
        );
        r.body = Arc::clone(&rendered.body).into();
        r
    };
    resp.set_header("ETag", rendered.etag.clone());
    resp.set_header("Cache-Control", "private, no-cache");
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_etags() {
        assert_eq!(slug("High Contrast_2"), "high-contrast-2");
        assert_eq!(slug("\"; rm"), "-rm");
        assert_eq!(slug("ÉÉ"), "tokens");
        assert!(etag_matches("\"a\", W/\"b\"", "\"b\""));
        assert!(etag_matches("*", "\"x\""));
        assert!(!etag_matches("\"a\"", "\"b\""));
    }

    fn compiled(name: &str) -> Arc<Compiled> {
        let rows = [ModeRows {
            name: name.into(),
            is_default: true,
            tokens: Vec::new(),
        }];
        Arc::new(render::compile(&rows))
    }

    #[test]
    fn compiled_tokensets_are_kept_per_revision_and_bounded() {
        let cache = ExportCache::new(256);
        cache.put_compiled("ts1", 3, compiled("Light"));
        let hit = cache
            .get_compiled("ts1", 3)
            .map(|c| c.set.modes[0].name.clone());
        assert_eq!(hit.as_deref(), Some("Light"));
        // Another revision of the same tokenset is a miss, and replaces the entry.
        assert!(cache.get_compiled("ts1", 4).is_none());
        cache.put_compiled("ts1", 4, compiled("Dark"));
        assert!(cache.get_compiled("ts1", 3).is_none());
        for i in 0..COMPILED_ENTRIES + 1 {
            cache.put_compiled(&format!("other{i}"), 1, compiled("M"));
        }
        let kept = cache.compiled.lock().map(|m| m.len()).unwrap_or(0);
        assert!(kept <= COMPILED_ENTRIES, "{kept}");
        // A disabled cache keeps nothing.
        let off = ExportCache::new(0);
        off.put_compiled("ts1", 1, compiled("Light"));
        assert!(off.get_compiled("ts1", 1).is_none());
    }
}
