//! The subcommands.

use super::args::{
    BuildArgs, CheckArgs, Cli, Command, DiagnosticFormat, FormatsArgs, InputArgs, ResolveArgs,
};
use super::load::{load, Loaded, ModeRequest};
use super::output::{finish_build, print_diagnostics, stage_result, write_output, Staged};
use crate::emit::{emit_many, EmitContext, EmitOptions, ModeSelection, Registry};
use crate::error::{Diagnostics, Error};
use crate::model::Resolved;
use crate::resolve;

/// Runs one command; `Ok` carries the exit code.
pub fn dispatch(cli: Cli) -> Result<i32, Error> {
    match cli.command {
        Command::Check(a) => check(a),
        Command::Resolve(a) => resolve_cmd(a),
        Command::Build(a) => build(a),
        Command::Formats(a) => formats(a),
        #[cfg(feature = "server")]
        Command::Serve(a) => super::serve::serve(a),
        #[cfg(feature = "server")]
        Command::Admin(a) => super::admin::admin(a),
    }
}

fn check(args: CheckArgs) -> Result<i32, Error> {
    let request = if args.all_modes {
        ModeRequest::All
    } else {
        ModeRequest::Default
    };
    let loaded = match load(&args.input, &request) {
        Err(Error::Invalid(d)) => {
            print_diagnostics(&d, args.format);
            return Ok(1);
        }
        other => other?,
    };
    let mut diags = loaded.diagnostics;
    let opts = args.input.resolve_options();
    let (graph, resolved, more) = resolve::resolve_set(&loaded.set, &opts);
    diags.extend(more);
    print_diagnostics(&diags, args.format);
    let failed = diags.has_errors() || (args.deny_warnings && !diags.is_empty());
    if !failed && args.format == DiagnosticFormat::Text {
        let modes = loaded.set.modes.len();
        eprintln!(
            "ok: {} token(s) in {} mode(s)",
            loaded.set.paths.len(),
            modes
        );
    }
    free_in_background((loaded.set, graph, resolved));
    Ok(i32::from(failed))
}

fn mode_request(all: bool, mode: &Option<String>) -> ModeRequest {
    match (all, mode) {
        (true, _) => ModeRequest::All,
        (false, Some(m)) => ModeRequest::Named(m.clone()),
        (false, None) => ModeRequest::Default,
    }
}

fn resolve_cmd(args: ResolveArgs) -> Result<i32, Error> {
    let request = mode_request(args.modes.all_modes, &args.modes.mode);
    let loaded = load(&args.input, &request)?;
    let mut diags = loaded.diagnostics;
    let set = &loaded.set;
    let opts = args.input.resolve_options();
    let (graph, resolved, more) = resolve::resolve_set(set, &opts);
    drop(graph);
    diags.extend(more);
    print_diagnostics(&diags, DiagnosticFormat::Text);
    if diags.has_errors() {
        return Ok(1);
    }
    let json = if args.modes.all_modes {
        let mut all = serde_json::Map::new();
        for (i, mode) in set.modes.iter().enumerate() {
            all.insert(mode.name.clone(), resolve::resolved_json(set, &resolved, i));
        }
        serde_json::Value::Object(all)
    } else {
        let index = loaded.selected_mode;
        resolve::resolved_json(set, &resolved, index)
    };
    let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
    text.push('\n');
    write_output(args.output.as_deref(), &text)?;
    free_in_background((loaded.set, resolved, json));
    Ok(0)
}

/// Loads `input` and resolves it for a build. With errors (loading or resolving) they are
/// printed and `None` is returned; otherwise the set, its resolution and the warnings so far.
pub(super) fn load_resolved(
    input: &InputArgs,
    request: &ModeRequest,
) -> Result<Option<(Loaded, Resolved, Diagnostics)>, Error> {
    let mut loaded = load(input, request)?;
    let mut diags = std::mem::take(&mut loaded.diagnostics);
    let (_, resolved, more) = resolve::resolve_set(&loaded.set, &input.resolve_options());
    diags.extend(more);
    if diags.has_errors() {
        print_diagnostics(&diags, DiagnosticFormat::Text);
        return Ok(None);
    }
    Ok(Some((loaded, resolved, diags)))
}

/// Frees a run's large data (hundreds of thousands of small allocations) on a background
/// thread: the binary exits right after the command and the operating system takes the
/// memory back at once, while a long-lived caller of `cli::run` still gets it freed.
fn free_in_background<T: Send + 'static>(data: T) {
    std::thread::spawn(move || drop(data));
}

/// The built-in formats, or those plus (and overridden by) the templates in `templates`.
pub(super) fn registry(templates: Option<&std::path::Path>) -> Result<Registry, Error> {
    match templates {
        Some(dir) => Registry::with_templates(dir),
        None => Ok(Registry::builtin()),
    }
}

fn build(args: BuildArgs) -> Result<i32, Error> {
    if let Some(config) = &args.config {
        return super::build_config::build_with_config(config, &args);
    }
    if args.format.is_empty() {
        return Err(Error::Usage(
            "build needs --format NAME[,NAME...] (see `tokencraft formats`) or --config FILE"
                .into(),
        ));
    }
    let out = args.out.clone().ok_or_else(|| {
        Error::Usage("build needs --out DIR (the folder to write the outputs to)".into())
    })?;
    let registry = registry(args.templates.as_deref())?;
    let formats: Vec<String> = if args.format.iter().any(|f| f == "all") {
        registry.list().map(|e| e.name().to_owned()).collect()
    } else {
        args.format.clone()
    };
    for name in &formats {
        if registry.get(name).is_none() {
            return Err(Error::Usage(format!(
                "unknown format `{name}`; available: {}",
                registry.names()
            )));
        }
    }
    let request = mode_request(args.modes.all_modes, &args.modes.mode);
    let Some((loaded, resolved, mut diags)) = load_resolved(&args.input, &request)? else {
        return Ok(1);
    };
    let modes = if args.modes.all_modes {
        ModeSelection::All
    } else {
        ModeSelection::One(loaded.selected_mode)
    };
    let options = EmitOptions {
        output_references: args.output_references,
        ..EmitOptions::default()
    };
    let cx = EmitContext {
        set: &loaded.set,
        resolved: &resolved,
        modes,
        options: &options,
    };
    let mut staged = Staged::default();
    let names: Vec<&str> = formats.iter().map(String::as_str).collect();
    // The formats are emitted on parallel threads; results come back in order.
    for (name, result) in names.iter().zip(emit_many(&registry, &names, &cx)) {
        // Several formats share one --out folder: one sub-folder per format.
        let dir = if formats.len() > 1 {
            out.join(name)
        } else {
            out.clone()
        };
        stage_result(&mut staged, name, result, &dir, &mut diags);
    }
    let code = finish_build(staged, &diags);
    free_in_background((loaded.set, resolved));
    code
}

fn formats(args: FormatsArgs) -> Result<i32, Error> {
    let registry = registry(args.templates.as_deref())?;
    let width = registry.list().map(|e| e.name().len()).max().unwrap_or(0);
    for e in registry.list() {
        println!("{:width$}  {}", e.name(), e.description());
    }
    Ok(0)
}
