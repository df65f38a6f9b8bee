//! Profiling aid (not a test): builds a project's search index on its own, a few times,
//! as `build` does (each file handed on as it is made), and prints the CPU time and the
//! peak of heap bytes each build of the index took
//! (counted by a global allocator, so the figure does not depend on the machine's load).
//! `cargo run --release --example index_profile -- DIR [RUNS]`
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let live = LIVE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
            PEAK.fetch_max(live, Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// User + system CPU time of the process so far, in milliseconds (from /proc).
fn cpu_ms() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, r)| r)
        .split_whitespace()
        .collect();
    let ticks: u64 = fields
        .get(11..13)
        .map_or(0, |f| f.iter().filter_map(|t| t.parse::<u64>().ok()).sum());
    ticks * 10
}

#[allow(
    clippy::result_large_err,
    reason = "the sink's error type is the pipeline's"
)]
fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("usage: index_profile DIR [RUNS]"));
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let options = careerguide::pipeline::Options {
        defer_search_index: true,
        ..Default::default()
    };
    let built = careerguide::pipeline::build_remembering(
        &root,
        &options,
        &careerguide::pipeline::Memory::default(),
    );
    let job = match built {
        Ok(b) => b.search_index.expect("a deferred index"),
        Err(_) => panic!("the project does not build"),
    };
    for i in 0..runs {
        let copy = job.clone();
        let before = LIVE.load(Relaxed);
        PEAK.store(before, Relaxed);
        let (cpu, t) = (cpu_ms(), std::time::Instant::now());
        // As `build` does: each file handed on (here counted and dropped) as it is made.
        let (mut count, mut bytes) = (0usize, 0usize);
        let written = copy.write(|f| {
            if let careerguide::output::OutFile::Bytes { bytes: b, .. } = f {
                bytes += b.len();
            }
            count += 1;
            Ok(())
        });
        assert!(written.is_ok());
        let (cpu, ms) = (cpu_ms() - cpu, t.elapsed().as_millis());
        let peak = PEAK.load(Relaxed) - before;
        eprintln!(
            "index {i}: {ms} ms wall, {cpu} ms CPU, peak {:.1} MB above the documents, {} files {:.1} MB",
            peak as f64 / 1e6,
            count,
            bytes as f64 / 1e6
        );
    }
}
