//! Routing: the one table of (path template, method) → endpoint under `/api/v1`. The
//! OpenAPI document is generated from and tested against this table.

use super::error::ApiError;
use crate::store::Scope;

/// The API's base path.
pub const BASE: &str = "/api/v1";

/// Every endpoint the API serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Endpoint {
    ListWorkspaces,
    CreateWorkspace,
    GetWorkspace,
    UpdateWorkspace,
    DeleteWorkspace,
    ListWorkspaceTokensets,
    CreateTokenset,
    GetTokenset,
    UpdateTokenset,
    DeleteTokenset,
    ListTokensetTokens,
    ExportTokenset,
    ListModes,
    CreateMode,
    GetMode,
    UpdateMode,
    DeleteMode,
    ListModeTokens,
    CreateToken,
    GetToken,
    UpdateToken,
    DeleteToken,
    ExportMode,
    OpenApi,
}

impl Endpoint {
    /// The scope the endpoint needs; `None` for the public OpenAPI document.
    pub fn scope(self) -> Option<Scope> {
        use Endpoint::*;
        match self {
            OpenApi => None,
            ExportTokenset | ExportMode => Some(Scope::ExportTokens),
            CreateWorkspace | UpdateWorkspace | DeleteWorkspace | CreateTokenset
            | UpdateTokenset | DeleteTokenset | CreateMode | UpdateMode | DeleteMode
            | CreateToken | UpdateToken | DeleteToken => Some(Scope::WriteTokens),
            _ => Some(Scope::ReadTokens),
        }
    }
}

/// A path template and the endpoint for each method it accepts. `E` is the endpoint
/// type of the table ([`Endpoint`] for `/api/v1`; the session API has its own).
pub struct RouteDef<E: 'static = Endpoint> {
    /// Relative to the table's base path, with `{param}` segments.
    pub template: &'static str,
    /// (method, endpoint) pairs.
    pub methods: &'static [(&'static str, E)],
}

use Endpoint as E;

/// Every route, in documentation order.
pub const ROUTES: &[RouteDef] = &[
    RouteDef {
        template: "/workspaces",
        methods: &[("GET", E::ListWorkspaces), ("POST", E::CreateWorkspace)],
    },
    RouteDef {
        template: "/workspaces/{id}",
        methods: &[
            ("GET", E::GetWorkspace),
            ("PATCH", E::UpdateWorkspace),
            ("DELETE", E::DeleteWorkspace),
        ],
    },
    RouteDef {
        template: "/workspaces/{id}/tokensets",
        methods: &[
            ("GET", E::ListWorkspaceTokensets),
            ("POST", E::CreateTokenset),
        ],
    },
    RouteDef {
        template: "/tokensets/{id}",
        methods: &[
            ("GET", E::GetTokenset),
            ("PATCH", E::UpdateTokenset),
            ("DELETE", E::DeleteTokenset),
        ],
    },
    RouteDef {
        template: "/tokensets/{id}/tokens",
        methods: &[("GET", E::ListTokensetTokens)],
    },
    RouteDef {
        template: "/tokensets/{id}/export",
        methods: &[("GET", E::ExportTokenset)],
    },
    RouteDef {
        template: "/tokensets/{id}/modes",
        methods: &[("GET", E::ListModes), ("POST", E::CreateMode)],
    },
    RouteDef {
        template: "/tokensets/{id}/modes/{modeId}",
        methods: &[
            ("GET", E::GetMode),
            ("PATCH", E::UpdateMode),
            ("DELETE", E::DeleteMode),
        ],
    },
    RouteDef {
        template: "/tokensets/{id}/modes/{modeId}/tokens",
        methods: &[("GET", E::ListModeTokens), ("POST", E::CreateToken)],
    },
    RouteDef {
        template: "/tokensets/{id}/modes/{modeId}/tokens/{tokenId}",
        methods: &[
            ("GET", E::GetToken),
            ("PATCH", E::UpdateToken),
            ("DELETE", E::DeleteToken),
        ],
    },
    RouteDef {
        template: "/tokensets/{id}/modes/{modeId}/export",
        methods: &[("GET", E::ExportMode)],
    },
    RouteDef {
        template: "/openapi.json",
        methods: &[("GET", E::OpenApi)],
    },
];

/// A matched route: the endpoint and the decoded path parameters in template order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched<E = Endpoint> {
    /// The endpoint.
    pub endpoint: E,
    /// Path parameters, percent-decoded.
    pub params: Vec<String>,
    /// True for HEAD (served as GET; the adapter drops the body).
    pub head: bool,
}

/// The `Allow` value of a route: its methods, plus HEAD where GET is allowed.
pub fn allow_header<E>(def: &RouteDef<E>) -> String {
    let mut v: Vec<&str> = Vec::new();
    for (m, _) in def.methods {
        v.push(m);
        if *m == "GET" {
            v.push("HEAD");
        }
    }
    v.join(", ")
}

/// Finds the endpoint for a method and a raw path. Unknown path → 404; known path with
/// another method → 405 with `Allow` (OPTIONS → 204 with `Allow`, as an error-shaped
/// value the caller turns into a response).
pub fn route(method: &str, raw_path: &str) -> Result<Matched, ApiError> {
    route_in(BASE, ROUTES, method, raw_path)
}

/// [`route`] over any table: `base` is the path prefix its templates are relative to.
pub fn route_in<E: Copy>(
    base: &str,
    routes: &[RouteDef<E>],
    method: &str,
    raw_path: &str,
) -> Result<Matched<E>, ApiError> {
    let not_found = || {
        ApiError::new(
            404,
            format!(
                "No API route matches {method} {raw_path}; GET {BASE}/openapi.json lists every route"
            ),
        )
    };
    let rest = raw_path.strip_prefix(base).ok_or_else(not_found)?;
    let rest = if rest.len() > 1 {
        rest.strip_suffix('/').unwrap_or(rest)
    } else {
        rest
    };
    let segs: Vec<&str> = rest.split('/').skip(1).collect();
    if !rest.starts_with('/') || segs.iter().any(|s| s.is_empty()) {
        return Err(not_found());
    }
    for def in routes {
        let tpl: Vec<&str> = def.template.split('/').skip(1).collect();
        if tpl.len() != segs.len() {
            continue;
        }
        let mut params = Vec::new();
        let fits = tpl.iter().zip(&segs).all(|(t, s)| {
            if t.starts_with('{') {
                params.push(percent_decode(s));
                true
            } else {
                t == s
            }
        });
        if !fits {
            continue;
        }
        let (lookup, head) = if method == "HEAD" {
            ("GET", true)
        } else {
            (method, false)
        };
        if let Some((_, endpoint)) = def.methods.iter().find(|(m, _)| *m == lookup) {
            return Ok(Matched {
                endpoint: *endpoint,
                params,
                head,
            });
        }
        let allow = allow_header(def);
        if method == "OPTIONS" {
            return Err(ApiError::new(204, String::new()).with_header("Allow", allow));
        }
        return Err(ApiError::new(
            405,
            format!("Method {method} is not allowed on {raw_path}; allowed: {allow}"),
        )
        .with_header("Allow", allow));
    }
    Err(not_found())
}

/// Decodes `%XX` escapes; a malformed escape or invalid UTF-8 leaves the segment as is
/// (it then matches nothing, which is the resource's 404).
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(v) => {
                    out.push(v);
                    i += 3;
                    continue;
                }
                None => return s.to_owned(),
            }
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

/// One query parameter, percent-decoded (`+` is a space).
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decode(&k.replace('+', " ")) == name).then(|| percent_decode(&v.replace('+', " ")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_templates_and_decodes_params() {
        let m = route(
            "GET",
            "/api/v1/tokensets/ts1/modes/m1/tokens/colors.primary%20x",
        )
        .ok();
        assert_eq!(
            m,
            Some(Matched {
                endpoint: Endpoint::GetToken,
                params: vec!["ts1".into(), "m1".into(), "colors.primary x".into()],
                head: false
            })
        );
        assert_eq!(
            route("HEAD", "/api/v1/workspaces/")
                .ok()
                .map(|m| (m.endpoint, m.head)),
            Some((Endpoint::ListWorkspaces, true))
        );
    }

    #[test]
    fn unknown_paths_and_methods() {
        let cases: &[(&str, &str, u16, &str, Option<&str>)] = &[
            ("GET", "/api/v1/nope", 404, "No API route matches GET /api/v1/nope; GET /api/v1/openapi.json lists every route", None),
            ("GET", "/api/v2/workspaces", 404, "No API route matches GET /api/v2/workspaces; GET /api/v1/openapi.json lists every route", None),
            ("GET", "/api/v1//workspaces", 404, "No API route matches GET /api/v1//workspaces; GET /api/v1/openapi.json lists every route", None),
            ("PUT", "/api/v1/workspaces/x", 405, "Method PUT is not allowed on /api/v1/workspaces/x; allowed: GET, HEAD, PATCH, DELETE", Some("GET, HEAD, PATCH, DELETE")),
            ("DELETE", "/api/v1/tokensets/x/export", 405, "Method DELETE is not allowed on /api/v1/tokensets/x/export; allowed: GET, HEAD", Some("GET, HEAD")),
        ];
        for (m, p, status, msg, allow) in cases {
            let e = route(m, p).err();
            let got = e.as_ref().map(|e| {
                (
                    e.status,
                    e.message.as_str(),
                    e.headers.first().map(|h| h.1.as_str()),
                )
            });
            assert_eq!(got, Some((*status, *msg, *allow)), "{m} {p}");
        }
    }

    #[test]
    fn query_and_decoding() {
        assert_eq!(
            query_param("a=1&format=css", "format").as_deref(),
            Some("css")
        );
        assert_eq!(query_param("format", "format").as_deref(), Some(""));
        assert_eq!(query_param("x=1", "format"), None);
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%ff"), "%ff");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }
}
