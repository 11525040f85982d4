#[test]
fn perf() {
    use tokencraft::model::TokenSet;
    let dir = "/work/data/n100000-m4-object";
    let text = std::fs::read_to_string(format!("{dir}/light.tokens.json")).unwrap();
    let n = tokencraft::parse::json::parse(&text, 0, &Default::default()).unwrap();
    let mut best = std::time::Duration::MAX;
    for _ in 0..5 {
        let mut set = TokenSet::default();
        let mode = set.add_mode("default");
        let mut diags = Default::default();
        let t = std::time::Instant::now();
        tokencraft::parse::dtcg::read_tree(&n, &mut set, mode, &Default::default(), &mut diags);
        best = best.min(t.elapsed());
        std::mem::forget(set);
    }
    eprintln!("read_tree {best:?}");
}
