//! The `careerguide` command line.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use careerguide::diagnostics::{self, Diagnostic};
use careerguide::{external, output, pipeline, scaffold, serve};

/// The memory allocator on Linux: jemalloc, not glibc's malloc. On a 10 000-page site glibc
/// kept what each stage had freed (peak RSS about twice the heap in use) and was a fifth of
/// the build's CPU; jemalloc with these settings takes 17-20 % less CPU and returns freed
/// memory within a tenth of a second (docs/performance.md, "Shapes of site").
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod allocator {
    #[global_allocator]
    static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

    /// jemalloc's settings, read once when it starts (`_RJEM_MALLOC_CONF` in the environment
    /// still overrides them): a thread that returns freed memory in the background, two
    /// arenas (the machines we build on have few cores), and freed pages handed back after
    /// 100 ms rather than 10 s (200 ms left the large shape at 391-400 MB, 100 ms at 389-391).
    #[repr(transparent)]
    pub struct Settings(*const std::ffi::c_char);

    // SAFETY: the pointer is to a static string, never written.
    unsafe impl Sync for Settings {}

    #[unsafe(export_name = "_rjem_malloc_conf")]
    pub static SETTINGS: Settings =
        Settings(c"background_thread:true,narenas:2,dirty_decay_ms:100,muzzy_decay_ms:0".as_ptr());
}

#[derive(Parser)]
#[command(
    name = "careerguide",
    version,
    about = "Builds the 'Building a research career' guide into an accessible static website",
    long_about = "Builds the 'Building a research career' guide (or your trust's edited copy of it) \
into an accessible static website: the guide, case studies, career pathway, checklists, \
resources, glossary and search.\n\nRun it from the project folder: the one holding config.yaml, \
content/ and themes/."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct CommonArgs {
    /// Project folder holding config.yaml, content/ and themes/
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Address the site will be published at, e.g. https://intranet.example.nhs.uk/research/
    /// (overrides base_url in config.yaml; enables sitemap.xml, robots.txt and canonical links)
    #[arg(long, value_name = "URL", value_parser = careerguide::config::parse_base_url)]
    base_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the website into a folder (public/ by default)
    ///
    /// The new site replaces the old one only when the whole build succeeds, in one step:
    /// the folder always holds a complete site, and after an error the previous output is
    /// left exactly as it was.
    ///
    /// careerguide only ever replaces a folder it built itself (it holds a
    /// .careerguide-output file), an empty folder or a new one. It refuses, touching nothing,
    /// a folder with other things in it, a file, the project folder, content/, themes/,
    /// local/, any folder holding those, your home folder and / — so a mistyped --output
    /// cannot delete your work. If --output is a link (e.g. to a web server's folder), the
    /// folder it points to is replaced and the link is kept.
    Build {
        #[command(flatten)]
        common: CommonArgs,
        /// Folder to write the website to (relative paths are inside --root)
        #[arg(long, short, value_name = "DIR", default_value = "public")]
        output: PathBuf,
        /// Replace an existing site built by a careerguide older than the
        /// .careerguide-output mark, once (the mark is written, so later builds need no flag).
        /// Never accepted for the project, its folders or anything holding them
        #[arg(long)]
        adopt_output: bool,
        /// Write HTML, scripts and stylesheets as they are, without minifying them
        #[arg(long)]
        no_minify: bool,
    },
    /// Check the content without writing anything, reporting every problem at once
    ///
    /// Reports broken links and anchors, images without alt text, skipped heading levels,
    /// vague link text, pages past their review date, glossary gaps and incomplete case
    /// studies. Exit status 1 if there are errors, 0 if there are only warnings (1 with
    /// --strict).
    Check {
        #[command(flatten)]
        common: CommonArgs,
        /// Output format: text for people, json for tools
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also check links to other websites (needs the network; slower)
        #[arg(long)]
        external: bool,
        /// Fail (exit status 1) on warnings too, e.g. a bundled page you override that an
        /// upgrade changed: for a CI pipeline that must stop until someone has reviewed it
        #[arg(long)]
        strict: bool,
    },
    /// Preview the site in a browser, rebuilding and reloading it as you save
    ///
    /// Watches content/, themes/, config.yaml and the local layer. After each save the changed pages reload in
    /// the browser; if the save broke the build, the last good site stays up and every page
    /// shows what is wrong (file, line and a hint) until you fix it.
    Serve {
        #[command(flatten)]
        common: RootArg,
        /// Port to listen on (0 picks a free one and prints it)
        #[arg(long, short, default_value_t = 8000)]
        port: u16,
        /// Address to listen on. Only this computer can see the preview unless you change it
        #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the preview in your web browser
        #[arg(long)]
        open: bool,
        /// Look for changes every half second instead of waiting to be told (for network drives)
        #[arg(long)]
        poll: bool,
        /// Edit pages, glossary terms and resources in the browser: every page gets an "Edit
        /// this page" link. Prints an address holding a secret key; only this computer can
        /// edit (docs/editing.md)
        #[arg(long)]
        edit: bool,
    },
    /// Start a new case study, checklist or page from a template
    ///
    /// Writes a correctly named file with its front matter filled in and says where it went
    /// (in the local layer's content/ when config.yaml names one). The new page is a draft
    /// (`draft: true`) until you delete that line. Never overwrites an existing file.
    New {
        #[command(flatten)]
        common: RootArg,
        #[command(subcommand)]
        what: NewKind,
    },
    /// Copy a bundled file into your local layer to change it, keeping track of it
    ///
    /// Copies a file of the bundled guide or theme (e.g. content/guide/05-….md or
    /// themes/default/templates/base.html) to the same place in the local layer named by
    /// `local:` in config.yaml, and records which bundled version it came from (in the
    /// layer's overrides.yaml, with a copy under its originals/). After an upgrade, `check`
    /// and `build` warn for every override whose bundled original has changed, showing the
    /// change. Never overwrites a file in the local layer.
    Override {
        #[command(flatten)]
        common: RootArg,
        /// The bundled file, relative to the project folder
        #[arg(value_name = "PATH")]
        path: String,
        /// Record the bundled version as it is now: run it once your copy has what you want
        /// of the bundled file's changes
        #[arg(long)]
        accept: bool,
    },
}

#[derive(clap::Args, Clone)]
struct RootArg {
    /// Project folder holding config.yaml, content/ and themes/
    #[arg(long, value_name = "DIR", default_value = ".", global = true)]
    root: PathBuf,
}

#[derive(Subcommand)]
enum NewKind {
    /// A case study: careerguide new case-study "Priya Shah"
    CaseStudy {
        /// The person's name, as they want it shown
        name: String,
    },
    /// A checklist: careerguide new checklist "Preparing for your appraisal"
    Checklist {
        /// The checklist's title
        title: String,
    },
    /// A page in a section: careerguide new page guide "Funding your research"
    Page {
        /// Folder in content/ the page goes in, e.g. guide (or . for the top level)
        section: String,
        /// The page's title
        title: String,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            common,
            output,
            no_minify,
            adopt_output,
        } => build(&common, &output, no_minify, adopt_output),
        Command::Check {
            common,
            format,
            external,
            strict,
        } => check(&common, format, external, strict),
        Command::Serve {
            common,
            port,
            bind,
            open,
            poll,
            edit,
        } => run_serve(common, port, bind, open, poll, edit),
        Command::New { common, what } => new(&common, what),
        Command::Override {
            common,
            path,
            accept,
        } => run_override(&common, &path, accept),
    }
}

fn run_override(common: &RootArg, path: &str, accept: bool) -> ExitCode {
    let done = if accept {
        careerguide::overrides::accept(&common.root, path)
    } else {
        careerguide::overrides::create(&common.root, path)
    };
    match done {
        Ok(done) if accept && !done.changed => {
            println!(
                "{} already records the bundled version of {} as it is now: nothing to do.",
                safe(&done.record),
                safe(&done.bundled)
            );
            ExitCode::SUCCESS
        }
        Ok(done) if accept => {
            println!(
                "Recorded the bundled version of {} as it is now in {}.",
                safe(&done.bundled),
                safe(&done.record)
            );
            eprintln!(
                "  `careerguide check` will warn again only when a later release changes it."
            );
            ExitCode::SUCCESS
        }
        Ok(done) => {
            println!("Copied {} to {}", safe(&done.bundled), safe(&done.local));
            eprintln!(
                "  Edit {}: the site now uses it instead of {}. The bundled version is recorded in {}.",
                safe(&done.local),
                safe(&done.bundled),
                safe(&done.record)
            );
            eprintln!(
                "  After an upgrade, `careerguide check` shows what changed in {} since.",
                safe(&done.bundled)
            );
            ExitCode::SUCCESS
        }
        Err(problem) => {
            print_all(std::slice::from_ref(&problem));
            ExitCode::from(1)
        }
    }
}

fn run_serve(
    common: RootArg,
    port: u16,
    bind: IpAddr,
    open: bool,
    poll: bool,
    edit: bool,
) -> ExitCode {
    let options = serve::ServeOptions {
        root: common.root,
        bind,
        port,
        open,
        poll,
        edit,
    };
    match serve::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {}", safe(&message));
            ExitCode::from(1)
        }
    }
}

fn new(common: &RootArg, what: NewKind) -> ExitCode {
    let new = match what {
        NewKind::CaseStudy { name } => scaffold::New::CaseStudy { person: name },
        NewKind::Checklist { title } => scaffold::New::Checklist { title },
        NewKind::Page { section, title } => scaffold::New::Page { section, title },
    };
    let today = jiff::ZonedDateTime::now().date();
    match scaffold::create(&common.root, &new, today) {
        Ok(created) => {
            println!("Created {}", safe(&created.shown));
            if let Some(template) = &created.template {
                eprintln!(
                    "  made from {}, with the title and review date filled in",
                    safe(template)
                );
            }
            if created.draft {
                eprintln!(
                    "  It is a draft: it will be published at {} once you remove `draft: true`.",
                    safe(&created.address)
                );
            } else {
                eprintln!("  It will be published at {}.", safe(&created.address));
            }
            eprintln!(
                "  Next: open the file, replace the example text, then run `careerguide serve` to see it."
            );
            ExitCode::SUCCESS
        }
        Err(problem) => {
            print_all(std::slice::from_ref(&problem));
            ExitCode::from(1)
        }
    }
}

fn options(common: &CommonArgs, minify: Option<bool>) -> pipeline::Options {
    pipeline::Options {
        base_url: common.base_url.clone(),
        preview_url: None,
        minify,
        today: None,
        defer_search_index: false,
        preview: false,
    }
}

fn print_all(problems: &[Diagnostic]) {
    let colour = diagnostics::use_colour();
    for p in problems {
        eprint!("{}", p.render(colour));
    }
}

fn build(
    common: &CommonArgs,
    output_dir: &std::path::Path,
    no_minify: bool,
    adopt_output: bool,
) -> ExitCode {
    let started = Instant::now();
    // Shown in messages as the user typed it; relative paths are inside --root.
    let output_dir = if output_dir.as_os_str().is_empty() {
        common.root.clone()
    } else if common.root == std::path::Path::new(".") {
        output_dir.to_path_buf()
    } else {
        common.root.join(output_dir)
    };
    // Judge the output before building: a refused folder costs nothing and is not touched.
    let mut policy = output::Policy::for_project(&common.root).adopting(adopt_output);
    // The trust's local layer, wherever config.yaml puts it (a broken config.yaml stops
    // the build below, before anything is written).
    if let Some(local) = careerguide::config::Config::load(&common.root)
        .ok()
        .and_then(|c| c.local_dir(&common.root))
    {
        policy = policy.protect(local);
    }
    output::clean_up_on_signals();
    let staging = match output::Staging::begin(&output_dir, &policy) {
        Ok(staging) => staging,
        Err(problem) => {
            print_all(&[problem.to_diagnostic()]);
            return ExitCode::from(1);
        }
    };
    for litter in staging.cleaned() {
        eprintln!(
            "Removed {}, left by a build that was stopped",
            safe(&litter.to_string_lossy())
        );
    }
    // Pages are written into the staging folder as they are made; if the build then fails,
    // dropping `staging` discards them and the previous output stays as it was.
    #[allow(clippy::result_large_err)] // the cold path, as in the library
    let write = |file: output::OutFile| staging.write_file(&file).map_err(|e| e.to_diagnostic());
    let options = options(common, no_minify.then_some(false));
    match pipeline::build_into(&common.root, &options, &write) {
        Ok(built) => {
            let warnings: Vec<Diagnostic> = built.warnings().collect();
            print_all(&warnings);
            if let Err(problem) = staging.commit() {
                print_all(&[problem.to_diagnostic()]);
                return ExitCode::from(1);
            }
            if adopt_output {
                eprintln!(
                    "{} now carries the {} mark: later builds replace it without --adopt-output",
                    safe(&output_dir.to_string_lossy()),
                    output::MARK
                );
            }
            eprintln!(
                "Built {} pages in {} ms into {}{}",
                built.page_count,
                started.elapsed().as_millis(),
                safe(&output_dir.to_string_lossy()),
                if warnings.is_empty() {
                    String::new()
                } else {
                    format!(
                        " ({}: run `careerguide check` for details)",
                        tally(warnings.iter())
                    )
                }
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            print_all(&problems);
            eprintln!(
                "Build failed with {} problem{}; {} was left unchanged.",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" },
                safe(&output_dir.to_string_lossy())
            );
            ExitCode::from(1)
        }
    }
}

fn check(common: &CommonArgs, format: Format, external: bool, strict: bool) -> ExitCode {
    let options = options(common, Some(false));
    let mut problems = pipeline::check(&common.root, &options);
    if external {
        if format == Format::Text {
            eprintln!("Checking links to other websites…");
        }
        problems.extend(external::check_site(&common.root, &options));
        diagnostics::sort(&mut problems);
    }
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.iter().filter(|p| p.is_warning()).count();
    let notes = problems.len() - errors - warnings;
    match format {
        Format::Json => match serde_json::to_string_pretty(&problems) {
            Ok(json) => println!("{json}"),
            Err(e) => eprintln!("error: {e}"),
        },
        Format::Text => {
            let colour = diagnostics::use_colour();
            eprint!("{}", render_grouped(&problems, colour));
            let files = problems
                .iter()
                .map(|p| p.file.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            if problems.is_empty() {
                eprintln!("No problems found.");
            } else {
                let mut counts = plural(errors, "error") + ", " + &plural(warnings, "warning");
                if notes > 0 {
                    counts = counts + ", " + &plural(notes, "note");
                }
                eprintln!(
                    "{counts} in {}{}",
                    plural(files, "file"),
                    match (errors, warnings, strict) {
                        (0, 0, _) => " (notes only: nothing to fix)",
                        (0, _, false) => " (warnings only: the site can be published)",
                        (0, _, true) => " (--strict: warnings fail the check)",
                        _ => "",
                    }
                );
            }
        }
    }
    if errors > 0 || (strict && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Text from the command line or a file name, safe to print to a terminal.
fn safe(text: &str) -> std::borrow::Cow<'_, str> {
    diagnostics::terminal_safe(text)
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// "2 errors, 1 warning", "1 note": how many problems of each kind, leaving out the kinds
/// there are none of.
fn tally<'a>(problems: impl Iterator<Item = &'a Diagnostic>) -> String {
    let (mut errors, mut warnings, mut notes) = (0, 0, 0);
    for p in problems {
        if p.is_error() {
            errors += 1;
        } else if p.is_warning() {
            warnings += 1;
        } else {
            notes += 1;
        }
    }
    [(errors, "error"), (warnings, "warning"), (notes, "note")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| plural(n, what))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Problems under one heading per file, in file order, each with its line and hint.
fn render_grouped(problems: &[Diagnostic], colour: bool) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < problems.len() {
        let file = &problems[i].file;
        let group: Vec<&Diagnostic> = problems[i..]
            .iter()
            .take_while(|p| &p.file == file)
            .collect();
        i += group.len();
        let counts = tally(group.iter().copied());
        let heading = if file.is_empty() {
            "(the site)".into()
        } else {
            diagnostics::terminal_safe(file)
        };
        if colour {
            out.push_str(&format!("\x1b[1;4m{heading}\x1b[0m ({counts})\n"));
        } else {
            out.push_str(&format!("{heading} ({counts})\n"));
        }
        for p in group {
            for line in p.render(colour).lines() {
                out.push_str("  ");
                out.push_str(line);
                out.push('\n');
            }
        }
        out.push('\n');
    }
    out
}
