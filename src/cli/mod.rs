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
    run(cli)
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
