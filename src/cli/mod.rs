//! The command line: `carepress build|check|serve|init|new|consent|lint-reply|report`, one
//! module a subcommand. Exit codes (README): 0 success, 1 refused (content errors),
//! 2 usage or environment error.

mod analytics;
mod build;
mod check;
mod consent;
mod init;
mod lint_reply;
mod new;
mod report;
mod serve;

use crate::dates::{Day, parse_day};
use crate::diagnostics;
use crate::scaffold::NewKind;
use crate::{EnvError, Site};
use clap::{Parser, Subcommand, ValueEnum};
pub(crate) use report::{Format, report, report_outcome};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "carepress",
    version,
    about = "Static site and social content generator for medical practices, with a consent gate"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
pub(crate) struct SiteArgs {
    /// The site folder (containing carepress.yaml)
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Fix "today" (YYYY-MM-DD) for consent expiry, scheduling and review age
    #[arg(long, value_parser = parse_day_arg)]
    pub(crate) today: Option<Day>,
}

#[derive(clap::Args, Clone)]
pub(crate) struct BuildFlags {
    /// Include items marked `draft: true`
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Include items dated after today
    #[arg(long)]
    pub(crate) future: bool,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Build the site into public/ and the social kit into social-kit/ (each staged,
    /// swapped into place only on success)
    Build {
        #[command(flatten)]
        site: SiteArgs,
        #[command(flatten)]
        flags: BuildFlags,
        /// Output folder (default: <root>/public)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Social kit folder, never deployed (default: social-kit beside the output folder)
        #[arg(long)]
        kit_out: Option<PathBuf>,
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
        /// Start a medical group's site: a location, a provider, provider reviews
        /// required, and social accounts for the group and the location
        #[arg(long)]
        group: bool,
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
    /// Measure how the posts did: a report from the platforms' analytics exports and the
    /// web server's access logs in analytics/ (written to reports/<date>/, never deployed)
    Report {
        #[command(flatten)]
        site: SiteArgs,
        /// Folder of analytics exports and access logs (default: <root>/analytics)
        #[arg(long)]
        analytics: Option<PathBuf>,
        /// The posting history (default: social-history.jsonl beside the social kit)
        #[arg(long)]
        history: Option<PathBuf>,
        /// Folder to write the page to (default: <root>/reports/<today>)
        #[arg(long)]
        out: Option<PathBuf>,
        /// html: the page; json: every figure on standard output
        #[arg(long, value_enum, default_value = "html")]
        format: analytics::ReportFormat,
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
pub(crate) enum ConsentCommand {
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
pub(crate) enum AuditFormat {
    Human,
    Json,
}

fn parse_day_arg(s: &str) -> Result<Day, String> {
    parse_day(s)
}

/// `--today`, or the local date.
pub(crate) fn today_or_local(d: Option<Day>) -> Day {
    d.unwrap_or_else(|| Day(jiff::ZonedDateTime::now().date()))
}

/// Usage and environment errors: exit code 2.
pub(crate) fn env_error(e: EnvError) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(2)
}

/// Loads the site, or reports why it cannot be (exit 1 for an invalid config, 2 for none).
pub(crate) fn load(
    site: &SiteArgs,
    base_url: Option<&str>,
    format: Format,
) -> Result<Site, ExitCode> {
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

/// Parses the arguments of the process and runs the subcommand.
pub fn main() -> ExitCode {
    run(Cli::parse())
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build {
            site,
            flags,
            out,
            kit_out,
            base_url,
            format,
        } => build::run(&site, &flags, (out, kit_out), base_url.as_deref(), format),
        Command::Check {
            site,
            flags,
            format,
        } => check::run(&site, &flags, format),
        Command::Serve {
            site,
            flags,
            bind,
            port,
            poll,
            open,
            base_url,
        } => serve::run(site, flags, bind, port, poll, open, base_url),
        Command::Init { dir, group } => init::run(&dir, group),
        Command::Consent {
            command:
                ConsentCommand::Audit {
                    site,
                    within,
                    format,
                },
        } => consent::audit(&site, within, format),
        Command::LintReply { file, root, format } => lint_reply::run(&file, &root, format),
        Command::New { kind, title, root } => new::run(kind, &title, &root),
        Command::Report {
            site,
            analytics,
            history,
            out,
            format,
        } => analytics::run(analytics::Args {
            root: site.root,
            today: site.today,
            analytics,
            history,
            out,
            format,
        }),
    }
}
