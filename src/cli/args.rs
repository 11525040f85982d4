//! Command-line arguments (clap).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Tokencraft: compile design tokens (W3C DTCG 2025.10) to every platform, and serve the
/// Tokencraft REST API.
#[derive(Debug, Parser)]
#[command(name = "tokencraft", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print every warning (by default the text output shows the first 10 of each kind and
    /// counts the rest; errors are always all printed).
    #[arg(long, global = true)]
    pub all_warnings: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate token files; exit 1 with every diagnostic when something is wrong.
    Check(CheckArgs),
    /// Print resolved token values as JSON (dot path → DTCG value).
    Resolve(ResolveArgs),
    /// Compile tokens into output formats.
    Build(BuildArgs),
    /// List the available output formats.
    Formats(FormatsArgs),
    /// Run the Tokencraft REST API over HTTP/1.1.
    #[cfg(feature = "server")]
    Serve(ServeArgs),
    /// Manage users, API tokens, workspaces and members in a store directory (while no
    /// server holds it).
    #[cfg(feature = "server")]
    Admin(super::admin::AdminArgs),
}

/// Where tokens come from: files/folders, or a DTCG resolver document.
#[derive(Debug, Args, Clone, Default)]
pub struct InputArgs {
    /// Token files or folders (`*.tokens.json`, `*.json`), merged in order.
    pub inputs: Vec<PathBuf>,
    /// A DTCG resolver document (`*.resolver.json`) describing sets and modifiers.
    #[arg(long, value_name = "FILE")]
    pub resolver: Option<PathBuf>,
    /// Resolver input `modifier=context` (repeatable).
    #[arg(long = "input", value_name = "MODIFIER=CONTEXT")]
    pub resolver_inputs: Vec<String>,
    /// Follow the DTCG format exactly: deviations that tolerant mode accepts with a warning
    /// become errors.
    #[arg(long)]
    pub strict: bool,
    /// Most resolver permutations to expand with --all-modes.
    #[arg(long, default_value_t = 64, value_name = "N")]
    pub max_permutations: usize,
    /// Merge the resolver's sets that `resolutionOrder` never reaches before everything
    /// else (for documents that alias such reference-only sets; DTCG deviation D-13).
    #[arg(long)]
    pub include_unused_sets: bool,
    /// Give tokens with no determinable type the type their path has in the other modes,
    /// or one read off an unambiguous value object, with a warning (DTCG deviation D-8).
    #[arg(long)]
    pub infer_types: bool,
}

impl InputArgs {
    /// Resolution options for these inputs.
    pub fn resolve_options(&self) -> crate::resolve::ResolveOptions {
        crate::resolve::ResolveOptions {
            strict: self.strict,
            infer_types: self.infer_types,
            ..crate::resolve::ResolveOptions::default()
        }
    }
}

/// Which modes to work on.
#[derive(Debug, Args, Clone, Default)]
pub struct ModeArgs {
    /// One mode by name (default: the default mode).
    #[arg(long, value_name = "NAME", conflicts_with = "all_modes")]
    pub mode: Option<String>,
    /// Every mode.
    #[arg(long)]
    pub all_modes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DiagnosticFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Check every mode (resolver permutation) instead of only the selected one.
    #[arg(long)]
    pub all_modes: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Text)]
    pub format: DiagnosticFormat,
    /// Treat warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub modes: ModeArgs,
    /// Write the JSON to a file instead of stdout (atomically).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub modes: ModeArgs,
    /// Output formats, comma-separated (see `tokencraft formats`).
    #[arg(long, short, value_delimiter = ',', value_name = "NAME[,NAME...]")]
    pub format: Vec<String>,
    /// Output folder.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// A folder of handlebars templates that add or override formats.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// A build configuration (`tokencraft.json`) describing several outputs.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Keep aliases as references (`var(--x)`, `$x`, constants) where the format can.
    #[arg(long)]
    pub output_references: bool,
}

#[derive(Debug, Args)]
pub struct FormatsArgs {
    /// A folder of templates whose formats are listed too.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[cfg(feature = "server")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: String,
    /// A folder for the durable file store (created when missing), or `memory` for a
    /// store that is lost on exit.
    #[arg(long, default_value = "tokencraft-data", value_name = "DIR|memory")]
    pub store: String,
    /// File store: write a snapshot and start a fresh log once the log is larger than
    /// this many bytes.
    #[arg(long, default_value_t = 64 << 20, value_name = "BYTES")]
    pub compact_after: u64,
    /// A JSON seed file with users (with plans and optional login passwords), API tokens,
    /// workspaces, memberships and organizations; loaded only into an empty store.
    #[arg(long, value_name = "FILE")]
    pub seed: Option<PathBuf>,
    /// Requests per 60-second window per API token (per session or client address on
    /// the cookie routes).
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub rate_limit: u32,
    /// Mark the session cookie `Secure` (set this when clients reach the server over HTTPS).
    #[arg(long)]
    pub cookie_secure: bool,
    /// An origin (`https://app.example.com`) allowed to make cookie-authenticated changes
    /// besides the server's own; repeatable.
    #[arg(long = "allowed-origin", value_name = "ORIGIN")]
    pub allowed_origins: Vec<String>,
    /// Worker threads that run requests, 1 to 1024 (default: `TOKENCRAFT_WORKERS`, else 4
    /// per core, between 4 and 64).
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,
    /// No access log on stderr (also `TOKENCRAFT_ACCESS_LOG=off`); the log line costs about
    /// a third of a small request.
    #[arg(long)]
    pub no_access_log: bool,
}
