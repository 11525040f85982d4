//! `$` properties of groups and tokens: `$type`, `$deprecated`, `$description`,
//! `$extensions`, unknown `$` keys, and the legacy / incomplete-token heuristics.

use super::super::json::{Kind, Member, Node};
use super::article;
use super::reader::Reader;
use super::value::is_token;
use crate::model::{Deprecated, Span, TokenType};

impl Reader<'_, '_> {
    /// Reads `$type`; `None` when absent or invalid (reported).
    pub(super) fn read_type(&mut self, node: &Node) -> Option<TokenType> {
        let Some(name) = node.as_str() else {
            let msg = format!(
                "`$type` of {} is {}, but must be a string",
                self.what(),
                article(node)
            );
            self.error(
                "E-TYPE-INVALID",
                node.span,
                msg,
                "write a type name such as `\"color\"`",
            );
            return None;
        };
        let known = TokenType::from_known(name);
        if let Some(t) = known.as_ref().filter(|t| t.is_dtcg()) {
            return Some(t.clone());
        }
        if known.is_none() {
            let folded = crate::model::API_TYPE_ORDER
                .iter()
                .find(|t| t.as_str().eq_ignore_ascii_case(name));
            if let Some(t) = folded {
                let msg = format!(
                    "unknown type `{name}` on {}; type names are case-sensitive",
                    self.what()
                );
                let help = format!("did you mean `{}`?", t.as_str());
                self.error("E-TYPE-INVALID", node.span, msg, &help);
                return None;
            }
        }
        if self.opts.strict {
            let msg = format!(
                "`{name}` on {} is not one of the 13 DTCG types",
                self.what()
            );
            let help = "use one of: color, dimension, fontFamily, fontWeight, duration, cubicBezier, number, strokeStyle, border, transition, shadow, gradient, typography";
            self.error("E-TYPE-INVALID", node.span, msg, help);
            return None;
        }
        if self.warned_types.insert(name.to_owned()) {
            let deviation = if name == "string" { "D-1" } else { "D-2" };
            let how = if known.is_some() {
                "is one of Tokencraft's own types, accepted"
            } else {
                "is read as an opaque type"
            };
            let msg = format!(
                "non-standard type `{name}` (first on {}) {how} (DTCG deviation {deviation})",
                self.what()
            );
            self.warn(
                "W-TYPE-NONSTANDARD",
                node.span,
                msg,
                "DTCG 2025.10 defines 13 types; emitters may skip tokens of other types",
            );
        }
        Some(known.unwrap_or_else(|| TokenType::Other(name.into())))
    }

    pub(super) fn read_deprecated(&mut self, node: &Node) -> Option<Deprecated> {
        match &node.kind {
            Kind::Bool(true) => Some(Deprecated::Yes),
            Kind::Bool(false) => Some(Deprecated::No),
            Kind::String(s) => Some(Deprecated::Reason(s.to_string())),
            _ => {
                self.wrong_property_type(
                    node,
                    "$deprecated",
                    "`true`, `false` or a string",
                    "write `\"$deprecated\": true` or a reason string",
                );
                None
            }
        }
    }

    /// `E-PROPERTY-TYPE`: property `prop` of the current token or group holds `node`, which
    /// is not `expected`.
    fn wrong_property_type(&mut self, node: &Node, prop: &str, expected: &str, help: &str) {
        let msg = format!(
            "`{prop}` of {} is {}, but must be {expected}",
            self.what(),
            article(node)
        );
        self.error("E-PROPERTY-TYPE", node.span, msg, help);
    }

    pub(super) fn read_description(&mut self, node: &Node) -> Option<String> {
        if let Some(s) = node.as_str() {
            return Some(s.to_owned());
        }
        self.wrong_property_type(
            node,
            "$description",
            "a string",
            "write the description as a plain string",
        );
        None
    }

    pub(super) fn read_extensions(&mut self, node: &Node) -> Option<serde_json::Value> {
        if node.members().is_some() {
            return Some(node.to_serde());
        }
        self.wrong_property_type(
            node,
            "$extensions",
            "an object",
            "key extension data by vendor: `{\"org.example.tool\": …}`",
        );
        None
    }

    pub(super) fn unknown_property(&mut self, m: &Member, on: &str) {
        let looks_named = is_token(&m.value)
            || m.value
                .members()
                .is_some_and(|ms| ms.iter().any(|c| is_token(&c.value)));
        if looks_named {
            let msg = format!(
                "invalid name `{}` in {}: names must not start with `$`, which is reserved for DTCG properties (only `$root` is a token name)",
                m.key,
                self.what()
            );
            self.error(
                "E-NAME",
                m.key_span,
                msg,
                "rename the token or group without the leading `$`",
            );
            return;
        }
        let whose = if self.path.is_empty() {
            "the document root".to_owned()
        } else {
            format!("{on} `{}`", self.path)
        };
        let msg = format!("unknown property `{}` on {whose} is ignored", m.key);
        self.warn(
            "W-UNKNOWN-PROPERTY",
            m.key_span,
            msg,
            "DTCG reserves `$` names; put tool-specific data under `$extensions`",
        );
    }

    /// D-22 legacy `value`/`type` tokens (error) and F-25 incomplete tokens (warning).
    /// Returns `true` when the object must not be read as a group.
    pub(super) fn legacy_or_incomplete(&mut self, node: &Node, span: Span) -> bool {
        let value = node.get("value");
        let ty = node.get("type").and_then(Node::as_str);
        let legacy_value =
            value.is_some_and(|v| !is_token(v) && (v.members().is_none() || ty.is_some()));
        if legacy_value {
            let msg = format!(
                "{} uses `value`/`type` without `$` (pre-DTCG format, deviation D-22)",
                self.what()
            );
            self.error(
                "E-LEGACY-FORMAT",
                span,
                msg,
                "rename `value` to `$value` and `type` to `$type` (Style Dictionary v3 / Tokens Studio files need migrating)",
            );
            return true;
        }
        let Some(members) = node.members() else {
            return false;
        };
        if ty.is_some() && value.is_none() {
            let msg = format!(
                "{} has a string member `type` but no `$value`: it looks like an incomplete token",
                self.what()
            );
            self.warn(
                "W-INCOMPLETE-TOKEN",
                span,
                msg,
                "DTCG properties start with `$`: write `$type` and add `$value`",
            );
            return true;
        }
        let has_children = members
            .iter()
            .any(|m| !m.key.starts_with('$') || m.key == "$root");
        if !has_children && node.get("$type").is_some() {
            let msg = format!(
                "{} has `$type` but no `$value` and no children: it is read as an empty group",
                self.what()
            );
            self.warn(
                "W-INCOMPLETE-TOKEN",
                span,
                msg,
                "if this is meant to be a token, add `$value`",
            );
        }
        false
    }
}
