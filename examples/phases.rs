//! Times each stage of the pipeline on a resolver document (a quick profiling aid).
//!
//! `cargo run --release --example phases -- DATA/tokens.resolver.json`

use indexmap::IndexMap;
use std::time::Instant;
use tokencraft::model::TokenSet;
use tokencraft::parse::{dtcg, resolver};
use tokencraft::resolve::{self, ResolveOptions};
use tokencraft::Diagnostics;

fn main() {
    let path = std::env::args().nth(1).expect("a resolver document");
    let t0 = Instant::now();
    let mut set = TokenSet::default();
    let mut diags = Diagnostics::new();
    let opts = resolver::ResolverOptions::default();
    let doc = resolver::load(path.as_ref(), &mut set.sources, &opts, &mut diags).expect("load");
    let t1 = Instant::now();
    let (perms, default) = doc
        .modes(&IndexMap::new(), true, &set.sources, &mut diags)
        .expect("modes");
    let t2 = Instant::now();
    let trees: Vec<_> = perms
        .iter()
        .map(|p| (&p.tree, set.add_mode(p.name.clone())))
        .collect();
    dtcg::read_trees(&trees, &mut set, &dtcg::ParseOptions::default(), &mut diags);
    drop(trees);
    set.default_mode = default;
    let t3 = Instant::now();
    let (graph, more) = tokencraft::graph::build(&set);
    let t4 = Instant::now();
    let (_resolved, more2) = resolve::resolve(&set, &graph, &ResolveOptions::default());
    let t5 = Instant::now();
    println!(
        "load {:?}  json+merge {:?}  read_tree {:?}  graph {:?}  resolve {:?}  total {:?}  ({} diags)",
        t1 - t0,
        t2 - t1,
        t3 - t2,
        t4 - t3,
        t5 - t4,
        t5 - t0,
        diags.len() + more.len() + more2.len()
    );
}
