//! The command line end to end, on the bundled example and on broken input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn example() -> String {
    root()
        .join("examples/acme/acme.resolver.json")
        .to_string_lossy()
        .into_owned()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tokencraft"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run tokencraft")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_accepts_the_bundled_example() {
    let out = run(&["check", "--all-modes", "--resolver", &example()]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn check_reports_every_problem_with_file_line_col_and_exit_1() {
    let broken = "tests/fixtures/cli/broken.tokens.json";
    let out = run(&["check", broken]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    // The three members of the cycle, the missing target, the bad colour, the bad unit.
    for token in [
        "color.a",
        "color.b",
        "color.c",
        "color.missing",
        "color.bad",
        "size.wrong",
    ] {
        assert!(err.contains(token), "no diagnostic names {token}:\n{err}");
    }
    assert!(err.contains("E-REF-CYCLE"), "{err}");
    assert!(err.contains("E-REF-UNRESOLVED"), "{err}");
    assert!(
        err.contains("broken.tokens.json:7:"),
        "the missing reference is located at line 7:\n{err}"
    );
}

#[test]
fn check_prints_json_diagnostics_on_request() {
    let out = run(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/cli/broken.tokens.json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let diags: serde_json::Value = serde_json::from_slice(&out.stderr).expect("JSON on stderr");
    let items = diags.as_array().expect("an array");
    assert!(items.len() >= 6, "{items:?}");
    for d in items {
        assert!(d["code"].is_string() && d["message"].is_string(), "{d}");
        assert!(d["location"]["line"].as_u64().unwrap_or(0) > 0, "{d}");
    }
}

#[test]
fn resolve_prints_each_mode_of_the_example() {
    let out = run(&["resolve", "--all-modes", "--resolver", &example()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let light = &json["light"];
    let dark = &json["dark"];
    assert_eq!(light["color.action.primary"]["hex"], "#3b82f6");
    assert_eq!(dark["color.action.primary"]["hex"], "#60a5fa");
    assert_eq!(
        light["space.section"],
        serde_json::json!({"value": 2.5, "unit": "rem"})
    );
    // --mode picks one context of the single modifier.
    let out = run(&["resolve", "--mode", "dark", "--resolver", &example()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let one: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(one, *dark);
}

#[test]
fn resolve_is_deterministic() {
    let a = run(&["resolve", "--all-modes", "--resolver", &example()]);
    let b = run(&["resolve", "--all-modes", "--resolver", &example()]);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn unknown_mode_is_a_usage_error_naming_the_modes() {
    let out = run(&["resolve", "--mode", "sepia", "--resolver", &example()]);
    assert_ne!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("sepia") && err.contains("light") && err.contains("dark"),
        "{err}"
    );
}

fn temp_out() -> PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    dir.join("out")
}

#[test]
fn build_writes_every_requested_format() {
    let out_dir = temp_out();
    let out = run(&[
        "build",
        "--resolver",
        &example(),
        "--all-modes",
        "--format",
        "css,scss,json",
        "--out",
        &out_dir.to_string_lossy(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let files: Vec<_> = std::fs::read_dir(&out_dir).unwrap().collect();
    assert!(files.len() >= 3, "{files:?}");
}

#[test]
fn build_with_errors_writes_nothing() {
    let out_dir = temp_out();
    let out = run(&[
        "build",
        "tests/fixtures/cli/broken.tokens.json",
        "--format",
        "css",
        "--out",
        &out_dir.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!out_dir.exists(), "no output folder after a failed build");
}

#[test]
fn unknown_format_names_the_available_ones() {
    let out_dir = temp_out();
    let out = run(&[
        "build",
        "--resolver",
        &example(),
        "--format",
        "cobol",
        "--out",
        &out_dir.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("cobol") && err.contains("css"), "{err}");
}

#[test]
fn formats_lists_the_builtins_with_descriptions() {
    let out = run(&["formats"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for name in [
        "json",
        "css",
        "ios",
        "android",
        "scss",
        "dtcg",
        "js",
        "ts",
        "compose",
        "flutter",
        "tailwind",
        "swiftui",
        "android-resources",
        "json-flat",
        "json-nested",
    ] {
        assert!(
            text.lines()
                .any(|l| l.split_whitespace().next() == Some(name)),
            "{name} missing from:\n{text}"
        );
    }
}

#[test]
fn missing_input_file_is_an_io_error() {
    let out = run(&["check", "tests/fixtures/cli/does-not-exist.json"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("does-not-exist.json"));
}

#[test]
fn text_output_caps_repeated_warnings_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("legacy.tokens.json");
    let members: Vec<String> = (0..15)
        .map(|i| format!(r#""s{i}": {{ "$value": "{i}px" }}"#))
        .collect();
    std::fs::write(
        &path,
        format!(
            r#"{{ "space": {{ "$type": "dimension", {} }} }}"#,
            members.join(", ")
        ),
    )
    .unwrap();
    let p = path.to_string_lossy().into_owned();
    let out = run(&["check", &p]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.matches("warning[W-VALUE-LEGACY]").count(), 10, "{err}");
    assert!(
        err.contains("… 5 more W-VALUE-LEGACY warning(s) not shown"),
        "{err}"
    );
    assert!(err.contains("0 error(s), 15 warning(s)"), "{err}");
    let out = run(&["check", "--all-warnings", &p]);
    assert_eq!(stderr(&out).matches("warning[W-VALUE-LEGACY]").count(), 15);
}

/// A non-standard `$type` is reported once per type name, by the reader, with its
/// location — not a second time by resolution.
#[test]
fn a_nonstandard_type_is_warned_about_once_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("custom.tokens.json");
    std::fs::write(
        &file,
        r#"{"a": {"$type": "viewport", "$value": "x"}, "b": {"$type": "viewport", "$value": "y"}}"#,
    )
    .unwrap();
    let out = run(&["check", &file.to_string_lossy()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let warnings: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("W-TYPE-NONSTANDARD"))
        .collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(
        warnings[0].contains("custom.tokens.json:1:") && warnings[0].contains("`viewport`"),
        "{err}"
    );
}

/// D-7: non-standard units that CSS or a platform knows (`em`, `%`, `dp`) are kept with a
/// warning; a unit nothing can write (`parsecs`) is an error naming the token.
#[test]
fn unknown_dimension_units_are_errors_and_css_units_are_tolerated() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("units.tokens.json");
    std::fs::write(
        &file,
        r#"{"$type": "dimension",
  "em": {"$value": {"value": 1.5, "unit": "em"}},
  "pc": {"$value": {"value": 50, "unit": "%"}},
  "dp": {"$value": {"value": 8, "unit": "dp"}},
  "far": {"$value": {"value": 4, "unit": "parsecs"}}}"#,
    )
    .unwrap();
    let out = run(&["check", &file.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(":5:3: error[E-VALUE-INVALID]: invalid dimension: `parsecs` is not a CSS length unit or a platform unit (token far, mode default)"), "{err}");
    assert_eq!(err.matches("warning[W-VALUE-LEGACY]").count(), 3, "{err}");
    assert!(err.contains("1 error(s), 3 warning(s)"), "{err}");
}

/// `build --config`: each output goes to its destination (relative to the configuration
/// file) with its own format, options and modes; a resolution error writes nothing.
#[test]
fn build_with_a_config_file_writes_each_output() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tokencraft.json");
    std::fs::write(
        &config,
        r#"{ "outputs": [
            { "format": "css", "destination": "web", "modes": "all", "options": { "prefix": "acme" } },
            { "format": "json", "destination": "data", "modes": "default" }
        ] }"#,
    )
    .unwrap();
    let config = config.to_string_lossy().into_owned();
    let out = run(&["build", "--resolver", &example(), "--config", &config]);
    assert!(out.status.success(), "{}", stderr(&out));
    let files = |sub: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir.path().join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(files("web").len(), 1, "{:?}", files("web"));
    assert_eq!(files("data").len(), 1, "{:?}", files("data"));
    let css = std::fs::read_to_string(dir.path().join("web").join(&files("web")[0])).unwrap();
    assert!(css.contains("--acme-"), "{css}");

    let broken = root().join("tests/fixtures/cli/broken.tokens.json");
    let fresh = tempfile::tempdir().unwrap();
    let config2 = fresh.path().join("tokencraft.json");
    std::fs::write(
        &config2,
        r#"{ "outputs": [ { "format": "css", "destination": "web" } ] }"#,
    )
    .unwrap();
    let out = run(&[
        "build",
        &broken.to_string_lossy(),
        "--config",
        &config2.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        !fresh.path().join("web").exists(),
        "nothing is written on errors"
    );
}
