//! 100,000-link chains and 100,000-member cycles written as DTCG text (one minified line,
//! as a bundler would write it), through every kind of link: curly aliases, `$value`
//! pointers, token-level `$ref` and group `$extends`. Each reads in time linear in its
//! size (no recursion per link, no linear member search per link, no quadratic message
//! building or column counting) and reports exactly what is wrong.
//!
//! `tests/resolve_scale.rs` covers the same sizes for the resolver alone.

use tokencraft::parse::dtcg::{parse_str, ParseOptions};
use tokencraft::resolve::{resolve_set, ResolveOptions};
use tokencraft::Diagnostics;

const N: usize = 100_000;

/// `{"t0": first, "t1": link(0), …}` on one line; `link(i)` gets the previous index.
fn chain(first: &str, link: impl Fn(usize) -> String) -> String {
    let mut s = format!("{{\"t0\": {first}");
    for i in 1..N {
        s.push_str(&format!(", \"t{i}\": {}", link(i - 1)));
    }
    s.push('}');
    s
}

/// `{"t0": link(1), …, "t99999": link(0)}` on one line.
fn cycle(link: impl Fn(usize) -> String) -> String {
    let mut s = String::from("{");
    for i in 0..N {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&format!("\"t{i}\": {}", link((i + 1) % N)));
    }
    s.push('}');
    s
}

fn read(
    text: &str,
) -> (
    tokencraft::model::TokenSet,
    tokencraft::model::Resolved,
    Diagnostics,
) {
    let (set, mut diags) = parse_str("min.tokens.json", text, "default", &ParseOptions::default());
    let (_, resolved, more) = resolve_set(&set, &ResolveOptions::default());
    diags.extend(more);
    (set, resolved, diags)
}

fn resolved_count(resolved: &tokencraft::model::Resolved) -> usize {
    resolved.iter(0).count()
}

#[test]
fn curly_alias_chain() {
    let text = chain(r#"{"$type": "number", "$value": 7}"#, |p| {
        format!(r#"{{"$value": "{{t{p}}}"}}"#)
    });
    let (set, resolved, diags) = read(&text);
    assert!(diags.is_empty(), "{diags}");
    assert_eq!((set.paths.len(), resolved_count(&resolved)), (N, N));
}

#[test]
fn value_pointer_chain() {
    let text = chain(r#"{"$type": "number", "$value": 7}"#, |p| {
        format!(r##"{{"$value": {{"$ref": "#/t{p}/$value"}}}}"##)
    });
    let (set, resolved, diags) = read(&text);
    assert!(diags.is_empty(), "{diags}");
    assert_eq!((set.paths.len(), resolved_count(&resolved)), (N, N));
}

#[test]
fn token_ref_chain() {
    let text = chain(r#"{"$type": "number", "$value": 7}"#, |p| {
        format!(r##"{{"$ref": "#/t{p}"}}"##)
    });
    let (set, resolved, diags) = read(&text);
    assert!(diags.is_empty(), "{diags}");
    assert_eq!((set.paths.len(), resolved_count(&resolved)), (N, N));
}

#[test]
fn extends_chain() {
    // g0 has a token; g_i extends g_(i-1) and so inherits it (one token per group).
    let mut text = String::from(r#"{"g0": {"t": {"$type": "number", "$value": 1}}"#);
    for i in 1..N {
        text.push_str(&format!(r#", "g{i}": {{"$extends": "{{g{}}}"}}"#, i - 1));
    }
    text.push('}');
    let (set, resolved, diags) = read(&text);
    assert!(diags.is_empty(), "{diags}");
    assert_eq!((set.paths.len(), resolved_count(&resolved)), (N, N));
    assert!(set.id(&format!("g{}.t", N - 1)).is_some());
}

/// The first diagnostic's text and how many there are with `code`.
fn first_and_count(diags: &Diagnostics, code: &str) -> (String, usize) {
    let count = diags.items.iter().filter(|d| d.code == code).count();
    (diags.items[0].to_string(), count)
}

#[test]
fn token_ref_cycle_reports_every_member() {
    let text = cycle(|n| format!(r##"{{"$type": "number", "$ref": "#/t{n}"}}"##));
    let (_, resolved, diags) = read(&text);
    assert_eq!(resolved_count(&resolved), 0);
    let (first, count) = first_and_count(&diags, "E-REF-CYCLE");
    assert_eq!(count, N);
    assert_eq!(
        first,
        "min.tokens.json:1:36: error[E-REF-CYCLE]: circular reference: `t0` → `t1` → `t2` → `t3` → `t4` → `t5` → … (99989 more) … → `t99995` → `t99996` → `t99997` → `t99998` → `t99999` → `t0` (token t0, mode default)\n  help: every token in a cycle is unresolvable; give one of these tokens a literal value or point it outside the cycle"
    );
}

#[test]
fn value_pointer_cycle_reports_every_member() {
    let text =
        cycle(|n| format!(r##"{{"$type": "number", "$value": {{"$ref": "#/t{n}/$value"}}}}"##));
    let (_, resolved, diags) = read(&text);
    assert_eq!(resolved_count(&resolved), 0);
    let (first, count) = first_and_count(&diags, "E-REF-CYCLE");
    assert_eq!(count, N);
    assert!(
        first.starts_with(
            "min.tokens.json:1:47: error[E-REF-CYCLE]: circular reference: `t0` → `t1`"
        ),
        "{first}"
    );
}

#[test]
fn extends_cycle_reports_every_member_with_an_abbreviated_list() {
    let mut text = String::from("{");
    for i in 0..N {
        if i > 0 {
            text.push_str(", ");
        }
        text.push_str(&format!(
            r#""g{i}": {{"$extends": "{{g{}}}", "t": {{"$type": "number", "$value": 1}}}}"#,
            (i + 1) % N
        ));
    }
    text.push('}');
    let (set, _, diags) = read(&text);
    let (first, count) = first_and_count(&diags, "E-EXTENDS-CYCLE");
    assert_eq!(count, N);
    assert_eq!(
        first,
        "min.tokens.json:1:21: error[E-EXTENDS-CYCLE]: group `g0` is part of an `$extends` cycle between `g0`, `g1`, `g10`, `g100`, `g1000`, `g10000`, … (99989 more) …, `g99995`, `g99996`, `g99997`, `g99998`, `g99999`\n  help: a group cannot inherit (directly or through other groups) from itself or its ancestors; remove one `$extends`"
    );
    // The groups' own tokens are still read.
    assert_eq!(set.paths.len(), N);
}

/// A chain written from its end (each group extends the one written after it) reads like
/// the same chain written from its start: every group inherits the token, no depth error
/// (before, materialising followed such a chain recursively and stopped at 32 hops).
#[test]
fn extends_chain_in_reverse_document_order() {
    const LEN: usize = 200;
    let mut text = String::from("{");
    for i in (1..LEN).rev() {
        text.push_str(&format!(r#""g{i}": {{"$extends": "{{g{}}}"}}, "#, i - 1));
    }
    text.push_str(r#""g0": {"t": {"$type": "number", "$value": 1}}}"#);
    let (set, resolved, diags) = read(&text);
    assert!(diags.is_empty(), "{diags}");
    assert_eq!((set.paths.len(), resolved_count(&resolved)), (LEN, LEN));
    for i in 0..LEN {
        assert!(set.id(&format!("g{i}.t")).is_some(), "g{i}.t missing");
    }
}
