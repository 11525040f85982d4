//! E1/E2 through `handle()`: formats and headers, ETag / If-None-Match → 304, and cache
//! invalidation by every kind of write that changes the result.

mod api_support;

use api_support::Env;
use serde_json::json;
use tokencraft::api::Request;
use tokencraft::store::Plan;

struct Set {
    env: Env,
    ts: String,
    light: String,
    dark: String,
}

fn set() -> Set {
    let mut env = Env::new();
    env.user("o", Plan::Pro);
    let ws = env.create("o", "/api/v1/workspaces", json!({"name": "W"}));
    let ts = env.create(
        "o",
        &format!("/api/v1/workspaces/{ws}/tokensets"),
        json!({"name": "Brand Colors"}),
    );
    let light = env.default_mode("o", &ts);
    env.call(
        "o",
        "PATCH",
        &format!("/api/v1/tokensets/{ts}/modes/{light}"),
        Some(json!({"name": "Light"})),
    );
    let dark = env.create(
        "o",
        &format!("/api/v1/tokensets/{ts}/modes"),
        json!({"name": "Dark"}),
    );
    let l = format!("/api/v1/tokensets/{ts}/modes/{light}/tokens");
    let d = format!("/api/v1/tokensets/{ts}/modes/{dark}/tokens");
    env.create("o", &l, json!({"name": "colors.primary.500", "type": "color", "value": "#3b82f6", "description": "Primary brand color"}));
    env.create(
        "o",
        &l,
        json!({"name": "colors.background.default", "type": "color", "value": "#ffffff"}),
    );
    env.create(
        "o",
        &l,
        json!({"name": "spacing.base", "type": "dimension", "value": "16px"}),
    );
    env.create(
        "o",
        &d,
        json!({"name": "colors.primary.500", "type": "color", "value": "#60a5fa"}),
    );
    Set {
        env,
        ts,
        light,
        dark,
    }
}

fn export(s: &Set, path: &str, inm: Option<&str>) -> tokencraft::api::Response {
    let mut req =
        Request::new("GET", path).header("Authorization", &format!("Bearer {}", s.env.tokens["o"]));
    if let Some(v) = inm {
        req = req.header("If-None-Match", v);
    }
    s.env.api.handle(&req)
}

#[test]
fn formats_headers_and_documented_shapes() {
    let s = set();
    let one = format!("/api/v1/tokensets/{}/modes/{}/export", s.ts, s.light);
    let all = format!("/api/v1/tokensets/{}/export", s.ts);
    let r = export(&s, &format!("{one}?format=css"), None);
    assert_eq!(r.status, 200);
    assert_eq!(r.header_value("Content-Type"), Some("text/css"));
    assert_eq!(
        r.header_value("Content-Disposition"),
        Some("attachment; filename=\"brand-colors-light.css\"")
    );
    assert_eq!(
        String::from_utf8_lossy(&r.body),
        ":root {\n  /* Primary brand color */\n  --colors-primary-500: #3b82f6;\n  --colors-background-default: #ffffff;\n  --spacing-base: 16px;\n}\n"
    );
    let r = export(&s, &one, None);
    assert_eq!(
        r.header_value("Content-Type"),
        Some("application/json"),
        "json is the default"
    );
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap_or_default();
    assert_eq!(
        v,
        json!({
        "colors": { "primary": { "500": { "value": "#3b82f6", "type": "color", "description": "Primary brand color" } },
                    "background": { "default": { "value": "#ffffff", "type": "color" } } },
        "spacing": { "base": { "value": "16px", "type": "dimension" } } })
    );
    let r = export(&s, &format!("{all}?format=json"), None);
    assert_eq!(
        r.header_value("Content-Disposition"),
        Some("attachment; filename=\"brand-colors.json\"")
    );
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap_or_default();
    // A mode without its own row for a token exports the default mode's (fallback).
    assert_eq!(
        v["$modes"]["dark"],
        json!({
        "colors": { "primary": { "500": { "value": "#60a5fa", "type": "color" } },
                    "background": { "default": { "value": "#ffffff", "type": "color" } } },
        "spacing": { "base": { "value": "16px", "type": "dimension" } } })
    );
    assert_eq!(
        v["$modes"]
            .as_object()
            .map(|m| m.keys().cloned().collect::<Vec<_>>()),
        Some(vec!["light".to_owned(), "dark".to_owned()])
    );
    let r = export(&s, &format!("{all}?format=css"), None);
    let css = String::from_utf8_lossy(&r.body).into_owned();
    assert_eq!(
        css,
        "/* Light Mode */\n:root[data-theme=\"light\"] {\n  /* Primary brand color */\n  --colors-primary-500: #3b82f6;\n  --colors-background-default: #ffffff;\n  --spacing-base: 16px;\n}\n\n/* Dark Mode */\n:root[data-theme=\"dark\"] {\n  --colors-primary-500: #60a5fa;\n  --colors-background-default: #ffffff;\n  --spacing-base: 16px;\n}\n"
    );
}

/// A cached export is sent from the cache's own bytes: two responses share one buffer
/// (no copy of the body per response).
#[test]
fn cached_exports_share_the_body_bytes() {
    let s = set();
    let p = format!("/api/v1/tokensets/{}/export?format=css", s.ts);
    let first = export(&s, &p, None);
    let second = export(&s, &p, None);
    let third = export(&s, &p, None);
    assert_eq!((first.status, second.status), (200, 200));
    assert_eq!(first.body, second.body);
    assert!(!second.body.is_empty());
    assert!(std::ptr::eq(second.body.as_ptr(), third.body.as_ptr()));
}

#[test]
fn etag_and_if_none_match() {
    let s = set();
    let p = format!("/api/v1/tokensets/{}/export?format=css", s.ts);
    let r = export(&s, &p, None);
    let etag = r.header_value("ETag").unwrap_or_default().to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && etag.len() == 34,
        "{etag}"
    );
    for inm in [
        etag.clone(),
        format!("W/{etag}"),
        format!("\"x\", {etag}"),
        "*".to_owned(),
    ] {
        let r = export(&s, &p, Some(&inm));
        assert_eq!(
            (r.status, r.body.len(), r.header_value("ETag")),
            (304, 0, Some(etag.as_str())),
            "{inm}"
        );
        assert!(r.header_value("X-RateLimit-Remaining").is_some());
    }
    assert_eq!(export(&s, &p, Some("\"other\"")).status, 200);
    // Same content → same ETag, in another store with other ids.
    let s2 = set();
    let r2 = export(
        &s2,
        &format!("/api/v1/tokensets/{}/export?format=css", s2.ts),
        None,
    );
    assert_eq!(r2.header_value("ETag"), Some(etag.as_str()));
    assert_eq!(r2.body, r.body);
}

#[test]
fn every_write_that_changes_the_result_invalidates_the_cache() {
    let s = set();
    let all = format!("/api/v1/tokensets/{}/export?format=css", s.ts);
    let one = format!(
        "/api/v1/tokensets/{}/modes/{}/export?format=json",
        s.ts, s.light
    );
    let l = format!("/api/v1/tokensets/{}/modes/{}/tokens", s.ts, s.light);
    let d = format!("/api/v1/tokensets/{}/modes/{}", s.ts, s.dark);
    let state = |s: &Set| {
        let a = export(s, &all, None);
        let b = export(s, &one, None);
        (
            String::from_utf8_lossy(&a.body).into_owned(),
            a.header_value("ETag").map(str::to_owned),
            String::from_utf8_lossy(&b.body).into_owned(),
            b.header_value("Content-Disposition").map(str::to_owned),
        )
    };
    let writes: Vec<(&str, String, Option<serde_json::Value>, &str)> = vec![
        (
            "PATCH",
            format!("{l}/spacing.base"),
            Some(json!({"value": "20px"})),
            "--spacing-base: 20px;",
        ),
        (
            "POST",
            l.clone(),
            Some(json!({"name": "radius.sm", "type": "dimension", "value": "2px"})),
            "--radius-sm: 2px;",
        ),
        (
            "POST",
            l.clone(),
            Some(json!({"name": "colors.link", "type": "color", "alias_to": "colors.primary.500"})),
            "--colors-link: #3b82f6;",
        ),
        (
            "PATCH",
            format!("{l}/colors.primary.500"),
            Some(json!({"value": "#000000"})),
            "--colors-link: #000000;",
        ),
        ("DELETE", format!("{l}/radius.sm"), None, "!--radius-sm"),
        (
            "PATCH",
            d.clone(),
            Some(json!({"name": "Night"})),
            "/* Night Mode */",
        ),
        (
            "POST",
            format!("/api/v1/tokensets/{}/modes", s.ts),
            Some(json!({"name": "HC"})),
            "/* HC Mode */",
        ),
        (
            "PATCH",
            format!("/api/v1/tokensets/{}", s.ts),
            Some(json!({"name": "Palette"})),
            "palette-light.json",
        ),
        ("DELETE", d, None, "!Night"),
    ];
    let mut before = state(&s);
    for (method, path, body, expect) in writes {
        let (st, v) = s.env.call("o", method, &path, body);
        assert!(st == 200 || st == 201, "{method} {path}: {v}");
        let after = state(&s);
        assert_ne!(after, before, "{method} {path} did not change the export");
        let text = format!("{}\n{}\n{:?}", after.0, after.2, after.3);
        match expect.strip_prefix('!') {
            Some(gone) => assert!(!text.contains(gone), "{method} {path}: {text}"),
            None => assert!(text.contains(expect), "{method} {path}: {text}"),
        }
        before = after;
    }
    // A write elsewhere does not change this export.
    let (_, v) = s.env.call("o", "GET", "/api/v1/workspaces", None);
    let ws = v["workspaces"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    s.env.create(
        "o",
        &format!("/api/v1/workspaces/{ws}/tokensets"),
        json!({"name": "Other"}),
    );
    assert_eq!(state(&s), before);
}

#[test]
fn broken_aliases_are_left_out() {
    let s = set();
    let l = format!("/api/v1/tokensets/{}/modes/{}/tokens", s.ts, s.light);
    s.env.create(
        "o",
        &l,
        json!({"name": "tmp", "type": "color", "value": "#111111"}),
    );
    s.env.create(
        "o",
        &l,
        json!({"name": "uses.tmp", "type": "color", "alias_to": "tmp"}),
    );
    assert_eq!(s.env.call("o", "DELETE", &format!("{l}/tmp"), None).0, 200);
    let r = export(
        &s,
        &format!(
            "/api/v1/tokensets/{}/modes/{}/export?format=css",
            s.ts, s.light
        ),
        None,
    );
    let css = String::from_utf8_lossy(&r.body);
    assert!(!css.contains("uses-tmp"), "{css}");
    assert!(css.contains("--spacing-base: 16px;"));
}

#[test]
fn ios_and_android_follow_the_documented_shapes() {
    let s = set();
    let one = format!("/api/v1/tokensets/{}/modes/{}/export", s.ts, s.light);
    let r = export(&s, &format!("{one}?format=ios"), None);
    assert_eq!(
        (r.status, r.header_value("Content-Type")),
        (200, Some("text/plain"))
    );
    assert_eq!(
        r.header_value("Content-Disposition"),
        Some("attachment; filename=\"brand-colors-light.swift\"")
    );
    let swift = String::from_utf8_lossy(&r.body);
    assert!(swift.starts_with("import UIKit\n\n// Design Tokens\n// Generated by Tokencraft API\n\nenum DesignTokens {\n"), "{swift}");
    assert!(swift.contains("        /// Primary brand color\n        static let colorsPrimary500 = UIColor(red: 0.231, green: 0.510, blue: 0.965, alpha: 1.000)\n"), "{swift}");
    assert!(
        swift.contains("static let spacingBase: CGFloat = 16.0"),
        "{swift}"
    );
    let r = export(
        &s,
        &format!("/api/v1/tokensets/{}/export?format=android", s.ts),
        None,
    );
    assert_eq!(
        (r.status, r.header_value("Content-Type")),
        (200, Some("application/xml"))
    );
    let xml = String::from_utf8_lossy(&r.body);
    assert!(
        xml.starts_with(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<resources>\n    <!-- Light Mode -->\n"
        ),
        "{xml}"
    );
    assert!(
        xml.contains("<color name=\"colors-primary-500-light\">#3b82f6</color>"),
        "{xml}"
    );
    assert!(
        xml.contains("<color name=\"colors-primary-500-dark\">#60a5fa</color>"),
        "{xml}"
    );
    // Any other registered emitter is a format too.
    let r = export(&s, &format!("{one}?format=scss"), None);
    assert_eq!(r.status, 200);
    assert!(String::from_utf8_lossy(&r.body).contains("$colors-primary-500"));
}
