//! A readable, deterministic text dump of a [`TokenSet`] (for snapshots, debugging and
//! `check`-style output).

use crate::model::{Deprecated, Expr, Piece, RefSyntax, Reference, TokenSet, TypeSource};
use std::fmt::Write;

/// Dumps modes, groups (sorted) and every mode's tokens in id order, one block per token:
///
/// ```text
/// token color.brand [color, own] at a.json:3:5
///   value: {colorSpace: "srgb", components: [0.2, 0.4, 0.6]}
/// ```
pub fn dump(set: &TokenSet) -> String {
    let mut out = String::new();
    let modes: Vec<String> = set
        .modes
        .iter()
        .enumerate()
        .map(|(i, m)| {
            if i == set.default_mode {
                format!("{} (default)", m.name)
            } else {
                m.name.clone()
            }
        })
        .collect();
    if modes.is_empty() {
        out.push_str("modes: (none)\n");
    } else {
        let _ = writeln!(out, "modes: {}", modes.join(", "));
    }
    let mut groups: Vec<&str> = set.groups.iter().map(|g| g.as_ref()).collect();
    groups.sort_unstable();
    if groups.is_empty() {
        out.push_str("groups: (none)\n");
    } else {
        let _ = writeln!(out, "groups: {}", groups.join(", "));
    }
    for mode in &set.modes {
        let _ = writeln!(out, "mode {}:", mode.name);
        for (i, t) in mode.tokens.iter().enumerate() {
            let (Some(t), Some(path)) = (t, set.paths.get_index(i)) else {
                continue;
            };
            let ty = match (&t.declared_type, t.type_source) {
                (Some(ty), TypeSource::Own) => format!("{ty}, own"),
                (Some(ty), _) => format!("{ty}, from group"),
                (None, _) => "untyped".into(),
            };
            let at = set
                .sources
                .locate(t.span)
                .map(|l| format!(" at {l}"))
                .unwrap_or_default();
            let _ = writeln!(out, "  token {path} [{ty}]{at}");
            let _ = writeln!(out, "    value: {}", expr(&t.value));
            if let Some(d) = &t.description {
                let _ = writeln!(out, "    description: {d:?}");
            }
            match &t.deprecated {
                Deprecated::No => {}
                Deprecated::Yes => {
                    let _ = writeln!(out, "    deprecated");
                }
                Deprecated::Reason(r) => {
                    let _ = writeln!(out, "    deprecated: {r:?}");
                }
            }
            if let Some(x) = &t.extensions {
                let _ = writeln!(out, "    extensions: {x}");
            }
        }
    }
    out
}

/// An expression on one line: JSON-like, references as `ref(...)`.
pub fn expr(e: &Expr) -> String {
    let mut s = String::new();
    write_expr(&mut s, e);
    s
}

fn write_expr(s: &mut String, e: &Expr) {
    match e {
        Expr::Null => s.push_str("null"),
        Expr::Bool(b) => {
            let _ = write!(s, "{b}");
        }
        Expr::Number(n) => {
            let _ = write!(s, "{n}");
        }
        Expr::String(t) => {
            let _ = write!(s, "{t:?}");
        }
        Expr::Array(items) => {
            s.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write_expr(s, item);
            }
            s.push(']');
        }
        Expr::Object(members) => {
            s.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                let _ = write!(s, "{k}: ");
                write_expr(s, v);
            }
            s.push('}');
        }
        Expr::Ref(r) => write_ref(s, r),
        Expr::Interpolated(pieces) => {
            s.push_str("interpolated(");
            for (i, p) in pieces.iter().enumerate() {
                if i > 0 {
                    s.push_str(" + ");
                }
                match p {
                    Piece::Text(t) => {
                        let _ = write!(s, "{t:?}");
                    }
                    Piece::Ref(r) => write_ref(s, r),
                }
            }
            s.push(')');
        }
    }
}

fn write_ref(s: &mut String, r: &Reference) {
    let syntax = match r.syntax {
        RefSyntax::Curly => "curly",
        RefSyntax::Pointer => "pointer",
        RefSyntax::AliasTo => "alias_to",
        RefSyntax::Embedded => "embedded",
    };
    let _ = write!(s, "ref({syntax} {}", r.token);
    for seg in &r.sub {
        let _ = write!(s, "/{seg}");
    }
    let plain = match r.syntax {
        RefSyntax::Curly | RefSyntax::Embedded => format!("{{{}}}", r.token),
        RefSyntax::Pointer | RefSyntax::AliasTo => r.token.to_string(),
    };
    if r.raw.as_ref() != plain {
        let _ = write!(s, " as {:?}", r.raw);
    }
    s.push(')');
}
