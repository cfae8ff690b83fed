//! The `carepress` command: parses arguments, runs the library, maps results to exit codes
//! (0 success, 1 refused or invalid content, 2 usage or environment error).

use carepress::dates::{Day, parse_day};
use carepress::diagnostics::{self, Diagnostic};
use carepress::plan::PlanOptions;
use carepress::scaffold::{self, NewKind};
use carepress::{EnvError, Site};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "carepress",
    version,
    about = "Static site and social content generator for medical practices, with a consent gate"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct SiteArgs {
    /// The site folder (containing carepress.yaml)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Fix "today" (YYYY-MM-DD) for consent expiry, scheduling and review age
    #[arg(long, value_parser = parse_day_arg)]
    today: Option<Day>,
}

#[derive(clap::Args, Clone)]
struct BuildFlags {
    /// Include items marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Include items dated after today
    #[arg(long)]
    future: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Github,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (staged, swapped into place only on success)
    Build {
        #[command(flatten)]
        site: SiteArgs,
        #[command(flatten)]
        flags: BuildFlags,
        /// Output folder (default: <root>/public)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Override base_url from carepress.yaml (e.g. for a preview deploy)
        #[arg(long)]
        base_url: Option<String>,
        /// Report format
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Validate the site (consent, content, links, templates) and write nothing
    Check {
        #[command(flatten)]
        site: SiteArgs,
        #[command(flatten)]
        flags: BuildFlags,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Scaffold a new practice site (config, content, ledger, theme)
    Init {
        /// Folder to create the site in
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Create a new content file from a template
    New {
        #[arg(value_enum)]
        kind: NewKind,
        /// The title; the file name is derived from it
        title: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn parse_day_arg(s: &str) -> Result<Day, String> {
    parse_day(s)
}

fn today_or_local(d: Option<Day>) -> Day {
    d.unwrap_or_else(|| Day(jiff::ZonedDateTime::now().date()))
}

fn report(diags: &[Diagnostic], root: &Path, format: Format) {
    match format {
        Format::Human => {
            if !diags.is_empty() {
                let color =
                    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                eprint!("{}", diagnostics::render_human(diags, root, color));
                eprintln!();
            }
        }
        Format::Json => println!("{}", diagnostics::render_json(diags)),
        Format::Github => print!("{}", diagnostics::render_github(diags)),
    }
}

fn env_error(e: EnvError) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(2)
}

fn load(site: &SiteArgs, base_url: Option<&str>, format: Format) -> Result<Site, ExitCode> {
    match Site::load(&site.root, base_url) {
        Err(e) => Err(env_error(e)),
        Ok(Err(mut diags)) => {
            diagnostics::sort(&mut diags);
            report(&diags, &site.root, format);
            eprintln!("refused: {}", diagnostics::summary_line(&diags));
            Err(ExitCode::from(1))
        }
        Ok(Ok(s)) => Ok(s),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            site,
            flags,
            out,
            base_url,
            format,
        } => {
            let started = Instant::now();
            let loaded = match load(&site, base_url.as_deref(), format) {
                Ok(s) => s,
                Err(code) => return code,
            };
            let opts = PlanOptions {
                drafts: flags.drafts,
                future: flags.future,
                today: today_or_local(site.today),
            };
            let out = out.unwrap_or_else(|| site.root.join("public"));
            let outcome = match loaded.build(&opts, &out) {
                Ok(o) => o,
                Err(e) => return env_error(e),
            };
            report(&outcome.diagnostics, &site.root, format);
            if outcome.has_errors() {
                eprintln!(
                    "refused: {}; nothing was written, {} is unchanged",
                    diagnostics::summary_line(&outcome.diagnostics),
                    out.display()
                );
                return ExitCode::from(1);
            }
            let stats = outcome.stats.unwrap_or_default();
            eprintln!(
                "built {} items into {} ({} pages, {} files) in {:.2} s; {}",
                outcome.published,
                out.display(),
                stats.pages,
                stats.files,
                started.elapsed().as_secs_f64(),
                diagnostics::summary_line(&outcome.diagnostics)
            );
            ExitCode::SUCCESS
        }
        Command::Check {
            site,
            flags,
            format,
        } => {
            let loaded = match load(&site, None, format) {
                Ok(s) => s,
                Err(code) => return code,
            };
            let opts = PlanOptions {
                drafts: flags.drafts,
                future: flags.future,
                today: today_or_local(site.today),
            };
            let outcome = loaded.check(&opts);
            report(&outcome.diagnostics, &site.root, format);
            eprintln!(
                "{}: {}",
                if outcome.has_errors() {
                    "refused"
                } else {
                    "ok"
                },
                diagnostics::summary_line(&outcome.diagnostics)
            );
            if outcome.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Init { dir } => match scaffold::init(&dir, today_or_local(None)) {
            Ok(()) => {
                eprintln!(
                    "created a carepress site in {}; next: cd there and run `carepress build`",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        Command::New { kind, title, root } => {
            if !root.join(carepress::config::CONFIG_FILE).is_file() {
                return env_error(EnvError::Usage(format!(
                    "no carepress.yaml in {}; pass --root DIR",
                    root.display()
                )));
            }
            match scaffold::new_item(&root, kind, &title, today_or_local(None)) {
                Ok(p) => {
                    println!("{}", p.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
