//! Profiling aid (not a test): rebuilds a project again and again with one `Memory`, as
//! `serve` does after each save, appending a line to a page before each build.
//! `cargo run --release --example rebuild_profile -- DIR [PAGE [BUILDS]]` (set
//! CAREERGUIDE_TIMINGS=1 for stage times; 20 builds unless BUILDS is given).
fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("usage: rebuild_profile DIR [PAGE]"));
    let page = args.next().map(|p| root.join(p));
    let builds: usize = args
        .next()
        .map_or(20, |n| n.parse().expect("BUILDS is a number"));
    let memory = careerguide::pipeline::Memory::default();
    let options = careerguide::pipeline::Options {
        base_url: Some("http://127.0.0.1:8000/".into()),
        minify: Some(false),
        defer_search_index: true,
        preview: true,
        ..Default::default()
    };
    let original = page.as_ref().map(|p| std::fs::read_to_string(p).unwrap());
    for i in 0..builds {
        if let (Some(p), Some(text)) = (&page, &original) {
            std::fs::write(p, format!("{text}\nEdit {i}.\n")).unwrap();
        }
        let t = std::time::Instant::now();
        let built = careerguide::pipeline::build_remembering(&root, &options, &memory);
        let ms = t.elapsed().as_millis();
        drop(built);
        eprintln!("build {i}: {ms} ms");
    }
    if let (Some(p), Some(text)) = (&page, &original) {
        std::fs::write(p, text).unwrap();
    }
}
