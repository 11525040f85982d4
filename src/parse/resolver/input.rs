//! Resolver inputs (TR-R §5, §6.1): a modifier name → context name map, validated against
//! the modifiers reachable from `resolutionOrder`, all problems reported together.

use super::Modifier;
use crate::error::{Diagnostic, Diagnostics};
use indexmap::IndexMap;

/// Reads inputs given as JSON (`{"theme": "dark"}`). Values must be strings, even when
/// a context is named `"true"` or `"100"`; every problem is reported.
pub fn parse_inputs(value: &serde_json::Value) -> Result<IndexMap<String, String>, Diagnostics> {
    let (map, _, errors) = split_json(value);
    if errors.is_empty() {
        Ok(map)
    } else {
        Err(errors)
    }
}

/// The string inputs, the keys with non-string values, and the type errors.
pub(crate) fn split_json(
    value: &serde_json::Value,
) -> (IndexMap<String, String>, Vec<String>, Diagnostics) {
    let Some(map) = value.as_object() else {
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error(
                "E-IN-TYPE",
                format!(
                    "resolver inputs must be a JSON object, found {}",
                    json_type(value)
                ),
            )
            .help("write the inputs as an object of modifier name → context name, e.g. {\"theme\": \"dark\"}"),
        );
        return (IndexMap::new(), Vec::new(), d);
    };
    let mut out = IndexMap::new();
    let mut others = Vec::new();
    let mut errors = Diagnostics::new();
    for (k, v) in map {
        match v.as_str() {
            Some(s) => {
                out.insert(k.clone(), s.to_string());
            }
            None => {
                others.push(k.clone());
                errors.push(
                    Diagnostic::error(
                        "E-IN-TYPE",
                        format!(
                            "input `{k}` must be a string naming a context, found {} {v}",
                            json_type(v)
                        ),
                    )
                    .help(format!(
                        "quote the context name: {{\"{k}\": \"{}\"}}",
                        v.to_string().trim_matches('"')
                    )),
                )
            }
        }
    }
    (out, others, errors)
}

fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// Exact match first, then a case-insensitive one when it is unique.
/// `Err(matches)` when several names match case-insensitively.
fn find<'n>(
    names: impl Iterator<Item = &'n str> + Clone,
    wanted: &str,
) -> Result<Option<usize>, Vec<&'n str>> {
    if let Some(i) = names.clone().position(|n| n == wanted) {
        return Ok(Some(i));
    }
    let lower = wanted.to_lowercase();
    let hits: Vec<(usize, &str)> = names
        .enumerate()
        .filter(|(_, n)| n.to_lowercase() == lower)
        .collect();
    match hits.as_slice() {
        [] => Ok(None),
        [(i, _)] => Ok(Some(*i)),
        many => Err(many.iter().map(|(_, n)| *n).collect()),
    }
}

fn list<'n>(names: impl Iterator<Item = &'n str>) -> String {
    names
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How to treat modifiers the input does not mention.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Missing {
    /// Use the default; a modifier without one is an error (`E-IN-MISSING`).
    Required,
    /// Use the default, else the first context (when enumerating modes anyway).
    FirstContext,
}

/// Validates `input` and returns the chosen context index per modifier.
/// `also_given`: input keys whose values were unusable (already reported); they count as
/// given, so their modifiers are not reported missing as well.
pub(crate) fn select(
    modifiers: &[Modifier],
    input: &IndexMap<String, String>,
    missing: Missing,
    also_given: &[String],
) -> Result<Vec<usize>, Diagnostics> {
    let mut errors = Diagnostics::new();
    let mut chosen: Vec<Option<usize>> = vec![None; modifiers.len()];
    // Modifiers named by the input, valid context or not (no "missing" error for them).
    let mut mentioned = vec![false; modifiers.len()];
    for key in also_given {
        if let Ok(Some(m)) = find(modifiers.iter().map(|m| m.name.as_str()), key) {
            if let Some(flag) = mentioned.get_mut(m) {
                *flag = true;
            }
        }
    }
    let names = modifiers.iter().map(|m| m.name.as_str());
    for (key, value) in input {
        let m = match find(names.clone(), key) {
            Ok(Some(m)) => m,
            Ok(None) => {
                errors.push(
                    Diagnostic::error("E-IN-UNKNOWN", format!("unknown modifier `{key}`")).help(
                        if modifiers.is_empty() {
                            "this resolver has no modifiers; remove the input".to_string()
                        } else {
                            format!("the modifiers are {}", list(names.clone()))
                        },
                    ),
                );
                continue;
            }
            Err(many) => {
                errors.push(
                    Diagnostic::error(
                        "E-IN-UNKNOWN",
                        format!(
                            "input `{key}` matches several modifiers when case is ignored: {}",
                            list(many.into_iter())
                        ),
                    )
                    .help("spell the modifier name with its exact case"),
                );
                continue;
            }
        };
        let Some(modifier) = modifiers.get(m) else {
            continue;
        };
        if let Some(flag) = mentioned.get_mut(m) {
            *flag = true;
        }
        let contexts = modifier.contexts.iter().map(|(c, _)| c.as_str());
        let c = match find(contexts.clone(), value) {
            Ok(Some(c)) => c,
            Ok(None) => {
                errors.push(
                    Diagnostic::error(
                        "E-IN-CONTEXT",
                        format!("invalid context `{value}` for modifier `{}`", modifier.name),
                    )
                    .help(format!(
                        "the contexts of `{}` are {}",
                        modifier.name,
                        list(contexts)
                    )),
                );
                continue;
            }
            Err(many) => {
                errors.push(
                    Diagnostic::error(
                        "E-IN-CONTEXT",
                        format!(
                            "context `{value}` matches several contexts of modifier `{}` when case is ignored: {}",
                            modifier.name,
                            list(many.into_iter())
                        ),
                    )
                    .help("spell the context name with its exact case"),
                );
                continue;
            }
        };
        match chosen.get_mut(m) {
            Some(slot @ None) => *slot = Some(c),
            Some(Some(_)) => errors.push(
                Diagnostic::error(
                    "E-IN-DUPLICATE",
                    format!(
                        "modifier `{}` is given more than once (again as `{key}`)",
                        modifier.name
                    ),
                )
                .help("give each modifier once; names are matched ignoring case"),
            ),
            None => {}
        }
    }
    let mut out = Vec::with_capacity(modifiers.len());
    for ((m, slot), mentioned) in modifiers.iter().zip(&chosen).zip(mentioned) {
        let default = m
            .default
            .as_deref()
            .and_then(|d| m.contexts.iter().position(|(c, _)| c == d));
        match (slot, default, missing) {
            (Some(c), _, _) => out.push(*c),
            (None, Some(d), _) => out.push(d),
            (None, None, Missing::FirstContext) => out.push(0),
            (None, None, Missing::Required) if mentioned => {}
            (None, None, Missing::Required) => errors.push(
                Diagnostic::error("E-IN-MISSING", format!("missing modifier `{}`", m.name)).help(
                    format!(
                        "choose one of its contexts ({}), e.g. `{}={}`, or give the modifier a `default`",
                        list(m.contexts.iter().map(|(c, _)| c.as_str())),
                        m.name,
                        m.contexts.first().map_or("", |(c, _)| c.as_str())
                    ),
                ),
            ),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
