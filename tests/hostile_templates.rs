//! Hostile user templates (`--templates DIR`): partials that try to read files or recurse,
//! blocks nested deep enough to overflow handlebars' recursion, and loops nested so deep
//! they would run for hours. Each is refused when the format is loaded, with the file,
//! line and column and how to fix it; the shipped templates still load.

use tokencraft::emit::TemplateEmitter;
use tokencraft::emit::{emit, EmitContext, EmitOptions, ModeSelection, Registry};
use tokencraft::parse::dtcg::{parse_str, ParseOptions};
use tokencraft::resolve::{resolve_set, ResolveOptions};

const META: &str =
    r#"{"description": "t", "extension": "txt", "file": "out.txt", "dialect": "css"}"#;

/// Loads `tpl` as format `t` and renders it over a two-token set: the output, or the error.
fn run(tpl: &str) -> Result<String, String> {
    let e = TemplateEmitter::new("t", META, tpl, "dir/t").map_err(|e| e.to_string())?;
    let mut r = Registry::empty();
    r.register(Box::new(e));
    let doc = r#"{"a": {"$type": "number", "$value": 1}, "b": {"$value": "{a}"}}"#;
    let (set, _) = parse_str("a.json", doc, "default", &ParseOptions::default());
    let (_, resolved, _) = resolve_set(&set, &ResolveOptions::default());
    let o = EmitOptions::default();
    let cx = EmitContext {
        set: &set,
        resolved: &resolved,
        modes: ModeSelection::All,
        options: &o,
    };
    match emit(&r, "t", &cx) {
        Ok(f) => Ok(f.into_iter().map(|f| f.contents).collect()),
        Err(d) => Err(d.to_string()),
    }
}

const PARTIALS: &str = "partials (`{{> name}}`) are not supported: a format is one template file and nothing else is loaded; write the markup inline, or repeat it with {{#each}}";

#[test]
fn partials_are_refused_with_their_location() {
    let cases = [
        ("{{> /etc/passwd}}", "1:1"),
        ("{{> main}}", "1:1"),
        ("x\n  {{> ../../secret.hbs}}", "2:3"),
        ("{{#*inline \"a\"}}{{> a}}{{/inline}}{{> a}}", "1:17"),
        (
            "{{#*inline \"a\"}}x{{> b}}{{/inline}}{{#*inline \"b\"}}{{> a}}{{/inline}}{{> a}}",
            "1:18",
        ),
        ("{{#each modes}}\n{{#> layout}}x{{/layout}}{{/each}}", "2:1"),
        (
            "{{#if true}}{{else}}{{> (lookup @root \"file\")}}{{/if}}",
            "1:21",
        ),
    ];
    for (tpl, at) in cases {
        assert_eq!(
            run(tpl),
            Err(format!("dir/t/template.hbs:{at}: {PARTIALS}")),
            "{tpl}"
        );
    }
}

#[test]
fn quoted_partial_paths_are_syntax_errors() {
    let err = run("{{> \"/etc/passwd\"}}").unwrap_err();
    assert!(
        err.starts_with("dir/t/template.hbs: Template error: invalid handlebars syntax"),
        "{err}"
    );
}

#[test]
fn deep_block_nesting_is_refused_before_parsing() {
    for n in [49usize, 1_000, 100_000] {
        let tpl = format!("{}x{}", "{{#if true}}".repeat(n), "{{/if}}".repeat(n));
        // The 49th `{{#if` starts at column 48 × 12 + 1.
        assert_eq!(
            run(&tpl),
            Err("dir/t/template.hbs:1:577: blocks are nested more than 48 deep; flatten the template".into())
        );
    }
    let ok = format!("{}x{}", "{{#if true}}".repeat(48), "{{/if}}".repeat(48));
    assert_eq!(run(&ok), Ok("x".into()));
}

/// Mustaches inside comments are text: they neither open nor close blocks, so a comment
/// full of `{{#each}}` is accepted and a `{{/if}}` in a comment does not hide a real block.
#[test]
fn blocks_inside_comments_do_not_count() {
    let many = "{{#each x}}".repeat(60);
    for tpl in [
        format!("{{{{!-- {many} --}}}}x"),
        format!("{{{{! {} }}}}x", "{{#if".repeat(60)),
    ] {
        assert_eq!(run(&tpl), Ok("x".into()), "{tpl}");
    }
    // 48 real blocks, with a comment holding closers between them: still 48 deep, accepted;
    // one more real block is refused at its own position.
    let closers = "{{!-- {{/if}}{{/if}}{{/if}} --}}";
    let ok = format!(
        "{}{closers}{}x{}",
        "{{#if true}}".repeat(24),
        "{{#if true}}".repeat(24),
        "{{/if}}".repeat(48)
    );
    assert_eq!(run(&ok), Ok("x".into()));
    let deep = format!(
        "{}{closers}{}x{}",
        "{{#if true}}".repeat(24),
        "{{#if true}}".repeat(25),
        "{{/if}}".repeat(49)
    );
    let col = 48 * 12 + closers.len() + 1;
    assert_eq!(
        run(&deep),
        Err(format!(
            "dir/t/template.hbs:1:{col}: blocks are nested more than 48 deep; flatten the template"
        ))
    );
}

#[test]
fn deep_subexpressions_are_refused_before_parsing() {
    let tpl = format!(
        "{{{{lookup {}. \"a\"{}}}}}",
        "(lookup ".repeat(17),
        ")".repeat(17)
    );
    assert_eq!(
        run(&tpl),
        Err("dir/t/template.hbs:1:138: sub-expressions are nested more than 16 deep; use fewer nested `( … )`".into())
    );
}

#[test]
fn loops_nested_past_three_are_refused() {
    let tpl = "{{#each tokens}}{{#each @root.tokens}}{{#each @root.tokens}}\n{{#each @root.tokens}}x{{/each}}{{/each}}{{/each}}{{/each}}";
    assert_eq!(
        run(tpl),
        Err("dir/t/template.hbs:2:1: `{{#each}}` blocks are nested more than 3 deep, so the template could loop for a very long time; the data is modes → tokens, loop over each list once".into())
    );
    // Three levels are allowed; the output is bounded by the data (2 tokens → 2³ = 8).
    let ok =
        "{{#each tokens}}{{#each @root.tokens}}{{#each @root.tokens}}x{{/each}}{{/each}}{{/each}}";
    assert_eq!(run(ok), Ok("xxxxxxxx".into()));
}

#[test]
fn the_shipped_templates_still_load() {
    let names: Vec<String> = Registry::builtin()
        .list()
        .map(|e| e.name().to_string())
        .collect();
    for n in ["swiftui", "compose", "flutter"] {
        assert!(names.iter().any(|x| x == n), "{n} missing from {names:?}");
    }
}

#[test]
fn a_template_cannot_write_outside_the_output_folder() {
    let root = tempfile::tempdir().expect("tempdir");
    let out = root.path().join("out");
    for (file, shown) in [
        ("../escaped.txt", "../escaped.txt".to_string()),
        ("a/../../escaped.txt", "a/../../escaped.txt".to_string()),
        (
            root.path().join("abs.txt").to_str().expect("utf-8"),
            root.path().join("abs.txt").display().to_string(),
        ),
    ] {
        let templates = root.path().join("templates");
        let fmt = templates.join("evil");
        std::fs::create_dir_all(&fmt).expect("mkdir");
        std::fs::write(
            fmt.join("format.json"),
            serde_json::json!({"description": "e", "extension": "txt", "file": file, "dialect": "css"})
                .to_string(),
        )
        .expect("write");
        std::fs::write(fmt.join("template.hbs"), "pwned\n").expect("write");
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_tokencraft"))
            .args(["build", "--format", "evil", "--templates"])
            .arg(&templates)
            .arg("--out")
            .arg(&out)
            .arg(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("examples/acme/base.tokens.json"),
            )
            .output()
            .expect("run tokencraft");
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{err}");
        assert!(
            err.contains(&format!(
                "error[E-EMIT-PATH]: format `evil` would write `{shown}`, which is outside the output folder {}",
                out.display()
            )),
            "{err}"
        );
        assert!(!root.path().join("escaped.txt").exists());
        assert!(!root.path().join("abs.txt").exists());
        assert!(!out.exists(), "nothing is written after an error");
    }
}
