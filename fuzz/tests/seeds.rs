//! Runs every target body over its committed seeds on the stable toolchain
//! (`cargo test --manifest-path fuzz/Cargo.toml`), and over `artifacts/<target>/` when a
//! fuzz run left findings there: a quick replay without nightly.

use arbitrary::{Arbitrary, Unstructured};
use std::path::Path;
use tokencraft_fuzz::api::{api_handle, Req};
use tokencraft_fuzz::emit::{emit_case, Case};

fn inputs(target: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["seeds", "artifacts"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            out.push(std::fs::read(&p).expect("readable input"));
        }
    }
    out
}

#[test]
fn byte_targets_accept_their_seeds() {
    for (target, body) in [
        ("dtcg_parse", tokencraft_fuzz::dtcg_parse as fn(&[u8])),
        ("resolve", tokencraft_fuzz::resolve),
        ("tokencraft_import", tokencraft_fuzz::tokencraft_import),
        ("resolver_doc", tokencraft_fuzz::files::resolver_doc),
    ] {
        let seeds = inputs(target);
        assert!(
            !seeds.is_empty(),
            "no seeds for {target}: run fuzz/seeds.sh"
        );
        for s in &seeds {
            body(s);
        }
    }
}

#[test]
fn structured_targets_accept_their_seeds() {
    for s in inputs("emit") {
        if let Ok(case) = Case::arbitrary_take_rest(Unstructured::new(&s)) {
            emit_case(&case);
        }
    }
    for s in inputs("api_handle") {
        if let Ok(reqs) = Vec::<Req>::arbitrary_take_rest(Unstructured::new(&s)) {
            api_handle(&reqs);
        }
    }
}
