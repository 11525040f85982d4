//! Emitting CSS + SCSS + JSON for 100,000 tokens × 4 modes after resolution (target: under
//! 200 ms median), one format after the other and through `emit_many` (formats on parallel
//! threads), plus each format alone at 10,000 tokens.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::hint::black_box;
use tokencraft::emit::{emit, emit_many, EmitContext, EmitOptions, Registry};
use tokencraft::model::*;

/// `n` tokens in `modes` modes: colours, dimensions, numbers, font families, shadows, and
/// every tenth token an alias of the one before.
fn build(n: usize, modes: usize) -> (TokenSet, Resolved) {
    let mut set = TokenSet::default();
    let mut resolved = Resolved::default();
    for m in 0..modes {
        set.add_mode(format!("Mode {m}"));
        resolved.modes.push(ResolvedMode {
            name: format!("Mode {m}"),
            tokens: Vec::with_capacity(n),
        });
    }
    for i in 0..n {
        let path = format!("group{}.sub{}.token{i}", i % 50, i % 7);
        let id = set.intern(&path);
        for m in 0..modes {
            let shade = ((i * 31 + m * 17) % 256) as f64 / 255.0;
            let (ty, value, expr) = match i % 5 {
                0 => (
                    TokenType::Color,
                    Value::Color(Color {
                        space: ColorSpace::Srgb,
                        components: [Some(shade), Some(1.0 - shade), Some(0.5)],
                        alpha: 1.0,
                        hex: None,
                    }),
                    Expr::String("#336699".into()),
                ),
                1 => (
                    TokenType::Dimension,
                    Value::Dimension(Dimension {
                        value: (i % 64) as f64,
                        unit: DimensionUnit::Px,
                    }),
                    Expr::String("16px".into()),
                ),
                2 => (TokenType::Number, Value::Number(shade), Expr::Number(shade)),
                3 => (
                    TokenType::FontFamily,
                    Value::FontFamily(vec![
                        "Inter".into(),
                        "Helvetica Neue".into(),
                        "sans-serif".into(),
                    ]),
                    Expr::String("Inter".into()),
                ),
                _ => (
                    TokenType::Duration,
                    Value::Duration(Duration {
                        value: (i % 500) as f64,
                        unit: DurationUnit::Ms,
                    }),
                    Expr::String("150ms".into()),
                ),
            };
            let alias_of = (i % 10 == 9).then(|| TokenId(id.0 - 5));
            set.insert(
                m,
                id,
                Token {
                    declared_type: Some(ty.clone()),
                    type_source: TypeSource::Own,
                    value: expr,
                    description: (i % 20 == 0).then(|| "A description".to_string()),
                    deprecated: Deprecated::No,
                    extensions: None,
                    span: Span::NONE,
                },
            );
            resolved.modes[m].tokens.push(Some(ResolvedToken {
                ty,
                value,
                alias_of,
                origin: id,
                inherited: false,
            }));
        }
    }
    (set, resolved)
}

/// css, scss and json, one after the other.
fn three(registry: &Registry, cx: &EmitContext) {
    for f in ["css", "scss", "json"] {
        black_box(emit(registry, f, cx).expect("emit"));
    }
}

/// `EMIT_ONCE=N cargo bench --bench emit`: builds the 100k × 4 data, emits css + scss +
/// json N times one after the other and exits, without criterion — for load-independent
/// counts (`perf stat -e instructions:u`, `valgrind --tool=callgrind`): the difference
/// between N = 1 and N = 0 is one emit.
fn once(n: usize) {
    let options = EmitOptions::default();
    let (set, resolved) = build(100_000, 4);
    let registry = Registry::builtin();
    for _ in 0..n {
        three(
            &registry,
            &EmitContext::all_modes(&set, &resolved, &options),
        );
    }
}

/// `EMIT_DUMP=DIR cargo bench --bench emit`: writes the css, scss and json of the 100k × 4
/// data (through `emit_many`) to `DIR/<format>` and exits — to check that a speed change
/// keeps the output byte-identical (`cmp` against the files of the commit before).
fn dump(dir: &str) {
    let options = EmitOptions::default();
    let (set, resolved) = build(100_000, 4);
    let registry = Registry::builtin();
    let cx = EmitContext::all_modes(&set, &resolved, &options);
    let formats = ["css", "scss", "json"];
    for (f, r) in formats.iter().zip(emit_many(&registry, &formats, &cx)) {
        let files = r.expect("emit");
        let text: String = files.iter().map(|f| f.contents.as_str()).collect();
        std::fs::write(format!("{dir}/{f}"), text).expect("write the dump");
    }
}

fn bench(c: &mut Criterion) {
    if let Ok(dir) = std::env::var("EMIT_DUMP") {
        dump(&dir);
        std::process::exit(0);
    }
    if let Some(n) = std::env::var("EMIT_ONCE").ok().and_then(|v| v.parse().ok()) {
        once(n);
        std::process::exit(0);
    }
    let registry = Registry::builtin();
    let options = EmitOptions::default();
    let mut g = c.benchmark_group("emit");
    g.sample_size(10);
    let (set, resolved) = build(100_000, 4);
    let cx = EmitContext::all_modes(&set, &resolved, &options);
    g.bench_function("css+scss+json/100k×4", |b| {
        b.iter(|| three(&registry, &cx))
    });
    // The same three formats through `emit_many` (what `tokencraft build` runs): the
    // formats spread over the cores.
    g.bench_function("css+scss+json/100k×4/parallel", |b| {
        b.iter(|| {
            for r in emit_many(&registry, &["css", "scss", "json"], &cx) {
                black_box(r.expect("emit"));
            }
        })
    });
    let (set, resolved) = build(10_000, 2);
    let cx = EmitContext::all_modes(&set, &resolved, &options);
    for e in registry.list() {
        g.bench_with_input(
            BenchmarkId::new("format/10k×2", e.name()),
            e.name(),
            |b, name| b.iter(|| black_box(emit(&registry, name, &cx).expect("emit"))),
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
