//! Accessors and conversions of [`Node`].

use super::{Kind, Member, Node};
use std::borrow::Cow;

impl<'a> Node<'a> {
    /// The value of the **last** member named `key` (JSON's usual "last wins"), if this is
    /// an object.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.members()?
            .iter()
            .rev()
            .find(|m| m.key == key)
            .map(|m| &m.value)
    }

    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self.kind {
            Kind::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The boolean, if this is `true` or `false`.
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The members in document order (duplicates included), if this is an object.
    pub fn members(&self) -> Option<&[Member<'a>]> {
        match &self.kind {
            Kind::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn items(&self) -> Option<&[Node<'a>]> {
        match &self.kind {
            Kind::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Converts to a `serde_json::Value` (for `$extensions` pass-through). Duplicate keys
    /// collapse with the last one winning, at the position of the first; integral numbers
    /// within ±2^53 become JSON integers, `-0.0` stays a float.
    pub fn to_serde(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Number(n) => number_to_serde(*n),
            Kind::String(s) => Value::String(s.to_string()),
            Kind::Array(items) => Value::Array(items.iter().map(Node::to_serde).collect()),
            Kind::Object(members) => {
                let mut map = serde_json::Map::with_capacity(members.len());
                for m in members {
                    map.insert(m.key.to_string(), m.value.to_serde());
                }
                Value::Object(map)
            }
        }
    }

    /// Detaches the tree from the input text (copies borrowed strings).
    pub fn into_owned(self) -> Node<'static> {
        let kind = match self.kind {
            Kind::Null => Kind::Null,
            Kind::Bool(b) => Kind::Bool(b),
            Kind::Number(n) => Kind::Number(n),
            Kind::String(s) => Kind::String(Cow::Owned(s.into_owned())),
            Kind::Array(items) => Kind::Array(items.into_iter().map(Node::into_owned).collect()),
            Kind::Object(members) => Kind::Object(
                members
                    .into_iter()
                    .map(|m| Member {
                        key: Cow::Owned(m.key.into_owned()),
                        key_span: m.key_span,
                        value: m.value.into_owned(),
                    })
                    .collect(),
            ),
        };
        Node {
            span: self.span,
            kind,
        }
    }

    /// The JSON type name for messages: `null`, `boolean`, `number`, `string`, `array`,
    /// `object`.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "boolean",
            Kind::Number(_) => "number",
            Kind::String(_) => "string",
            Kind::Array(_) => "array",
            Kind::Object(_) => "object",
        }
    }
}

fn number_to_serde(n: f64) -> serde_json::Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if n.fract() == 0.0 && n.abs() <= EXACT && !(n == 0.0 && n.is_sign_negative()) {
        return serde_json::Value::from(n as i64);
    }
    serde_json::Number::from_f64(n)
        .map(serde_json::Value::Number)
        .unwrap_or(serde_json::Value::Null)
}
