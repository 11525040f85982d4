//! Long chains and long cycles resolve without recursion (the test threads have the
//! default 2 MiB stack).

use serde_json::json;
use tokencraft::model::Value;
use tokencraft::resolve::testkit::SetBuilder;
use tokencraft::resolve::{resolve_set, ResolveOptions};

const N: usize = 100_000;

#[test]
fn chain_of_100k_links_resolves() {
    let mut b = SetBuilder::new(&["base"]);
    b.token("base", "t0", Some("number"), json!(7));
    for i in 1..N {
        b.token(
            "base",
            &format!("t{i}"),
            None,
            json!(format!("{{t{}}}", i - 1)),
        );
    }
    let set = b.build();
    let (graph, resolved, diags) = resolve_set(&set, &ResolveOptions::default());
    assert!(diags.is_empty(), "{diags}");
    let last = set.id(&format!("t{}", N - 1)).unwrap();
    let t = resolved.get(0, last).unwrap();
    assert_eq!(t.value, Value::Number(7.0));
    assert_eq!(t.origin, set.id("t0").unwrap());
    assert_eq!(t.alias_of, set.id(&format!("t{}", N - 2)));
    let order = graph.topological_order(0);
    assert_eq!(order.len(), N);
    assert_eq!(order.first().copied(), set.id("t0"));
}

#[test]
fn cycle_of_100k_members_reports_every_member() {
    let mut b = SetBuilder::new(&["base"]);
    for i in 0..N {
        b.token(
            "base",
            &format!("t{i}"),
            None,
            json!(format!("{{t{}}}", (i + 1) % N)),
        );
    }
    b.token("base", "outside", None, json!("{t5}"));
    let set = b.build();
    let (_, resolved, diags) = resolve_set(&set, &ResolveOptions::default());
    let cycles = diags
        .items
        .iter()
        .filter(|d| d.code == "E-REF-CYCLE")
        .count();
    assert_eq!(cycles, N);
    assert_eq!(resolved.iter(0).count(), 0);
    let first = &diags.items[0];
    assert_eq!(first.token.as_deref(), Some("t0"));
    assert_eq!(
        first.message,
        "circular reference: `t0` → `t1` → `t2` → `t3` → `t4` → `t5` → … (99989 more) … → `t99995` → `t99996` → `t99997` → `t99998` → `t99999` → `t0`"
    );
    let broken: Vec<_> = diags
        .items
        .iter()
        .filter(|d| d.code == "E-REF-BROKEN")
        .collect();
    assert_eq!(broken.len(), 1);
    assert_eq!(broken[0].token.as_deref(), Some("outside"));
}
