//! The API's JSON export (spec §4.3) read back into a token set.

use crate::error::{Diagnostic, Diagnostics};
use crate::model::{Deprecated, Span, Token, TokenSet, TokenType, TypeSource};
use crate::parse::dtcg::{article, value_with_aliases, ParseOptions};
use crate::parse::json::{self, Kind, Node};

/// Reads the API's JSON export: a tree split on the dots of token names whose leaves are
/// objects with `value` and `type` (and optionally `description`). With a top-level
/// `$modes` object, each member is one mode (the first is the default); otherwise the
/// document is one mode named `default`. The text is registered in `set.sources` as
/// `export.json`, so diagnostics carry line:column.
pub fn from_export_json(text: &str, opts: &ParseOptions) -> (TokenSet, Diagnostics) {
    let mut set = TokenSet::default();
    let mut diags = Diagnostics::new();
    let file = set.sources.add("export.json", text);
    let root = match json::parse(text, file, &opts.limits) {
        Ok(root) => root,
        Err(e) => {
            diags.push(
                Diagnostic::error("E-JSON", e.message.clone())
                    .at(set.sources.locate(e.span))
                    .help("the export must be one JSON object"),
            );
            return (set, diags);
        }
    };
    let mut reader = ExportReader {
        set: &mut set,
        diags: &mut diags,
        path: String::new(),
        mode_name: String::new(),
        multi: root.get("$modes").is_some(),
    };
    match root.get("$modes") {
        Some(modes) => match modes.members() {
            Some(members) => {
                for m in members {
                    let mode = reader.set.add_mode(m.key.to_string());
                    reader.path.clear();
                    reader.mode_name = m.key.to_string();
                    reader.group(&m.value, mode, 0);
                }
                if let Some(extra) = root
                    .members()
                    .and_then(|ms| ms.iter().find(|m| m.key != "$modes"))
                {
                    let at = reader.set.sources.locate(extra.key_span);
                    reader.diags.push(
                        Diagnostic::warning(
                            "W-UNKNOWN-PROPERTY",
                            format!("`{}` next to `$modes` is ignored", extra.key),
                        )
                        .at(at)
                        .help("put tokens inside a mode under `$modes`"),
                    );
                }
            }
            None => {
                let at = reader.set.sources.locate(modes.span);
                reader.diags.push(
                    Diagnostic::error(
                        "E-NOT-OBJECT",
                        format!("`$modes` is {}, but must be an object", article(modes)),
                    )
                    .at(at)
                    .help("write `\"$modes\": { \"light\": { … }, \"dark\": { … } }`"),
                );
            }
        },
        None => {
            let mode = reader.set.add_mode("default");
            reader.mode_name = "default".into();
            reader.group(&root, mode, 0);
        }
    }
    (set, diags)
}

struct ExportReader<'s> {
    set: &'s mut TokenSet,
    diags: &'s mut Diagnostics,
    /// Dot path of the current group or token (one reused buffer).
    path: String,
    /// The mode being read.
    mode_name: String,
    /// Whether the export has `$modes` (diagnostics then name the mode).
    multi: bool,
}

impl ExportReader<'_> {
    fn error(&mut self, code: &'static str, span: Span, msg: String, help: &str) {
        let at = self.set.sources.locate(span);
        let d = Diagnostic::error(code, msg).at(at).help(help.to_owned());
        let d = if self.multi {
            d.mode(self.mode_name.clone())
        } else {
            d
        };
        self.diags.push(d);
    }

    fn group(&mut self, node: &Node, mode: usize, depth: usize) {
        let Some(members) = node.members() else {
            let msg = if self.path.is_empty() {
                format!(
                    "mode `{}` is {}, but must be an object",
                    self.mode_name,
                    article(node)
                )
            } else {
                format!(
                    "`{}` is {}, but must be an object",
                    self.path,
                    article(node)
                )
            };
            self.error(
                "E-NOT-OBJECT",
                node.span,
                msg,
                "groups are objects; tokens are objects with `value` and `type`",
            );
            return;
        };
        if depth > 256 {
            self.error(
                "E-DEPTH",
                node.span,
                format!("`{}` is nested more than 256 levels deep", self.path),
                "flatten the token tree",
            );
            return;
        }
        if depth > 0 {
            self.set.groups.insert(self.path.as_str().into());
        }
        for m in members {
            let len = self.path.len();
            let parent = if self.path.is_empty() {
                format!("mode `{}`", self.mode_name)
            } else {
                format!("`{}`", self.path)
            };
            if !self.path.is_empty() {
                self.path.push('.');
            }
            self.path.push_str(&m.key);
            if m.key.is_empty() || m.key.contains('.') || m.key.chars().any(char::is_control) {
                let msg = format!(
                    "invalid name `{}` in {parent}: names must be non-empty and contain no `.` or control characters",
                    m.key.escape_debug(),
                );
                self.error("E-NAME", m.key_span, msg, "rename the key");
            } else if is_leaf(&m.value) {
                self.leaf(&m.value, mode, m.key_span);
            } else {
                self.group(&m.value, mode, depth + 1);
            }
            self.path.truncate(len);
        }
    }

    fn leaf(&mut self, node: &Node, mode: usize, key_span: Span) {
        let path = self.path.clone();
        let ty_node = node.get("type");
        let ty = ty_node
            .and_then(Node::as_str)
            .and_then(TokenType::from_known);
        let Some(ty) = ty else {
            let got = ty_node
                .and_then(Node::as_str)
                .unwrap_or_default()
                .to_owned();
            let span = ty_node.map_or(node.span, |n| n.span);
            self.error(
                "E-ROW-TYPE",
                span,
                format!(
                    "token `{path}` has type `{got}`; Type is required and must be one of: {}",
                    TokenType::api_list()
                ),
                "type names are case-sensitive camelCase, e.g. `fontSize`",
            );
            return;
        };
        let description = match node.get("description") {
            None => None,
            Some(d) => match &d.kind {
                Kind::String(s) => Some(s.to_string()),
                Kind::Null => None,
                _ => {
                    let msg = format!(
                        "the description of `{path}` is {}, but must be a string",
                        article(d)
                    );
                    self.error(
                        "E-PROPERTY-TYPE",
                        d.span,
                        msg,
                        "write the description as a string",
                    );
                    None
                }
            },
        };
        let Some(value_node) = node.get("value") else {
            return;
        };
        let Some(value) = value_with_aliases(value_node, &self.set.sources, self.diags, &path)
        else {
            return;
        };
        let id = self.set.intern(&path);
        self.set.insert(
            mode,
            id,
            Token {
                declared_type: Some(ty),
                type_source: TypeSource::Own,
                value,
                description,
                deprecated: Deprecated::No,
                extensions: None,
                span: key_span,
            },
        );
    }
}

/// A leaf of the export tree: an object with a `value` member and a string `type`.
fn is_leaf(node: &Node) -> bool {
    node.get("value").is_some() && node.get("type").and_then(Node::as_str).is_some()
}
