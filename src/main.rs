//! The `careerguide` command line.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use careerguide::diagnostics::{self, Diagnostic};
use careerguide::{output, pipeline};

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
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the website into a folder (public/ by default)
    ///
    /// The new site replaces the old one only when the whole build succeeds: after an error
    /// the previous output is left exactly as it was.
    Build {
        #[command(flatten)]
        common: CommonArgs,
        /// Folder to write the website to (relative paths are inside --root)
        #[arg(long, short, value_name = "DIR", default_value = "public")]
        output: PathBuf,
        /// Write HTML as it comes from the templates, without minifying it
        #[arg(long)]
        no_minify: bool,
    },
    /// Check the content without writing anything, reporting every problem at once
    ///
    /// Reports broken links and anchors, images without alt text, skipped heading levels,
    /// vague link text, pages past their review date, glossary gaps and incomplete case
    /// studies. Exit status 1 if there are errors, 0 if there are only warnings.
    Check {
        #[command(flatten)]
        common: CommonArgs,
        /// Output format: text for people, json for tools
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
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
        } => build(&common, &output, no_minify),
        Command::Check { common, format } => check(&common, format),
    }
}

fn options(common: &CommonArgs, minify: Option<bool>) -> pipeline::Options {
    pipeline::Options {
        base_url: common.base_url.clone(),
        minify,
        today: None,
    }
}

fn print_all(problems: &[Diagnostic]) {
    let colour = diagnostics::use_colour();
    for p in problems {
        eprint!("{}", p.render(colour));
    }
}

fn build(common: &CommonArgs, output_dir: &std::path::Path, no_minify: bool) -> ExitCode {
    let started = Instant::now();
    let output_dir = common.root.join(output_dir);
    match pipeline::build(&common.root, &options(common, no_minify.then_some(false))) {
        Ok(built) => {
            let warnings: Vec<Diagnostic> = built.warnings().collect();
            print_all(&warnings);
            if let Err(e) = output::write_site(&built.files, &output_dir) {
                eprintln!(
                    "error: could not write the site to {}: {e}\n  hint: check the folder is writable and the disk has space; the previous site was left as it was",
                    output_dir.display()
                );
                return ExitCode::from(1);
            }
            eprintln!(
                "Built {} pages in {} ms into {}{}",
                built.page_count,
                started.elapsed().as_millis(),
                output_dir.display(),
                if warnings.is_empty() {
                    String::new()
                } else {
                    format!(
                        " ({} warnings: run `careerguide check` for details)",
                        warnings.len()
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
                output_dir.display()
            );
            ExitCode::from(1)
        }
    }
}

fn check(common: &CommonArgs, format: Format) -> ExitCode {
    let problems = match pipeline::build(&common.root, &options(common, Some(false))) {
        Ok(built) => built.lints,
        Err(problems) => problems,
    };
    let mut problems = problems;
    diagnostics::sort(&mut problems);
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    match format {
        Format::Json => match serde_json::to_string_pretty(&problems) {
            Ok(json) => println!("{json}"),
            Err(e) => eprintln!("error: {e}"),
        },
        Format::Text => {
            print_all(&problems);
            eprintln!("{errors} errors, {warnings} warnings");
        }
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
