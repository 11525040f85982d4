#[test]
fn real() {
    use std::collections::BTreeMap;
    let mut files = Vec::new();
    let mut stack = vec![std::path::PathBuf::from("/tmp/package")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p)
            } else if p.to_string_lossy().ends_with(".tokens.json") {
                files.push(p)
            }
        }
    }
    files.sort();
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut samples: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut tokens = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let (set, diags) = tokencraft::parse::dtcg::parse_str(
            &f.display().to_string(),
            &text,
            "default",
            &Default::default(),
        );
        tokens += set.paths.len();
        for d in &diags.items {
            *counts.entry(d.code).or_default() += 1;
            samples.entry(d.code).or_insert_with(|| d.to_string());
        }
    }
    eprintln!("{} files, {} tokens", files.len(), tokens);
    for (c, n) in &counts {
        eprintln!("{c}: {n}\n   e.g. {}", samples[c]);
    }
}
