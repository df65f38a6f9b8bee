fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let memory = careerguide::memo::Memory::default();
    let options = careerguide::pipeline::Options {
        minify: Some(false),
        defer_search_index: true,
        ..Default::default()
    };
    for _ in 0..30 {
        let t = std::time::Instant::now();
        let _ = careerguide::pipeline::build_remembering(&root, &options, &memory).unwrap();
        eprintln!("{} ms", t.elapsed().as_millis());
    }
}
