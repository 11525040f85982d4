//! The registry (built-ins, user emitters, template folders) and the exact error messages.

mod emit_common;

use emit_common::{fixture, lit, Fixture};
use tokencraft::emit::{
    emit, CssModes, EmitContext, EmitOptions, Emitter, ModeSelection, OutputFile, Registry,
};
use tokencraft::model::{Deprecated, TokenType, Value};
use tokencraft::Diagnostics;

#[test]
fn builtins_are_listed_with_descriptions() {
    let listing: String = Registry::builtin()
        .list()
        .map(|e| {
            format!(
                "{:<18} .{:<12} {:<32} {}\n",
                e.name(),
                e.extension(),
                e.media_type(),
                e.description()
            )
        })
        .collect();
    insta::assert_snapshot!(listing);
}

struct Count;

impl Emitter for Count {
    fn name(&self) -> &str {
        "count"
    }
    fn description(&self) -> &str {
        "Number of tokens per mode"
    }
    fn extension(&self) -> &str {
        "txt"
    }
    fn media_type(&self) -> &str {
        "text/plain"
    }
    fn emit(&self, cx: &EmitContext) -> Result<Vec<OutputFile>, Diagnostics> {
        let contents = cx
            .mode_indices()
            .into_iter()
            .map(|m| format!("{}: {}\n", cx.mode_name(m), cx.resolved.iter(m).count()))
            .collect();
        Ok(vec![OutputFile {
            path: "count.txt".into(),
            contents,
        }])
    }
}

#[test]
fn a_library_user_registers_an_emitter() {
    let f = fixture();
    let mut r = Registry::builtin();
    r.register(Box::new(Count));
    let o = EmitOptions::default();
    let cx = EmitContext {
        set: &f.set,
        resolved: &f.resolved,
        modes: ModeSelection::All,
        options: &o,
    };
    let files = emit(&r, "count", &cx).unwrap();
    assert_eq!(files[0].contents, "Light: 28\nDark: 28\n");
    assert_eq!(r.list().last().map(|e| e.name()), Some("count"));
}

#[test]
fn a_template_folder_adds_and_overrides_formats() {
    let dir = tempfile::tempdir().unwrap();
    let add = dir.path().join("names");
    std::fs::create_dir(&add).unwrap();
    std::fs::write(
        add.join("format.json"),
        r#"{ "description": "Token names", "extension": "txt", "file": "names.txt", "dialect": "css", "case": "snake" }"#,
    )
    .unwrap();
    std::fs::write(
        add.join("template.hbs"),
        "{{#each tokens}}{{name.output}} {{kind}} {{{value}}}\n{{/each}}",
    )
    .unwrap();
    let over = dir.path().join("compose");
    std::fs::create_dir(&over).unwrap();
    std::fs::write(
        over.join("format.json"),
        r#"{ "description": "Overridden", "extension": "kt", "file": "X.kt", "dialect": "kotlin" }"#,
    )
    .unwrap();
    std::fs::write(
        over.join("template.hbs"),
        "{{#each tokens}}{{#if @first}}val {{name.output}} = {{value}}\n{{/if}}{{/each}}",
    )
    .unwrap();

    let r = Registry::with_templates(dir.path()).unwrap();
    let f = fixture();
    let o = EmitOptions::default();
    let cx = EmitContext {
        set: &f.set,
        resolved: &f.resolved,
        modes: ModeSelection::One(0),
        options: &o,
    };
    let names = emit(&r, "names", &cx).unwrap();
    assert!(
        names[0]
            .contents
            .starts_with("colors_primary_500 color #3b82f6\n"),
        "{}",
        names[0].contents
    );
    let compose = emit(&r, "compose", &cx).unwrap();
    assert_eq!(
        compose[0].contents,
        "val colorsPrimary500 = Color(0xFF3B82F6)\n"
    );
    assert_eq!(
        r.get("compose").map(|e| e.description()),
        Some("Overridden")
    );
}

fn err(f: &Fixture, format: &str, modes: ModeSelection, o: &EmitOptions) -> String {
    match f.emit(format, modes, o) {
        Ok(_) => panic!("{format} should fail"),
        Err(d) => d.to_string(),
    }
}

#[test]
fn error_messages() {
    let mut collide = Fixture::new(&["Light"]);
    for p in ["color.brand-primary", "color.brandPrimary"] {
        collide.add(
            p,
            TokenType::String,
            None,
            Deprecated::No,
            vec![Some(lit("x", Value::String("x".into())))],
        );
    }
    let mut nest = Fixture::new(&["Light", "light"]);
    for p in ["a", "a.value"] {
        nest.add(
            p,
            TokenType::String,
            None,
            Deprecated::No,
            vec![Some(lit("x", Value::String("x".into()))), None],
        );
    }
    let mut composite = Fixture::new(&["Light"]);
    composite.add(
        "border.width",
        TokenType::Dimension,
        None,
        Deprecated::No,
        vec![Some(lit("1px", Value::Dimension(emit_common::px(1.0))))],
    );
    let b = fixture()
        .resolved
        .get(0, fixture().set.id("border.default").unwrap())
        .unwrap()
        .value
        .clone();
    composite.add(
        "border",
        TokenType::Border,
        None,
        Deprecated::No,
        vec![Some(emit_common::lit_expr(
            tokencraft::model::Expr::Null,
            b,
        ))],
    );
    let d = EmitOptions::default();
    let cases = [
        err(
            &collide,
            "css",
            ModeSelection::All,
            &EmitOptions {
                name_case: Some(tokencraft::emit::naming::NameCase::Kebab),
                ..d.clone()
            },
        ),
        err(&nest, "json", ModeSelection::One(0), &d),
        err(&nest, "json", ModeSelection::All, &d),
        err(&composite, "ios", ModeSelection::One(0), &d),
        err(&fixture(), "sass", ModeSelection::All, &d),
        err(&fixture(), "css", ModeSelection::One(7), &d),
        err(
            &nest,
            "css",
            ModeSelection::All,
            &EmitOptions {
                css_modes: CssModes::LightDark,
                ..d.clone()
            },
        ),
        err(
            &fixture(),
            "css",
            ModeSelection::All,
            &EmitOptions {
                css_modes: CssModes::Selectors(vec![("dark".into(), "} body { color: red".into())]),
                ..d.clone()
            },
        ),
    ];
    insta::assert_snapshot!(cases.join("\n"));
}

#[test]
fn template_errors_name_the_file() {
    let bad_meta = tokencraft::emit::TemplateEmitter::new(
        "x",
        r#"{ "description": "d", "extension": "e", "file": "f", "dialect": "cobol" }"#,
        "",
        "my/x",
    );
    let bad_key =
        tokencraft::emit::TemplateEmitter::new("x", r#"{ "descripton": "d" }"#, "", "my/x");
    let bad_tpl = tokencraft::emit::TemplateEmitter::new(
        "x",
        r#"{ "description": "d", "extension": "e", "file": "f", "dialect": "css" }"#,
        "{{#each}",
        "my/x",
    );
    let strict = tokencraft::emit::TemplateEmitter::new(
        "x",
        r#"{ "description": "d", "extension": "e", "file": "f", "dialect": "css" }"#,
        "{{#each tokens}}{{nmae}}{{/each}}",
        "my/x",
    )
    .unwrap();
    let f = fixture();
    let o = EmitOptions::default();
    let cx = EmitContext {
        set: &f.set,
        resolved: &f.resolved,
        modes: ModeSelection::All,
        options: &o,
    };
    let render = strict.emit(&cx).unwrap_err().to_string();
    let msgs = [
        bad_meta.err().map(|e| e.to_string()).unwrap_or_default(),
        bad_key.err().map(|e| e.to_string()).unwrap_or_default(),
        bad_tpl.err().map(|e| e.to_string()).unwrap_or_default(),
        render,
    ];
    insta::assert_snapshot!(msgs.join("\n"));
}
