//! Benchmark (not a test): time from saving a file to the reload event reaching an open page,
//! with `careerguide serve` on the bundled site and on the bundled site plus generated pages.
//!
//! ```text
//! cargo build --release && cargo run --release --example serve_latency -- [--pages 1000] [--shape generated|one-section] [--saves 30] [--bin PATH]... [--rounds N]
//! ```
//!
//! It copies config.yaml, content/ and themes/ to a temporary folder, starts the release
//! binary there on a free port, listens to `/__careerguide/events`, then saves a guide page
//! (and a stylesheet) again and again, timing each save until its `reload` event arrives.
//! Each save adds a sentence at the end of the page's text (its body only: no title or
//! heading changes). The generated pages go in `content/generated/` (`--shape generated`,
//! the default), or are ~900-word sections of the guide itself (`--shape one-section`), so
//! that the saved page is one of a guide of 1 000 sections.
//! Given `--bin` more than once (say, an older build and this one), it runs each binary in
//! turn, `--rounds` times over, on the same generated pages, and reports each binary's
//! figures together: side by side, under the same load.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

#[path = "support/mod.rs"]
mod support;
use support::{binary, copy_dir};

fn main() {
    let mut pages = 0usize;
    let mut saves = 30usize;
    let mut rounds = 1usize;
    let mut one_section = false;
    let mut bins: Vec<std::path::PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--pages" => pages = args.next().and_then(|v| v.parse().ok()).unwrap_or(1000),
            "--saves" => saves = args.next().and_then(|v| v.parse().ok()).unwrap_or(30),
            "--rounds" => rounds = args.next().and_then(|v| v.parse().ok()).unwrap_or(1),
            "--bin" => bins.extend(args.next().map(Into::into)),
            "--shape" => match args.next().as_deref() {
                Some("one-section") => one_section = true,
                Some("generated") => one_section = false,
                other => {
                    eprintln!("--shape takes generated or one-section, not {other:?}");
                    std::process::exit(2);
                }
            },
            other => {
                eprintln!(
                    "unknown argument {other}; use --pages N --shape generated|one-section --saves N --bin PATH --rounds N"
                );
                std::process::exit(2);
            }
        }
    }
    if bins.is_empty() {
        bins.push(binary());
    }
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = std::env::temp_dir().join(format!("careerguide-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&site);
    for part in ["content", "themes"] {
        copy_dir(&project.join(part), &site.join(part));
    }
    std::fs::copy(project.join("config.yaml"), site.join("config.yaml")).unwrap();
    if pages > 0 {
        generate(&site, pages, one_section);
    }

    let mut results: Vec<Times> = bins.iter().map(|_| Times::default()).collect();
    for round in 0..rounds {
        for (bin, times) in bins.iter().zip(&mut results) {
            eprintln!("round {}: {}", round + 1, bin.display());
            run(bin, &site, saves, times);
        }
    }
    let _ = std::fs::remove_dir_all(&site);
    println!(
        "site: bundled{}",
        if pages > 0 && one_section {
            format!(" + {pages} sections of ~900 words in content/guide/")
        } else if pages > 0 {
            format!(" + {pages} generated pages")
        } else {
            String::new()
        }
    );
    for (bin, mut times) in bins.iter().zip(results) {
        println!(
            "{}: first build: {}",
            bin.display(),
            times.first_builds.join("; ")
        );
        report("save page → reload event", &mut times.page);
        report("save page → search index reload event", &mut times.index);
        report("save stylesheet → reload event", &mut times.css);
    }
}

#[derive(Default)]
struct Times {
    first_builds: Vec<String>,
    page: Vec<Duration>,
    index: Vec<Duration>,
    css: Vec<Duration>,
}

/// Starts `bin` on `site`, saves a page and a stylesheet again and again, and restores them.
fn run(bin: &Path, site: &Path, saves: usize, times: &mut Times) {
    let mut server = Server::start(bin, site);
    let events = Events::connect(&server.addr);
    events.wait("status", "", Duration::from_secs(30));

    let page = site.join("content/guide/01-introduction.md");
    let original = std::fs::read_to_string(&page).unwrap();
    for i in 0..saves {
        std::thread::sleep(Duration::from_millis(150));
        let started = Instant::now();
        std::fs::write(&page, format!("{original}\nBenchmark edit {i}.\n")).unwrap();
        let wait = Duration::from_secs(30);
        events.wait("reload", "guide/introduction/index.html", wait);
        times.page.push(started.elapsed());
        // The search index follows in a reload of its own (only the search page uses it).
        events.wait("reload", "search/", wait);
        times.index.push(started.elapsed());
    }

    let css = site.join("themes/default/static/css/site.css");
    let original_css = std::fs::read_to_string(&css).unwrap();
    for i in 0..saves.min(10) {
        std::thread::sleep(Duration::from_millis(150));
        let started = Instant::now();
        std::fs::write(&css, format!("{original_css}\n/* edit {i} */\n")).unwrap();
        events.wait("reload", "assets/css/site.css", Duration::from_secs(30));
        times.css.push(started.elapsed());
    }

    times.first_builds.push(server.first_build_line());
    server.stop();
    std::fs::write(&page, original).unwrap();
    std::fs::write(&css, original_css).unwrap();
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let n = times.len();
    if n == 0 {
        return;
    }
    println!(
        "{what}: n={n} median {:.1} ms, p90 {:.1} ms, min {:.1} ms, max {:.1} ms",
        ms(times[n / 2]),
        ms(times[(n * 9 / 10).min(n - 1)]),
        ms(times[0]),
        ms(times[n - 1])
    );
}

/// `count` pages in `content/generated/`, each about as long as a guide section, with
/// headings, a list, links to its neighbours and to the guide; or, with `in_guide`, `count`
/// sections of about 900 words in `content/guide/` itself.
fn generate(site: &Path, count: usize, in_guide: bool) {
    let paragraph = "Clinical academics combine research with clinical practice. Managers can \
support them by protecting time for study, helping them find a mentor, and making the case \
for backfill so that the service does not suffer while they train.";
    if in_guide {
        // Five paragraphs of 40 words under each of four parts: about 900 words.
        let long = [paragraph; 5].join("\n\n");
        for i in 0..count {
            let prev = if i > 0 { i - 1 } else { count - 1 };
            let next = (i + 1) % count;
            let text = format!(
                "---\ntitle: Added section {i}\nsummary: Section {i} of the benchmark.\n---\n\n\
{long}\n\n## Getting started\n\n{long}\n\n- Talk to your manager.\n- Find a mentor.\n\
- Read the [introduction](01-introduction.md).\n\n## Building support networks\n\n\
{long}\n\nSee [section {prev}](90-added-{prev:04}.md#getting-started) and \
[section {next}](90-added-{next:04}.md#building-support-networks).\n\n### Funding\n\n{long}\n"
            );
            std::fs::write(site.join(format!("content/guide/90-added-{i:04}.md")), text).unwrap();
        }
        return;
    }
    let dir = site.join("content/generated");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("_index.md"),
        "---\ntitle: Generated pages\nsummary: Pages made for the benchmark.\n---\n\nEvery generated page.\n",
    )
    .unwrap();
    for i in 0..count {
        let prev = if i > 0 { i - 1 } else { count - 1 };
        let next = (i + 1) % count;
        let text = format!(
            "---\ntitle: Generated page {i}\nsummary: Page {i} of the benchmark.\n---\n\n\
{paragraph}\n\n## Getting started\n\n{paragraph}\n\n- Talk to your manager.\n- Find a mentor.\n\
- Read the [introduction](../guide/01-introduction.md).\n\n## Building support networks\n\n\
{paragraph}\n\nSee [page {prev}](page-{prev:04}.md#getting-started) and \
[page {next}](page-{next:04}.md#building-support-networks).\n\n### Funding\n\n{paragraph}\n"
        );
        std::fs::write(dir.join(format!("page-{i:04}.md")), text).unwrap();
    }
}

struct Server {
    child: Child,
    addr: String,
    stderr: Receiver<String>,
}

impl Server {
    // The child is kept in `Server` and killed and waited for by `stop`.
    #[allow(clippy::zombie_processes)]
    fn start(bin: &Path, root: &Path) -> Server {
        let mut child = Command::new(bin)
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, stderr) = channel();
        let pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        loop {
            line.clear();
            if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                let _ = child.kill();
                let _ = child.wait();
                panic!("serve stopped before printing its address");
            }
            if let Some(url) = line.trim().strip_prefix("Serving the guide at http://") {
                let addr = url.trim_end_matches('/').to_string();
                return Server {
                    child,
                    addr,
                    stderr,
                };
            }
        }
    }

    fn first_build_line(&self) -> String {
        self.stderr
            .try_iter()
            .find(|l| l.starts_with("Built "))
            .unwrap_or_default()
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Events {
    receiver: Receiver<(String, String)>,
}

impl Events {
    fn connect(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET /__careerguide/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
        )
        .unwrap();
        let (tx, receiver) = channel();
        std::thread::spawn(move || {
            let mut buffer = [0u8; 65536];
            let mut text = String::new();
            loop {
                let n = match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => n,
                };
                text.push_str(&String::from_utf8_lossy(&buffer[..n]));
                // One event is "event: name\ndata: {…}\n\n", written in one chunk.
                while let Some(start) = text.find("event: ") {
                    let Some(end) = text[start..].find("\n\n") else {
                        break;
                    };
                    let event = text[start + 7..start + end].to_string();
                    text.drain(..start + end);
                    let (name, data) = event.split_once('\n').unwrap_or((&event, ""));
                    if tx
                        .send((name.trim().to_string(), data.to_string()))
                        .is_err()
                    {
                        return;
                    }
                }
            }
        });
        Events { receiver }
    }

    /// Waits for an event `name` whose data mentions `about` (a changed file).
    fn wait(&self, name: &str, about: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.receiver.recv_timeout(left) {
                Ok((n, data)) if n == name && data.contains(about) => return,
                Ok(_) => {}
                Err(_) => panic!("no {name} event about {about} within {timeout:?}"),
            }
        }
    }
}
