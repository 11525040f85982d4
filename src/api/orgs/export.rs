//! `GET /api/organizations/{orgId}/environments/{environmentId}/export?format=&tokenset=&mode=`:
//! the environment's active release in any export format, through the same renderer as
//! the v1 export endpoints, with the same `ETag` / `If-None-Match` → `304` and body cache.
//! A release never changes, so its cached bodies (keyed by release, tokenset, mode and
//! format) never go stale; publishing another release changes the key.

use super::handlers::{env_of, visible_org};
use super::{require, OrgAction};
use crate::api::error::ApiError;
use crate::api::export::render::{compile, format, format_names, render_compiled};
use crate::api::export::{respond, slug, Key, Rendered};
use crate::api::handlers::Ctx;
use crate::api::http::Response;
use crate::api::router::query_param;
use crate::parse::tokencraft::ModeRows;

/// What a cache miss renders from, gathered while the store is read.
struct Miss {
    key: Key,
    filename: String,
    rows: Vec<ModeRows>,
    selected: Option<usize>,
    spec: crate::api::export::render::FormatSpec,
}

/// Renders the export.
pub(crate) fn handle(cx: &Ctx) -> Result<Response, ApiError> {
    let fmt = query_param(&cx.req.query, "format").unwrap_or_else(|| "json".into());
    let fmt = fmt.trim().to_owned();
    let want_set = query_param(&cx.req.query, "tokenset");
    let want_mode = query_param(&cx.req.query, "mode");
    let (release_id, found) = cx.read(|tx| {
        let (org, role) = visible_org(tx, cx, cx.param(0))?;
        let env = env_of(tx, org, cx.param(1))?;
        require(role, OrgAction::Read)?;
        let release = env
            .active_release
            .as_deref()
            .and_then(|r| tx.release(r))
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    format!(
                        "Environment '{}' has no active release: publish one first (POST …/environments/{}/releases)",
                        env.name, env.id
                    ),
                )
            })?;
        let spec = format(&fmt).ok_or_else(|| {
            ApiError::bad_request(format!(
                "Invalid format '{fmt}'. Must be one of: {}",
                format_names().join(", ")
            ))
        })?;
        let sets = &release.snapshot.tokensets;
        let names = || sets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ");
        let set = match &want_set {
            Some(w) => sets
                .iter()
                .find(|s| &s.id == w)
                .or_else(|| sets.iter().find(|s| &s.name == w))
                .ok_or_else(|| {
                    ApiError::new(
                        404,
                        format!("Tokenset '{w}' is not in release {} of {}; it holds: {}", release.version, env.name, names()),
                    )
                })?,
            None => match sets.as_slice() {
                [one] => one,
                [] => {
                    return Err(ApiError::new(
                        404,
                        format!("Release {} of {} holds no tokensets: add tokensets to the organization's workspaces and publish again", release.version, env.name),
                    ))
                }
                _ => {
                    return Err(ApiError::bad_request(format!(
                        "Release {} of {} holds {} tokensets ({}): choose one with ?tokenset=<id or name>",
                        release.version,
                        env.name,
                        sets.len(),
                        names()
                    )))
                }
            },
        };
        let selected = match &want_mode {
            None => None,
            Some(m) => Some(set.modes.iter().position(|x| &x.name == m).ok_or_else(|| {
                ApiError::new(
                    404,
                    format!(
                        "Mode '{m}' is not in tokenset '{}'; its modes: {}",
                        set.name,
                        set.modes.iter().map(|x| x.name.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                )
            })?),
        };
        let key: Key = (
            format!("release {} {}", release.id, set.id),
            selected.map(|i| i.to_string()),
            spec.name.clone(),
        );
        if let Some(hit) = cx.api.cache.get(&key, 0) {
            return Ok((release.id.clone(), Err(hit)));
        }
        let mut base = format!("{}-{}", slug(&env.name), slug(&set.name));
        if let Some(m) = selected.and_then(|i| set.modes.get(i)) {
            base = format!("{base}-{}", slug(&m.name));
        }
        let miss = Miss {
            key,
            filename: format!("{base}.{}", spec.extension),
            rows: set.modes.clone(),
            selected,
            spec,
        };
        Ok((release.id.clone(), Ok(miss)))
    })?;
    let rendered = match found {
        Err(hit) => hit,
        Ok(miss) => {
            let body = render_compiled(&miss.spec, &compile(&miss.rows), miss.selected)?;
            let rendered = Rendered::new(0, &miss.spec, miss.filename, body.into_bytes());
            cx.api.cache.keep(miss.key, rendered)
        }
    };
    let mut resp = respond(cx, &rendered);
    resp.set_header("X-Tokencraft-Release", release_id);
    Ok(resp)
}
