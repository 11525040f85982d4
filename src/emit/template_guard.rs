//! Checks a user template before handlebars compiles it, so a hostile or careless template
//! gets a clear error instead of overflowing the stack (which aborts the process):
//!
//! - block nesting (`{{#if}}…{{/if}}` inside each other) and sub-expression nesting
//!   (`(a (b (c …)))`) are bounded: both handlebars' parser and renderer recurse on them;
//! - partials (`{{> name}}`, `{{#> name}}…{{/name}}`) are refused: a format is a single
//!   template file, nothing is ever loaded from disk, and recursive inline partials
//!   (`{{#*inline "a"}}{{> a}}{{/inline}}`) would recurse without end;
//! - `{{#each}}` blocks nest at most [`MAX_EACH_DEPTH`] deep. Every loop runs over finite
//!   data and nothing recurses, so a render does at most (list items)^3 iterations; the data
//!   needs two levels (modes → tokens) and one spare.

use crate::error::Error;
use handlebars::template::{Template, TemplateElement};

/// Deepest block nesting accepted in a template.
pub(crate) const MAX_BLOCK_DEPTH: usize = 48;
/// Deepest nesting of `{{#each}}` blocks accepted.
pub(crate) const MAX_EACH_DEPTH: usize = 3;
/// Deepest sub-expression nesting accepted inside one mustache.
pub(crate) const MAX_PAREN_DEPTH: usize = 16;

/// Refuses templates nested deeper than the limits, or using partials. `origin` names the
/// format folder in messages.
pub(crate) fn check(template: &str, origin: &str) -> Result<(), Error> {
    check_nesting(template, origin)?;
    // The nesting check bounds the parser's recursion; syntax errors are reported by the
    // caller's own compile, with handlebars' message.
    let Ok(compiled) = Template::compile(template) else {
        return Ok(());
    };
    if let Some((line, col)) = first_partial(&compiled, 0) {
        return Err(Error::Usage(format!(
            "{origin}/template.hbs:{line}:{col}: partials (`{{{{> name}}}}`) are not supported: a format is one template file and nothing else is loaded; write the markup inline, or repeat it with {{{{#each}}}}"
        )));
    }
    Ok(())
}

/// Line and column (1-based) of the byte offset `at` in `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// A cheap scan over the mustaches: `{{#…`, `{{^…` open a block, `{{/…` closes one;
/// parentheses inside a mustache nest sub-expressions. Counts may be off for malformed
/// templates, which handlebars then reports itself; the scan only has to bound nesting.
fn check_nesting(text: &str, origin: &str) -> Result<(), Error> {
    let bytes = text.as_bytes();
    // The open blocks, `true` for `{{#each}}`.
    let mut open: Vec<bool> = Vec::new();
    let mut i = 0;
    while let Some(rel) = text.get(i..).and_then(|rest| rest.find("{{")) {
        let start = i + rel;
        let mut j = start + 2;
        while matches!(bytes.get(j), Some(b'{' | b'~')) {
            j += 1;
        }
        // Comments are not parsed: `{{!-- … --}}` ends at `--}}`, `{{! … }}` at `}}`.
        if bytes.get(j) == Some(&b'!') {
            let close = if text.get(j + 1..j + 3) == Some("--") {
                "--"
            } else {
                ""
            };
            i = comment_end(text, j + 1, close);
            continue;
        }
        match bytes.get(j) {
            Some(b'#') => {
                let name = text.get(j + 1..).unwrap_or("").trim_start();
                open.push(name.starts_with("each") && !name.starts_with("each_"));
            }
            Some(b'^') if bytes.get(j + 1) != Some(&b'}') => open.push(false),
            Some(b'/') => {
                open.pop();
            }
            _ => {}
        }
        if open.iter().filter(|e| **e).count() > MAX_EACH_DEPTH {
            let (line, col) = line_col(text, start);
            return Err(Error::Usage(format!(
                "{origin}/template.hbs:{line}:{col}: `{{{{#each}}}}` blocks are nested more than {MAX_EACH_DEPTH} deep, so the template could loop for a very long time; the data is modes → tokens, loop over each list once"
            )));
        }
        if open.len() > MAX_BLOCK_DEPTH {
            let (line, col) = line_col(text, start);
            return Err(Error::Usage(format!(
                "{origin}/template.hbs:{line}:{col}: blocks are nested more than {MAX_BLOCK_DEPTH} deep; flatten the template"
            )));
        }
        let end = text
            .get(j..)
            .and_then(|rest| rest.find("}}"))
            .map_or(text.len(), |e| j + e);
        let mut parens = 0usize;
        for (k, b) in bytes.get(j..end).unwrap_or_default().iter().enumerate() {
            match b {
                b'(' => parens += 1,
                b')' => parens = parens.saturating_sub(1),
                _ => {}
            }
            if parens > MAX_PAREN_DEPTH {
                let (line, col) = line_col(text, j + k);
                return Err(Error::Usage(format!(
                    "{origin}/template.hbs:{line}:{col}: sub-expressions are nested more than {MAX_PAREN_DEPTH} deep; use fewer nested `( … )`"
                )));
            }
        }
        i = end.max(start + 2);
    }
    Ok(())
}

/// The byte offset just past the comment whose text starts at `from` and which ends with
/// `close` followed by `}}` (an optional `~` between them); the end of the text when it is
/// not closed (handlebars then reports the error).
fn comment_end(text: &str, from: usize, close: &str) -> usize {
    let mut at = from;
    while let Some(rel) = text.get(at..).and_then(|rest| rest.find("}}")) {
        let end = at + rel;
        let body = text.get(..end).unwrap_or("");
        let body = body.strip_suffix('~').unwrap_or(body);
        if body.len() >= from + 2 * close.len() && body.ends_with(close) {
            return end + 2;
        }
        at = end + 2;
    }
    text.len()
}

/// Where the first partial is used, if any (line, column from handlebars' mapping).
fn first_partial(t: &Template, depth: usize) -> Option<(usize, usize)> {
    if depth > MAX_BLOCK_DEPTH + 1 {
        return None;
    }
    for (k, e) in t.elements.iter().enumerate() {
        let at = || t.mapping.get(k).map_or((1, 1), |m| (m.0, m.1));
        let inner: Vec<&Template> = match e {
            TemplateElement::PartialExpression(_) | TemplateElement::PartialBlock(_) => {
                return Some(at());
            }
            TemplateElement::HelperBlock(h) => h.template.iter().chain(&h.inverse).collect(),
            TemplateElement::DecoratorBlock(d) | TemplateElement::DecoratorExpression(d) => {
                d.template.iter().collect()
            }
            _ => Vec::new(),
        };
        for t in inner {
            if let Some(found) = first_partial(t, depth + 1) {
                return Some(found);
            }
        }
    }
    None
}
