//! The OpenAPI document matches the router exactly: every routed (path, method) is in the
//! document and the document names nothing that is not routed.

mod api_support;

use api_support::Env;
use std::collections::BTreeSet;
use tokencraft::api::router::{route, ROUTES};
use tokencraft::api::{openapi_document, Request};

#[test]
fn document_and_router_agree() {
    let doc = openapi_document();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut documented = BTreeSet::new();
    // The session API's paths (under /api, not /api/v1) are checked in tests/session_api.rs.
    for (path, item) in doc["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(p, _)| p.starts_with("/api/v1/"))
    {
        for method in item
            .as_object()
            .into_iter()
            .flatten()
            .map(|(m, _)| m.to_ascii_uppercase())
        {
            documented.insert((path.clone(), method));
        }
    }
    let mut routed = BTreeSet::new();
    for def in ROUTES {
        for (m, _) in def.methods {
            routed.insert((format!("/api/v1{}", def.template), (*m).to_owned()));
        }
    }
    assert_eq!(documented, routed);
    // And each documented operation really routes: fill parameters with sample ids.
    for (path, method) in &documented {
        let concrete = path
            .split('/')
            .map(|s| if s.starts_with('{') { "x1" } else { s })
            .collect::<Vec<_>>()
            .join("/");
        assert!(
            route(method, &concrete).is_ok(),
            "{method} {path} is documented but not routed"
        );
    }
    // The 22 documented endpoints, M3 and the document itself.
    assert_eq!(routed.len(), 24);
}

#[test]
fn the_document_is_served_without_a_token() {
    let env = Env::new();
    let r = env.api.handle(&Request::new("GET", "/api/v1/openapi.json"));
    assert_eq!(r.status, 200);
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap_or_default();
    assert_eq!(v, openapi_document());
    assert!(v["components"]["schemas"]["Token"]["properties"]["alias_to"].is_object());
}
