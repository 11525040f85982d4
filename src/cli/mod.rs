//! The command-line interface: `check`, `resolve`, `build`, `formats`, `serve`, `admin`.
//!
//! Exit codes: 0 success; 1 the input has errors (every diagnostic is printed on stderr);
//! 2 usage errors; 3 I/O errors.

#[cfg(feature = "server")]
mod admin;
mod args;
mod build_config;
mod commands;
mod load;
mod output;
#[cfg(feature = "server")]
mod serve;

pub use args::Cli;

use clap::Parser;

/// Runs the CLI with the process arguments and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    if !long_lived(&cli) {
        no_huge_pages();
    }
    run(cli)
}

/// Whether the command keeps running (`serve`): it keeps the system's huge-page policy.
fn long_lived(cli: &Cli) -> bool {
    #[cfg(feature = "server")]
    if matches!(cli.command, args::Command::Serve(_)) {
        return true;
    }
    let _ = cli;
    false
}

/// Turns transparent huge pages off for this process. A short command touches each page
/// once, and a 2 MB huge page must first be found (the kernel compacts memory for it when
/// other programs have fragmented it, as a Node.js build step just before does) and zeroed
/// whole. Measured (`docs/PERFORMANCE.md`, session 3): `build` of n10000-m2 interleaved with
/// Style Dictionary 0.13 s → 0.08 s and 96 → 54 MB; `check --all-modes` of 100k × 4 about
/// the same time and 20–40 MB less. `serve` keeps the system's policy.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with integer arguments only; no memory is passed. A failure (an old
    // kernel) only leaves the policy as it was.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> i32 {
    output::set_all_warnings(cli.all_warnings);
    match commands::dispatch(cli) {
        Ok(code) => code,
        Err(crate::error::Error::Invalid(diags)) => {
            output::print_diagnostics(&diags, args::DiagnosticFormat::Text);
            1
        }
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}
