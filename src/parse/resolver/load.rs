//! Loading a resolver document: structure checks (R-4…R-27) and reference objects
//! resolved into sets, modifiers and token-file sources.

use super::{parse_document, Modifier, Resolver, ResolverOptions, Step, TokenFile};
use crate::error::{Diagnostic, Diagnostics};
use crate::model::{SourceFile, SourceMap, Span};
use crate::parse::json::{Member, Node};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

mod defs;
mod sources;

/// Longest chain of reference objects followed before giving up.
const MAX_REF_DEPTH: usize = 64;

/// Top-level keys of a resolver document (TR-R §4.1, plus `$schema` and `$defs`).
const ROOT_KEYS: &[&str] = &[
    "name",
    "version",
    "description",
    "sets",
    "modifiers",
    "resolutionOrder",
    "$schema",
    "$defs",
];

/// Loads the resolver document at `path`: reads it and every document and token file it
/// references (relative paths are resolved from the referencing document's folder),
/// registers each in `sources`, and checks the structure. Errors are returned all
/// together; warnings (tolerated deviations, unused sets) go to `warnings`.
pub fn load(
    path: &Path,
    sources: &mut SourceMap,
    opts: &ResolverOptions,
    warnings: &mut Diagnostics,
) -> Result<Resolver, Diagnostics> {
    let mut l = Loader {
        opts,
        sources,
        warnings,
        errors: Diagnostics::new(),
        docs: Vec::new(),
        doc_ids: HashMap::new(),
        files: Vec::new(),
        file_ids: HashMap::new(),
        modifiers: Vec::new(),
        used: HashSet::new(),
    };
    let Some(main) = l.load_doc(path, Span::NONE) else {
        return Err(l.errors);
    };
    let name = l.check_root(&main);
    let mut steps = l.order(&main);
    if opts.include_unused_sets {
        let unused = l.unused_sets(&main);
        steps.splice(0..0, unused);
    }
    if main.root.get("resolutionOrder").is_some() {
        l.warn_unused(&main);
    }
    let files = l.read_files();
    if l.errors.has_errors() {
        return Err(l.errors);
    }
    let modifiers = l.modifiers.into_iter().map(|(_, m)| m).collect();
    Ok(Resolver {
        name,
        files,
        steps,
        modifiers,
        opts: opts.clone(),
    })
}

/// A JSON document holding resolver structures (the resolver itself, or one referenced
/// with a `#/sets/…` fragment).
struct Doc {
    index: usize,
    dir: PathBuf,
    root: Node<'static>,
}

struct Loader<'o, 's, 'w> {
    opts: &'o ResolverOptions,
    sources: &'s mut SourceMap,
    warnings: &'w mut Diagnostics,
    errors: Diagnostics,
    docs: Vec<Rc<Doc>>,
    doc_ids: HashMap<PathBuf, usize>,
    /// Token files to read: path, display name, first reference to it.
    files: Vec<(PathBuf, String, Span)>,
    file_ids: HashMap<PathBuf, usize>,
    /// Modifiers by identity (document, pointer); the input key is the name.
    modifiers: Vec<((usize, Vec<String>), Modifier)>,
    /// `(document, "sets"|"modifiers", name)` reached from `resolutionOrder`.
    used: HashSet<(usize, String, String)>,
}

/// Reads a UTF-8 file, refusing one larger than `max_bytes` before reading it, and
/// anything but a regular file (a device such as `/dev/zero` or a FIFO would be read
/// forever or block).
fn read_limited(path: &Path, display: &str, max_bytes: usize) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read `{display}`: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "cannot read `{display}`: it is not a regular file (a folder, device or pipe); name a JSON file"
        ));
    }
    let len = meta.len();
    if len > max_bytes as u64 {
        return Err(format!(
            "cannot read `{display}`: it is {len} bytes, larger than the limit of {max_bytes} bytes"
        ));
    }
    // The file may grow between the two calls: read at most one byte past the limit. The
    // buffer is sized from the metadata (`take` hides the size hint, so reading into an
    // empty string would grow it by doubling: a copy and fresh pages at every step).
    let mut text = String::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    std::fs::File::open(path)
        .and_then(|f| {
            std::io::Read::read_to_string(
                &mut std::io::Read::take(f, max_bytes as u64 + 1),
                &mut text,
            )
        })
        .map_err(|e| format!("cannot read `{display}`: {e}"))?;
    if text.len() > max_bytes {
        return Err(format!(
            "cannot read `{display}`: it is larger than the limit of {max_bytes} bytes"
        ));
    }
    Ok(text)
}

/// Lexically removes `.` components so messages show `dir/light.json`, not `dir/./light.json`.
fn tidy(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

fn list(names: impl Iterator<Item = String>) -> String {
    let names: Vec<String> = names.map(|n| format!("`{n}`")).collect();
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

impl Loader<'_, '_, '_> {
    fn error(&mut self, code: &'static str, message: String, span: Span, help: &str) {
        let d = Diagnostic::error(code, message)
            .at(self.sources.locate(span))
            .help(help);
        self.errors.push(d);
    }

    /// A warning (`W-…`) in tolerant mode, an error (`E-…`) in strict mode.
    fn deviation(
        &mut self,
        codes: (&'static str, &'static str),
        message: String,
        span: Span,
        help: &str,
    ) {
        let d = if self.opts.strict {
            Diagnostic::error(codes.0, message)
        } else {
            Diagnostic::warning(codes.1, message)
        };
        self.push_located(d, span, help);
    }

    fn warn(&mut self, code: &'static str, message: String, span: Span, help: &str) {
        self.push_located(Diagnostic::warning(code, message), span, help);
    }

    fn push_located(&mut self, d: Diagnostic, span: Span, help: &str) {
        let d = d.at(self.sources.locate(span)).help(help);
        if d.is_error() {
            self.errors.push(d);
        } else {
            self.warnings.push(d);
        }
    }

    /// Reads and parses a structure document once.
    fn load_doc(&mut self, path: &Path, from: Span) -> Option<Rc<Doc>> {
        let path = tidy(path);
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if let Some(&i) = self.doc_ids.get(&key) {
            return self.docs.get(i).cloned();
        }
        let display = path.display().to_string();
        let text = match read_limited(&path, &display, self.opts.limits.max_bytes) {
            Ok(t) => t,
            Err(message) => {
                self.error(
                    "E-RES-IO",
                    message,
                    from,
                    "check the path; relative references are resolved from the folder of the document that contains them",
                );
                return None;
            }
        };
        let file = self.sources.add(display.as_str(), &text);
        let mut w = Vec::new();
        let parsed =
            parse_document(&text, file, self.opts, self.sources, &mut w).map(Node::into_owned);
        self.warnings.items.extend(w);
        let root = match parsed {
            Ok(root) => root,
            Err(d) => {
                self.errors.push(d);
                return None;
            }
        };
        let doc = Rc::new(Doc {
            index: self.docs.len(),
            dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
            root,
        });
        self.doc_ids.insert(key, doc.index);
        self.docs.push(Rc::clone(&doc));
        Some(doc)
    }

    /// Root checks: object, known keys, `version`, types of `sets`/`modifiers`. Returns `name`.
    fn check_root(&mut self, doc: &Doc) -> Option<String> {
        let root = &doc.root;
        let Some(members) = root.members() else {
            self.error(
                "E-RES-ROOT",
                format!(
                    "a resolver document must be a JSON object, found {}",
                    root.type_name()
                ),
                root.span,
                "write the resolver as an object with `version` and `resolutionOrder`",
            );
            return None;
        };
        for m in members {
            if !ROOT_KEYS.contains(&m.key.as_ref()) {
                self.deviation(
                    ("E-RES-UNKNOWN-KEY", "W-RES-UNKNOWN-KEY"),
                    format!("unknown key `{}` in the resolver document", m.key),
                    m.key_span,
                    "the root allows name, version, description, sets, modifiers, resolutionOrder, $schema and $defs",
                );
            }
        }
        match root.get("version") {
            None => {
                let d = format!(
                    "the resolver document has no `version` (DTCG deviation D-14){}",
                    if self.opts.strict {
                        ""
                    } else {
                        "; assuming \"2025.10\""
                    }
                );
                self.deviation(
                    ("E-RES-VERSION", "W-RES-VERSION"),
                    d,
                    root.span,
                    "add \"version\": \"2025.10\"",
                );
            }
            Some(v) if v.as_str() == Some("2025.10") => {}
            Some(v) => {
                let found = v
                    .as_str()
                    .map_or_else(|| v.type_name().to_string(), |s| format!("\"{s}\""));
                self.error(
                    "E-RES-VERSION",
                    format!("unsupported resolver version {found}; this tool reads \"2025.10\""),
                    v.span,
                    "set \"version\": \"2025.10\" if the document follows DTCG 2025.10",
                );
            }
        }
        for key in ["sets", "modifiers"] {
            if let Some(v) = root.get(key) {
                if v.members().is_none() {
                    self.error(
                        "E-RES-ROOT",
                        format!(
                            "`{key}` must be an object of name → definition, found {}",
                            v.type_name()
                        ),
                        v.span,
                        "write it as an object keyed by name",
                    );
                }
            }
        }
        for key in ["name", "description"] {
            if let Some(v) = root.get(key).filter(|v| v.as_str().is_none()) {
                self.error(
                    "E-RES-ROOT",
                    format!("`{key}` must be a string, found {}", v.type_name()),
                    v.span,
                    "write it as a string",
                );
            }
        }
        root.get("name").and_then(Node::as_str).map(str::to_string)
    }

    /// `resolutionOrder` → steps (R-5, R-14…R-17).
    fn order(&mut self, doc: &Rc<Doc>) -> Vec<Step> {
        let root = &doc.root;
        let Some(order) = root.get("resolutionOrder") else {
            if root.members().is_some() {
                self.error(
                    "E-RES-ORDER-MISSING",
                    "the resolver document has no `resolutionOrder`".to_string(),
                    root.span,
                    "add \"resolutionOrder\": [{\"$ref\": \"#/sets/…\"}, …] listing the sets and modifiers in merge order",
                );
            }
            return Vec::new();
        };
        let Some(items) = order.items() else {
            self.error(
                "E-RES-ORDER-MISSING",
                format!(
                    "`resolutionOrder` must be an array, found {}",
                    order.type_name()
                ),
                order.span,
                "list the sets and modifiers in merge order: [{\"$ref\": \"#/sets/…\"}, …]",
            );
            return Vec::new();
        };
        if items.is_empty() {
            self.warn(
                "W-RES-ORDER-EMPTY",
                "`resolutionOrder` is empty, so every permutation is an empty token tree"
                    .to_string(),
                order.span,
                "reference the sets and modifiers to merge",
            );
        }
        let mut steps = Vec::new();
        // Names of inline items, and of referenced items, for duplicate checks.
        let mut inline_names: HashMap<String, Span> = HashMap::new();
        let mut ref_names: HashSet<String> = HashSet::new();
        for (i, item) in items.iter().enumerate() {
            let loc = vec!["resolutionOrder".to_string(), i.to_string()];
            if item.members().is_none() {
                self.error(
                    "E-RES-ORDER-ITEM",
                    format!(
                        "`resolutionOrder` item {i} must be a reference object or an inline set or modifier, found {}",
                        item.type_name()
                    ),
                    item.span,
                    "write {\"$ref\": \"#/sets/name\"}, or an object with name, type and sources/contexts",
                );
                continue;
            }
            if item.get("$ref").is_some() {
                if let Some((step, name)) = self.order_ref(doc, item, &loc) {
                    if let Some(span) = inline_names.get(&name) {
                        let span = *span;
                        self.duplicate_name(&name, span);
                    }
                    ref_names.insert(name);
                    steps.push(step);
                }
                continue;
            }
            // Inline item.
            let name = item.get("name").and_then(Node::as_str);
            let kind = item.get("type").and_then(Node::as_str);
            let (Some(name), Some(kind)) = (name, kind) else {
                let missing = match (name, kind) {
                    (None, None) => "`name` and `type`",
                    (None, _) => "`name`",
                    _ => "`type`",
                };
                self.error(
                    "E-RES-INLINE",
                    format!("inline `resolutionOrder` item {i} has no {missing} (as a string)"),
                    item.span,
                    "an inline item needs \"name\": \"…\" (unique in resolutionOrder) and \"type\": \"set\" or \"modifier\"",
                );
                continue;
            };
            if inline_names.contains_key(name) || ref_names.contains(name) {
                self.duplicate_name(name, item.span);
                continue;
            }
            inline_names.insert(name.to_string(), item.span);
            match kind {
                "set" => {
                    if let Some(s) = self.set(doc, item, &loc, name, true, 0, &mut Vec::new()) {
                        steps.push(Step::Set(s));
                    }
                }
                "modifier" => {
                    if let Some(m) = self.modifier(doc, item, &loc, name, true) {
                        steps.push(Step::Modifier(m));
                    }
                }
                other => self.error(
                    "E-RES-INLINE",
                    format!("inline item `{name}` has type \"{other}\"; expected \"set\" or \"modifier\""),
                    item.get("type").map_or(item.span, |t| t.span),
                    "use \"type\": \"set\" (with sources) or \"type\": \"modifier\" (with contexts)",
                ),
            }
        }
        steps
    }

    fn duplicate_name(&mut self, name: &str, span: Span) {
        self.error(
            "E-RES-INLINE",
            format!("the name `{name}` is used by more than one `resolutionOrder` item"),
            span,
            "give every inline item a name unique among all resolutionOrder items",
        );
    }

    /// A `{"$ref": …}` item of `resolutionOrder`: a set or a modifier. Returns the step and
    /// the item's name.
    fn order_ref(
        &mut self,
        doc: &Rc<Doc>,
        item: &Node<'static>,
        loc: &[String],
    ) -> Option<(Step, String)> {
        let r = item.get("$ref")?;
        let Some(raw) = r.as_str() else {
            self.error(
                "E-RES-REF-INVALID",
                format!("`$ref` must be a string, found {}", r.type_name()),
                r.span,
                "write the reference as a string: {\"$ref\": \"#/sets/name\"}",
            );
            return None;
        };
        let target = self.split(raw, r.span)?;
        let (tdoc, pointer, node) = self.follow(doc, item, raw, target, loc, true, &[])?;
        let name = pointer
            .last()
            .cloned()
            .unwrap_or_else(|| "document".to_string());
        let is_set = match pointer.first().map(String::as_str) {
            Some("sets") if pointer.len() == 2 => true,
            Some("modifiers") if pointer.len() == 2 => false,
            _ if node.get("contexts").is_some() => false,
            _ if node.get("sources").is_some() => true,
            _ => {
                self.error(
                    "E-RES-REF-INVALID",
                    format!("`resolutionOrder` reference `{raw}` points at neither a set nor a modifier"),
                    item.span,
                    "reference a set (#/sets/name) or a modifier (#/modifiers/name)",
                );
                return None;
            }
        };
        if is_set {
            let mut stack = vec![(tdoc.index, pointer.clone())];
            let sources = self.set(&tdoc, &node, &pointer, &name, false, 1, &mut stack)?;
            Some((Step::Set(sources), name))
        } else {
            // The same modifier listed twice shares one input.
            let identity = (tdoc.index, pointer.clone());
            let overridden = item.members().is_some_and(|m| m.len() > 1);
            if !overridden {
                if let Some(i) = self.modifiers.iter().position(|(id, _)| *id == identity) {
                    return Some((Step::Modifier(i), name));
                }
            }
            let m = self.modifier(&tdoc, &node, &pointer, &name, false)?;
            Some((Step::Modifier(m), name))
        }
    }

    /// Registers a token file (read later, once).
    fn register_file(&mut self, path: &Path, from: Span) -> usize {
        let path = tidy(path);
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if let Some(&i) = self.file_ids.get(&key) {
            return i;
        }
        let display = path.display().to_string();
        self.files.push((path, display, from));
        self.file_ids.insert(key, self.files.len() - 1);
        self.files.len() - 1
    }

    /// Warns about sets and modifiers of the main document that nothing uses (D-13).
    /// With [`ResolverOptions::include_unused_sets`]: the sets `resolutionOrder` does not
    /// reach, as steps merged before everything else (so any listed item overrides them),
    /// each with a warning (DTCG deviation D-13).
    fn unused_sets(&mut self, doc: &Rc<Doc>) -> Vec<Step> {
        let Some(members) = doc.root.get("sets").and_then(Node::members) else {
            return Vec::new();
        };
        let mut steps = Vec::new();
        for m in members {
            let key = (doc.index, "sets".to_string(), m.key.to_string());
            if self.used.contains(&key) {
                continue;
            }
            let pointer = vec!["sets".to_string(), m.key.to_string()];
            let mut stack = vec![(doc.index, pointer.clone())];
            if let Some(sources) = self.set(doc, &m.value, &pointer, &m.key, false, 1, &mut stack) {
                self.warn(
                    "W-RES-UNUSED-INCLUDED",
                    format!(
                        "set `{}` is not in resolutionOrder; it is merged first in every permutation because unused sets are included (DTCG deviation D-13)",
                        m.key
                    ),
                    m.key_span,
                    &format!("add {{\"$ref\": \"#/sets/{}\"}} to resolutionOrder to make this explicit", m.key),
                );
                steps.push(Step::Set(sources));
            }
            self.used.insert(key);
        }
        steps
    }

    fn warn_unused(&mut self, doc: &Doc) {
        for kind in ["sets", "modifiers"] {
            let Some(members) = doc.root.get(kind).and_then(Node::members) else {
                continue;
            };
            for m in members {
                if self
                    .used
                    .contains(&(doc.index, kind.to_string(), m.key.to_string()))
                {
                    continue;
                }
                let what = if kind == "sets" { "set" } else { "modifier" };
                self.warn(
                    "W-RES-UNUSED",
                    format!("{what} `{}` is defined but never used, so its tokens are in no permutation (DTCG deviation D-13)", m.key),
                    m.key_span,
                    &format!("add {{\"$ref\": \"#/{kind}/{}\"}} to resolutionOrder, or remove it", m.key),
                );
            }
        }
    }

    /// Reads every registered token file (in parallel) and registers it in the source map.
    fn read_files(&mut self) -> Vec<TokenFile> {
        let files = std::mem::take(&mut self.files);
        let max_bytes = self.opts.limits.max_bytes;
        let read =
            |(path, display, _): &(PathBuf, String, Span)| -> Result<(Arc<str>, SourceFile), String> {
                let text: Arc<str> = Arc::from(read_limited(path, display, max_bytes)?);
                let file = SourceFile::shared(display.as_str(), Arc::clone(&text));
                Ok((text, file))
            };
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(files.len())
            .max(1);
        let chunk = files.len().div_ceil(workers).max(1);
        let results: Vec<Result<(Arc<str>, SourceFile), String>> = if workers <= 1 {
            files.iter().map(read).collect()
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> = files
                    .chunks(chunk)
                    .map(|c| {
                        (
                            c.len(),
                            s.spawn(move || c.iter().map(read).collect::<Vec<_>>()),
                        )
                    })
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|(n, h)| {
                        // Keep one result per file even if a reader thread died.
                        h.join().unwrap_or_else(|_| {
                            vec![Err("internal error while reading".to_string()); n]
                        })
                    })
                    .collect()
            })
        };
        let mut out = Vec::with_capacity(files.len());
        for ((_, display, from), r) in files.iter().zip(results) {
            match r {
                Ok((text, file)) => {
                    self.sources.files.push(file);
                    let file_id = (self.sources.files.len() - 1) as u32;
                    out.push(TokenFile {
                        display: display.clone(),
                        text,
                        file_id,
                    });
                }
                Err(message) => {
                    self.error(
                        "E-RES-IO",
                        message,
                        *from,
                        "check the path; relative references are resolved from the folder of the document that contains them",
                    );
                    out.push(TokenFile {
                        display: display.clone(),
                        text: Arc::from(""),
                        file_id: u32::MAX,
                    });
                }
            }
        }
        out
    }
}

/// The members beside `$ref`.
pub(super) fn overrides(item: &Node<'static>) -> Vec<Member<'static>> {
    item.members()
        .unwrap_or_default()
        .iter()
        .filter(|m| m.key != "$ref")
        .cloned()
        .collect()
}
