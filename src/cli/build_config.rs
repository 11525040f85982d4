//! `tokencraft build --config tokencraft.json`: several outputs from one configuration.
//!
//! Inputs come from the command line (files, folders or `--resolver`); the configuration
//! lists the outputs (see [`crate::emit::config`]). Destinations are relative to the
//! configuration file's folder. All outputs are generated in memory first and written
//! together, so an error anywhere writes nothing.

use super::args::{BuildArgs, DiagnosticFormat};
use super::commands::{load_resolved, registry};
use super::load::ModeRequest;
use super::output::{finish_build, print_diagnostics, stage_format, Staged};
use crate::emit::{config, EmitContext};
use crate::error::Error;
use std::path::Path;

/// Builds every output the configuration at `path` lists.
pub fn build_with_config(path: &Path, args: &BuildArgs) -> Result<i32, Error> {
    if !args.format.is_empty() || args.out.is_some() {
        return Err(Error::Usage(
            "--config describes the formats and destinations; drop --format and --out".into(),
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    let registry = registry(args.templates.as_deref())?;
    let outputs = match config::parse(&text, &path.display().to_string(), &registry) {
        Ok(o) => o,
        Err(d) => {
            print_diagnostics(&d, DiagnosticFormat::Text);
            return Ok(1);
        }
    };
    let base = path.parent().unwrap_or(Path::new("."));
    let Some((loaded, resolved, mut diags)) = load_resolved(&args.input, &ModeRequest::All)? else {
        return Ok(1);
    };
    let mut staged = Staged::default();
    for output in &outputs {
        let modes = match output.modes.select(&loaded.set) {
            Ok(m) => m,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let cx = EmitContext {
            set: &loaded.set,
            resolved: &resolved,
            modes,
            options: &output.options,
        };
        let dir = base.join(&output.destination);
        stage_format(
            &mut staged,
            &registry,
            &output.format,
            &cx,
            &dir,
            &mut diags,
        );
    }
    finish_build(staged, &diags)
}
