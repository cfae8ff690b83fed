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

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Preview the site: build in memory, serve it, rebuild and reload browsers on every save
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        #[command(flatten)]
        flags: BuildFlags,
        /// Address to listen on (other than 127.0.0.1 lets other machines see drafts)
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Port to listen on (0: any free port)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Poll for changes instead of file system events (network drives, containers, WSL)
        #[arg(long)]
        poll: bool,
        /// Open the preview in a browser
        #[arg(long)]
        open: bool,
        /// Address used in links and feeds (default: the served address)
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Scaffold a new practice site (config, content, ledger, theme)
    Init {
        /// Folder to create the site in
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Consent ledger reports for the compliance officer
    Consent {
        #[command(subcommand)]
        command: ConsentCommand,
    },
    /// Check a drafted reply to a public review for patient information (exit 1 on findings)
    LintReply {
        /// The reply text; `-` (default) reads standard input
        #[arg(default_value = "-")]
        file: PathBuf,
        /// The site whose practice contact details are allowed and suggested
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
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

#[derive(Subcommand)]
enum ConsentCommand {
    /// Every consent record: status, which items use it, channels, and what to take down
    Audit {
        #[command(flatten)]
        site: SiteArgs,
        /// Report records expiring within this many days (default: rules.consent_warn_days)
        #[arg(long)]
        within: Option<u32>,
        #[arg(long, value_enum, default_value = "human")]
        format: AuditFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum AuditFormat {
    Human,
    Json,
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

/// The report of a check or build: the diagnostics, then what pages contact on load.
fn report_outcome(outcome: &carepress::Outcome, root: &Path, format: Format) {
    match format {
        Format::Json => println!(
            "{}",
            diagnostics::render_json_with(
                &outcome.diagnostics,
                outcome
                    .privacy
                    .as_ref()
                    .and_then(|p| serde_json::to_value(p).ok()),
            )
        ),
        _ => {
            report(&outcome.diagnostics, root, format);
            if let (Format::Human, Some(p)) = (format, &outcome.privacy) {
                eprintln!("{}", p.summary());
            }
        }
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

fn lint_reply(file: &Path, root: &Path, format: Format) -> ExitCode {
    use std::io::Read as _;
    let (text, shown) = if file == Path::new("-") {
        let mut t = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut t) {
            return env_error(EnvError::Usage(format!(
                "cannot read the reply from standard input: {e}"
            )));
        }
        (t, PathBuf::from("-"))
    } else {
        match std::fs::read(file) {
            Ok(b) => (String::from_utf8_lossy(&b).into_owned(), file.to_path_buf()),
            Err(e) => {
                return env_error(EnvError::Usage(format!(
                    "cannot read {}: {e}",
                    file.display()
                )));
            }
        }
    };
    // The practice's own contact details are allowed (and suggested) when a site is found.
    let config = std::fs::read_to_string(root.join(carepress::config::CONFIG_FILE))
        .ok()
        .and_then(|t| carepress::config::parse(&t, Path::new(carepress::config::CONFIG_FILE)).ok());
    let allow = config
        .as_ref()
        .map(carepress::lint::phi::Allowances::from_config)
        .unwrap_or_default();
    let findings = carepress::lint::reply::ReplyLinter::new().lint(&text, &shown, &allow);
    match format {
        Format::Human => {
            if findings.is_empty() {
                eprintln!("ok: no patient information found");
            } else {
                let base = if shown == Path::new("-") {
                    Path::new("/nonexistent")
                } else {
                    Path::new(".")
                };
                eprint!("{}", diagnostics::render_human(&findings, base, false));
                let (practice, phone) = match &config {
                    Some(c) => (c.practice_name().to_string(), c.practice.phone.clone()),
                    None => ("the practice".to_string(), None),
                };
                eprintln!(
                    "\n{}\n",
                    carepress::lint::reply::safe_pattern(&practice, phone.as_deref())
                );
                eprintln!("refused: {}", diagnostics::summary_line(&findings));
            }
        }
        Format::Json => println!("{}", diagnostics::render_json(&findings)),
        Format::Github => print!("{}", diagnostics::render_github(&findings)),
    }
    if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
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
            report_outcome(&outcome, &site.root, format);
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
            report_outcome(&outcome, &site.root, format);
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
        Command::Serve {
            site,
            flags,
            bind,
            port,
            poll,
            open,
            base_url,
        } => {
            let opts = carepress::serve::ServeOptions {
                root: site.root,
                bind,
                port,
                poll,
                open,
                drafts: flags.drafts,
                future: flags.future,
                today: site.today,
                base_url,
            };
            match carepress::serve::serve(&opts) {
                Ok(carepress::serve::Ended::Stopped) => ExitCode::SUCCESS,
                Ok(carepress::serve::Ended::Refused) => ExitCode::from(1),
                Err(e) => env_error(e),
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
        Command::Consent {
            command:
                ConsentCommand::Audit {
                    site,
                    within,
                    format,
                },
        } => {
            let loaded = match load(&site, None, Format::Human) {
                Ok(s) => s,
                Err(code) => return code,
            };
            let ledger_problems: Vec<Diagnostic> = loaded
                .diagnostics
                .iter()
                // Every problem in a ledger file, whatever its code (a YAML syntax error too).
                .filter(|d| {
                    d.file
                        .as_ref()
                        .is_some_and(|f| f.starts_with("content/consent"))
                })
                .cloned()
                .collect();
            report(&ledger_problems, &site.root, Format::Human);
            let within = i64::from(within.unwrap_or(loaded.config.rules.consent_warn_days));
            let rows = carepress::consent::audit::audit(
                &loaded.config,
                &loaded.ledger,
                &loaded.items,
                today_or_local(site.today),
                within,
            );
            let trackers = carepress::lint::trackers::find_allowed(
                &loaded.root,
                &loaded.config,
                &loaded.theme,
                &loaded.items,
            );
            match format {
                AuditFormat::Human => {
                    print!("{}", carepress::consent::audit::render_human(&rows));
                    print!(
                        "\n{}",
                        carepress::lint::trackers::render_allowed_human(&trackers)
                    );
                }
                AuditFormat::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({
                        "version": 1,
                        "within_days": within,
                        "records": rows,
                        "trackers": trackers
                    }))
                    .unwrap_or_default()
                ),
            }
            if ledger_problems.iter().any(Diagnostic::is_error) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::LintReply { file, root, format } => lint_reply(&file, &root, format),
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
