//! The `tc_session` cookie: reading it, storing sessions (hashed), the `Set-Cookie`
//! values, and the cross-site check for state-changing requests.

use super::{SessionConfig, SessionUser};
use crate::api::clock::{hex, random_bytes};
use crate::api::error::ApiError;
use crate::api::http::Request;
use crate::store::{ReadTx, Session, Timestamp, WriteTx};
use sha2::{Digest, Sha256};

/// The cookie's name.
pub const COOKIE: &str = "tc_session";
/// Sessions kept per user; logging in beyond this ends the oldest.
const MAX_SESSIONS_PER_USER: usize = 32;

/// The session secret from the `Cookie` header: 64 lower-case hex characters.
pub(super) fn session_secret(req: &Request) -> Option<String> {
    req.headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("cookie"))
        .flat_map(|(_, v)| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// The stored id of a secret: lower-case hex SHA-256.
fn session_id(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// The live session of a secret and its user.
pub(super) fn lookup(tx: &dyn ReadTx, secret: &str, now: Timestamp) -> Option<SessionUser> {
    let s = tx.session(&session_id(secret))?;
    if s.expires_at <= now {
        return None;
    }
    Some(SessionUser {
        session_id: s.id.clone(),
        user: tx.user(&s.user_id)?.clone(),
    })
}

/// Starts a session for `user`: ends the user's expired sessions (and the oldest beyond
/// the cap), stores the new one hashed, and returns (secret, session).
pub(super) fn start(
    tx: &mut dyn WriteTx,
    user: &str,
    now: Timestamp,
    ttl_secs: u64,
) -> (String, Session) {
    let mut live: Vec<String> = Vec::new();
    let mut dead: Vec<String> = Vec::new();
    for s in tx.sessions_of(user) {
        if s.expires_at <= now {
            dead.push(s.id.clone());
        } else {
            live.push(s.id.clone());
        }
    }
    let excess = (live.len() + 1).saturating_sub(MAX_SESSIONS_PER_USER);
    dead.extend(live.into_iter().take(excess));
    for id in dead {
        tx.delete_session(&id);
    }
    let secret = hex(&random_bytes::<32>());
    let seq = tx.next_seq();
    let ttl = i64::try_from(ttl_secs).unwrap_or(i64::MAX);
    let session = Session {
        id: session_id(&secret),
        user_id: user.into(),
        created_at: now,
        expires_at: Timestamp(now.0.saturating_add(ttl)),
        seq,
    };
    tx.put_session(session.clone());
    (secret, session)
}

fn attributes(cfg: &SessionConfig) -> &'static str {
    if cfg.cookie_secure {
        "; HttpOnly; SameSite=Lax; Path=/; Secure"
    } else {
        "; HttpOnly; SameSite=Lax; Path=/"
    }
}

/// `Set-Cookie` for a new session.
pub(super) fn setting(cfg: &SessionConfig, secret: &str) -> String {
    format!(
        "{COOKIE}={secret}; Max-Age={}{}",
        cfg.ttl_secs,
        attributes(cfg)
    )
}

/// `Set-Cookie` that makes the browser drop the cookie.
pub(super) fn clearing(cfg: &SessionConfig) -> String {
    format!("{COOKIE}=; Max-Age=0{}", attributes(cfg))
}

/// Refuses state-changing cookie requests from other sites: an `Origin` must be the
/// server's own (its host equals the `Host` header) or a configured allowed origin;
/// without `Origin`, `Sec-Fetch-Site` (when sent) must be `same-origin` or `none`.
/// Requests with neither header come from non-browser clients and pass.
pub(super) fn check_origin(cfg: &SessionConfig, req: &Request) -> Result<(), ApiError> {
    if let Some(origin) = req.header_value("origin") {
        let origin = origin.trim().trim_end_matches('/');
        let host = origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"));
        let same_host = matches!((host, req.header_value("host")),
            (Some(o), Some(h)) if o.eq_ignore_ascii_case(h.trim()));
        let listed = cfg
            .allowed_origins
            .iter()
            .any(|a| a.trim_end_matches('/').eq_ignore_ascii_case(origin));
        if same_host || listed {
            return Ok(());
        }
        return Err(ApiError::forbidden(format!(
            "Cross-site request refused: origin '{origin}' may not make cookie-authenticated changes; call from the server's own origin, add the origin to the allowed origins, or use an API token on /api/v1"
        )));
    }
    match req.header_value("sec-fetch-site").map(str::trim) {
        None | Some("same-origin") | Some("none") => Ok(()),
        Some(site) => Err(ApiError::forbidden(format!(
            "Cross-site request refused: Sec-Fetch-Site is '{site}' and no allowed Origin was sent; call from the server's own origin or use an API token on /api/v1"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_parsing() {
        let good = "a".repeat(64);
        let r = |v: &str| Request::new("GET", "/api/auth/session").header("Cookie", v);
        assert_eq!(
            session_secret(&r(&format!("x=1; tc_session={good}; y=2"))),
            Some(good.clone())
        );
        assert_eq!(session_secret(&r("tc_session=short")), None);
        assert_eq!(
            session_secret(&r(&format!("tc_session={}", "A".repeat(64)))),
            None
        );
        assert_eq!(session_secret(&r("other=1")), None);
    }

    #[test]
    fn origin_rules() {
        let cfg = SessionConfig {
            allowed_origins: vec!["https://app.example.com".into()],
            ..SessionConfig::default()
        };
        let req = |h: &[(&str, &str)]| {
            h.iter().fold(
                Request::new("POST", "/api/auth/logout").header("Host", "localhost:8080"),
                |r, (n, v)| r.header(n, v),
            )
        };
        let ok = |h: &[(&str, &str)]| check_origin(&cfg, &req(h)).is_ok();
        assert!(ok(&[]));
        assert!(ok(&[("Origin", "http://localhost:8080")]));
        assert!(ok(&[("Origin", "https://app.example.com/")]));
        assert!(ok(&[("Sec-Fetch-Site", "same-origin")]));
        assert!(!ok(&[("Origin", "https://evil.example")]));
        assert!(!ok(&[("Origin", "null")]));
        assert!(!ok(&[("Sec-Fetch-Site", "cross-site")]));
        assert!(!ok(&[("Sec-Fetch-Site", "same-site")]));
    }
}
