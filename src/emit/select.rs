//! Which tokens an emitter writes, and in what order.

use super::naming::{self, NameCase, Names};
use super::options::Filter;
use super::EmitContext;
use crate::error::Diagnostics;
use crate::model::{Deprecated, PathSet, ResolvedToken, Token, TokenId, Value};

/// One token in one mode, ready to write.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    pub id: TokenId,
    pub path: &'a str,
    pub rt: &'a ResolvedToken,
    /// The token as read (own or inherited from the default mode).
    pub token: Option<&'a Token>,
}

impl<'a> Item<'a> {
    /// The description, if any.
    pub fn description(&self) -> Option<&'a str> {
        self.token.and_then(|t| t.description.as_deref())
    }

    /// `Some(reason)` when deprecated (reason may be empty).
    pub fn deprecated(&self) -> Option<&'a str> {
        match self.token.map(|t| &t.deprecated) {
            Some(Deprecated::Yes) => Some(""),
            Some(Deprecated::Reason(r)) => Some(r.as_str()),
            _ => None,
        }
    }
}

/// True when `path` matches the glob: `*` matches within a segment, `**` any number of
/// segments.
pub fn glob_match(glob: &str, path: &str) -> bool {
    let g: Vec<&str> = glob.split('.').collect();
    let p: Vec<&str> = path.split('.').collect();
    // Iterative matching over (glob index, path index) with a memo, no recursion.
    let mut reach = vec![vec![false; p.len() + 1]; g.len() + 1];
    reach[0][0] = true;
    for gi in 0..g.len() {
        for pi in 0..=p.len() {
            if !reach[gi][pi] {
                continue;
            }
            let seg = g[gi];
            if seg == "**" {
                for r in reach[gi + 1].iter_mut().skip(pi) {
                    *r = true;
                }
            } else if pi < p.len() && segment_match(seg, p[pi]) {
                reach[gi + 1][pi + 1] = true;
            }
        }
    }
    reach[g.len()][p.len()]
}

fn segment_match(glob: &str, seg: &str) -> bool {
    let parts: Vec<&str> = glob.split('*').collect();
    if parts.len() == 1 {
        return glob == seg;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !seg.starts_with(first) || seg.len() < first.len() + last.len() || !seg.ends_with(last) {
        return false;
    }
    let mut rest = &seg[first.len()..seg.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

fn keep(filter: &Filter, item: &Item) -> bool {
    (filter.types.is_empty() || filter.types.contains(&item.rt.ty))
        && (filter.paths.is_empty() || filter.paths.iter().any(|g| glob_match(g, item.path)))
        && !(filter.exclude_deprecated && item.deprecated().is_some())
}

/// The tokens of `mode` that pass the filter, in document order — or, with output
/// references, in an order where every referenced token precedes its users.
pub fn items<'a>(cx: &EmitContext<'a>, mode: usize) -> Vec<Item<'a>> {
    let mut out: Vec<Item<'a>> = all_items(cx, mode)
        .filter(|it| keep(&cx.options.filter, it))
        .collect();
    if cx.options.output_references {
        out = dependency_order(out);
    }
    out
}

/// The items of `mode` in the order [`items`] gives them, streamed straight from the token
/// arrays when nothing is filtered or reordered (no list built), else from the list.
pub fn items_iter<'a>(cx: &EmitContext<'a>, mode: usize) -> Items<'a> {
    if cx.options.output_references || !cx.options.filter.keeps_all() {
        return Items::List(items(cx, mode).into_iter());
    }
    Items::All(all_items(cx, mode))
}

/// Every resolved token of `mode` in id order, unfiltered.
fn all_items<'a>(cx: &EmitContext<'a>, mode: usize) -> AllItems<'a> {
    let tokens = |m: usize| cx.set.modes.get(m).map_or(&[][..], |m| &m.tokens[..]);
    AllItems {
        next: 0,
        resolved: cx
            .resolved
            .modes
            .get(mode)
            .map_or(&[][..], |m| &m.tokens[..]),
        own: tokens(mode),
        fallback: tokens(cx.set.default_mode),
        paths: &cx.set.paths,
    }
}

/// The items of one mode; see [`items_iter`].
pub enum Items<'a> {
    /// Filtered or reordered: from a list.
    List(std::vec::IntoIter<Item<'a>>),
    /// Every resolved token in id order, read as it goes.
    All(AllItems<'a>),
}

impl<'a> Iterator for Items<'a> {
    type Item = Item<'a>;
    fn next(&mut self) -> Option<Item<'a>> {
        match self {
            Items::List(l) => l.next(),
            Items::All(a) => a.next(),
        }
    }
}

/// Every resolved token of a mode in id order, with its path and its token as read (the
/// mode's own, else the default mode's) — what [`items`] lists without a filter.
pub struct AllItems<'a> {
    next: usize,
    resolved: &'a [Option<ResolvedToken>],
    own: &'a [Option<Token>],
    fallback: &'a [Option<Token>],
    paths: &'a PathSet,
}

impl<'a> Iterator for AllItems<'a> {
    type Item = Item<'a>;
    fn next(&mut self) -> Option<Item<'a>> {
        loop {
            let i = self.next;
            let slot = self.resolved.get(i)?;
            self.next += 1;
            let (Some(rt), Some(path)) = (slot, self.paths.get_index(i)) else {
                continue;
            };
            let token = match self.own.get(i) {
                Some(Some(t)) => Some(t),
                _ => self.fallback.get(i).and_then(Option::as_ref),
            };
            return Some(Item {
                id: TokenId(i as u32),
                path,
                rt,
                token,
            });
        }
    }
}

/// The tokens a value refers to: the whole-value alias and every sub-value reference.
pub fn references(rt: &ResolvedToken) -> Vec<TokenId> {
    let mut v = Vec::new();
    v.extend(rt.alias_of);
    let mut add = |r: Option<TokenId>| v.extend(r);
    match &rt.value {
        Value::Border(b) => {
            add(b.color.reference);
            add(b.width.reference);
            add(b.style.reference);
        }
        Value::Transition(t) => {
            add(t.duration.reference);
            add(t.delay.reference);
            add(t.timing_function.reference);
        }
        Value::Shadow { layers, .. } => {
            for l in layers {
                add(l.reference);
                add(l.value.color.reference);
                add(l.value.offset_x.reference);
                add(l.value.offset_y.reference);
                add(l.value.blur.reference);
                add(l.value.spread.reference);
            }
        }
        Value::Gradient(stops) => {
            for s in stops {
                add(s.reference);
                add(s.value.color.reference);
                add(s.value.position.reference);
            }
        }
        Value::Typography(t) => {
            add(t.font_family.as_ref().and_then(|s| s.reference));
            add(t.font_size.as_ref().and_then(|s| s.reference));
            add(t.font_weight.as_ref().and_then(|s| s.reference));
            add(t.letter_spacing.as_ref().and_then(|s| s.reference));
            add(t.line_height.as_ref().and_then(|s| s.reference));
        }
        Value::StrokeStyle(crate::model::StrokeStyle::Dashed { dash_array, .. }) => {
            for d in dash_array {
                add(d.reference);
            }
        }
        _ => {}
    }
    v
}

/// Reorders items so referenced tokens come first; ties keep document order. Iterative
/// depth-first search (no recursion on input depth); a cycle cannot stop it.
fn dependency_order(items: Vec<Item>) -> Vec<Item> {
    let max = items.iter().map(|i| i.id.index() + 1).max().unwrap_or(0);
    let mut pos = vec![usize::MAX; max];
    for (i, it) in items.iter().enumerate() {
        pos[it.id.index()] = i;
    }
    let mut state = vec![0u8; items.len()]; // 0 new, 1 on stack, 2 done
    let mut order = Vec::with_capacity(items.len());
    for start in 0..items.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, Vec<TokenId>, usize)> =
            vec![(start, references(items[start].rt), 0)];
        state[start] = 1;
        while let Some((node, deps, next)) = stack.last_mut() {
            if let Some(dep) = deps.get(*next).copied() {
                *next += 1;
                let j = pos.get(dep.index()).copied().unwrap_or(usize::MAX);
                if j != usize::MAX && state[j] == 0 {
                    state[j] = 1;
                    let refs = references(items[j].rt);
                    stack.push((j, refs, 0));
                }
            } else {
                let n = *node;
                state[n] = 2;
                order.push(n);
                stack.pop();
            }
        }
    }
    order.into_iter().map(|i| items[i]).collect()
}

/// Every token emitted in any of the selected modes, in document order.
pub fn selected_ids(cx: &EmitContext) -> Vec<TokenId> {
    let mut seen = vec![false; cx.set.paths.len()];
    let unfiltered = cx.options.filter.keeps_all();
    for m in cx.mode_indices() {
        if unfiltered {
            // Without a filter every resolved token is kept: no items to build. A slot is
            // read only while its token is unseen (usually just in the first mode: the
            // other modes' large slots stay out of the cache).
            let Some(rm) = cx.resolved.modes.get(m) else {
                continue;
            };
            for (s, t) in seen.iter_mut().zip(&rm.tokens) {
                if !*s {
                    *s = t.is_some();
                }
            }
            continue;
        }
        for it in items(cx, m) {
            if let Some(s) = seen.get_mut(it.id.index()) {
                *s = true;
            }
        }
    }
    seen.iter()
        .enumerate()
        .filter(|(_, s)| **s)
        .map(|(i, _)| TokenId(i as u32))
        .collect()
}

/// Names of every selected token in `case` (the options' override wins), with the prefix
/// and an identifier fix-up, checked for collisions.
pub fn names(
    cx: &EmitContext,
    format: &str,
    default_case: NameCase,
    fix: impl Fn(String) -> String,
) -> Result<Names, Diagnostics> {
    names_into(cx, format, default_case, |n, out| {
        out.push_str(&fix(n.to_owned()))
    })
}

/// Like [`names`], with a fix-up that appends the fixed name to the buffer it is given
/// (no string allocated per token). The fix-up is not called for an empty name.
pub fn names_into(
    cx: &EmitContext,
    format: &str,
    default_case: NameCase,
    fix: impl Fn(&str, &mut String),
) -> Result<Names, Diagnostics> {
    let case = cx.options.name_case.unwrap_or(default_case);
    let prefix = cx.options.prefix.as_deref();
    let mut scratch = String::new();
    Names::build_into(cx.set, selected_ids(cx), format, |p, out| {
        scratch.clear();
        naming::convert_into(&mut scratch, p, case, prefix);
        if !scratch.is_empty() {
            fix(&scratch, out);
        }
    })
}

/// A mode's key in multi-mode output: lower-case, spaces and underscores → `-`
/// (Tokencraft §6 item 22).
pub fn mode_slug(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            ' ' | '_' => '-',
            c => c.to_ascii_lowercase(),
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A mode's PascalCase type name (Swift enums): words capitalised, spaces removed.
pub fn mode_pascal(name: &str) -> String {
    let n = naming::join(&naming::words(name), NameCase::Pascal);
    if n.is_empty() {
        "Mode".into()
    } else {
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("color.*", "color.brand"));
        assert!(!glob_match("color.*", "color.brand.500"));
        assert!(glob_match("color.**", "color.brand.500"));
        assert!(glob_match("**.500", "color.brand.500"));
        assert!(glob_match("color.b*d.5*", "color.brand.500"));
        assert!(!glob_match("size.*", "color.brand"));
    }

    #[test]
    fn streamed_items_equal_the_list() {
        use crate::emit::EmitOptions;
        use crate::model::*;
        let (mut set, mut resolved) = crate::emit::empty_modes(&["Light", "Dark", "Dim"]);
        let token = |d: Option<&str>| Token {
            declared_type: Some(TokenType::Number),
            type_source: TypeSource::Own,
            value: Expr::Number(1.0),
            description: d.map(str::to_string),
            deprecated: Deprecated::No,
            extensions: None,
            span: Span::NONE,
        };
        for i in 0..30u32 {
            let id = set.intern(&format!("n.t{i}"));
            for m in 0..3 {
                // Dark lacks every third token (falls back to Light's), Dim has only some.
                let own = m == 0 || (m == 1 && i % 3 != 0) || (m == 2 && i % 2 == 0);
                if own {
                    set.insert(m, id, token(Some(&format!("m{m}"))));
                }
                let slots = &mut resolved.modes[m].tokens;
                slots.push((i % 7 != 3 || m == 0).then(|| ResolvedToken {
                    ty: TokenType::Number,
                    value: Value::Number(f64::from(i)),
                    alias_of: None,
                    origin: id,
                    inherited: !own,
                }));
            }
        }
        // A path with no resolved slot in any mode, and a mode the token set lacks.
        set.intern("n.unresolved");
        resolved.modes.push(ResolvedMode {
            name: "Extra".into(),
            tokens: resolved.modes[0].tokens.clone(),
        });
        let options = EmitOptions::default();
        let cx = EmitContext::all_modes(&set, &resolved, &options);
        fn key(it: Item) -> (TokenId, String, *const ResolvedToken, Option<*const Token>) {
            (
                it.id,
                it.path.to_string(),
                it.rt as *const ResolvedToken,
                it.token.map(|t| t as *const Token),
            )
        }
        for m in 0..5 {
            let listed: Vec<_> = items(&cx, m).into_iter().map(key).collect();
            let streamed: Vec<_> = items_iter(&cx, m).map(key).collect();
            assert_eq!(streamed, listed, "mode {m}");
        }
        assert_eq!(
            items_iter(&cx, 1).filter_map(|i| i.description()).count(),
            26
        );
    }

    #[test]
    fn mode_keys() {
        assert_eq!(mode_slug("High Contrast"), "high-contrast");
        assert_eq!(mode_slug("Dark_Dimmed"), "dark-dimmed");
        assert_eq!(mode_pascal("high contrast"), "HighContrast");
        assert_eq!(mode_pascal(" "), "Mode");
    }
}
