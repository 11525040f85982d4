//! Who is calling, and what they may do: bearer API tokens (§1.2), scopes (§2.2), plans
//! (§2.3), roles (§2.4) and the decision matrix of §2.5.

use super::error::{self, ApiError};
use super::http::Request;
use crate::store::{Plan, ReadTx, Role, Scope, TokenHash, Workspace};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Prefix of newly issued API tokens.
pub const ISSUED_PREFIX: &str = "tkc_";
/// Older prefix, still accepted.
pub const LEGACY_PREFIX: &str = "dtk_";
/// Hex characters after the prefix.
pub const SECRET_HEX_LEN: usize = 40;

/// True for `tkc_` or `dtk_` followed by exactly 40 lower-case hex characters.
pub fn is_well_formed(token: &str) -> bool {
    let rest = token
        .strip_prefix(ISSUED_PREFIX)
        .or_else(|| token.strip_prefix(LEGACY_PREFIX));
    matches!(rest, Some(r) if r.len() == SECRET_HEX_LEN
        && r.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// SHA-256 of a token's plaintext: the only form in which tokens are stored.
pub fn hash_token(plaintext: &str) -> TokenHash {
    Sha256::digest(plaintext.as_bytes()).into()
}

/// The token from `Authorization: Bearer <token>` (scheme case-insensitive).
pub fn bearer(req: &Request) -> Option<&str> {
    let value = req.header_value("authorization")?.trim();
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    Some(token.trim())
}

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The API token's id (the rate-limit key).
    pub token_id: String,
    /// The token owner's user id.
    pub user_id: String,
    /// The token owner's own plan.
    pub plan: Plan,
    /// The token's scopes.
    pub scopes: Vec<Scope>,
}

/// Looks a bearer token up: well-formed, known (hash compared in constant time), not
/// revoked, and its user exists. Any failure is the same `None` (→ 401).
pub fn authenticate<T: ReadTx + ?Sized>(tx: &T, token: &str) -> Option<Caller> {
    if !is_well_formed(token) {
        return None;
    }
    let hash = hash_token(token);
    let rec = tx.api_token_by_hash(&hash)?;
    if !bool::from(rec.hash.ct_eq(&hash)) || rec.revoked {
        return None;
    }
    let user = tx.user(&rec.user_id)?;
    Some(Caller {
        token_id: rec.id.clone(),
        user_id: user.id.clone(),
        plan: user.plan,
        scopes: rec.scopes.clone(),
    })
}

/// The 403 for a missing scope.
pub fn require_scope(caller: &Caller, scope: Scope) -> Result<(), ApiError> {
    if caller.scopes.contains(&scope) {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "This operation requires the '{}' scope",
            scope.as_str()
        )))
    }
}

/// The kind of operation, for the decision matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// GET on workspaces, tokensets, modes, tokens.
    Read,
    /// POST, PATCH, DELETE.
    Write,
    /// The export endpoints.
    Export,
}

/// How the caller relates to a workspace, before plan rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The caller owns the workspace.
    Owner,
    /// The caller has a membership with this role.
    Member(Role),
    /// Neither.
    Stranger,
}

/// The outcome of the decision matrix for one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Allowed; the caller's effective role.
    Allow(Role),
    /// Reported as the resource's 404 (existence is never leaked).
    NotFound,
    /// 403: the role does not allow writes.
    ForbiddenRole,
    /// 403: the owner's plan has no API write access.
    ForbiddenPlan,
}

/// The caller's effective role: memberships count only on TEAM workspaces.
pub fn effective_role(owner_plan: Plan, relation: Relation) -> Option<Role> {
    match (owner_plan, relation) {
        (_, Relation::Owner) => Some(Role::Owner),
        (Plan::Team, Relation::Member(role)) => Some(role),
        _ => None,
    }
}

/// §2.5: owner's plan × caller's relation × operation. Scopes are checked before this.
pub fn decide(owner_plan: Plan, relation: Relation, op: Op) -> Decision {
    let Some(role) = effective_role(owner_plan, relation) else {
        return Decision::NotFound;
    };
    match op {
        Op::Read | Op::Export => Decision::Allow(role),
        Op::Write if !role.can_write() => Decision::ForbiddenRole,
        Op::Write if !owner_plan.allows_api_write() => Decision::ForbiddenPlan,
        Op::Write => Decision::Allow(role),
    }
}

/// What a caller may do in one workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// The owner's plan.
    pub owner_plan: Plan,
    /// The caller's relation.
    pub relation: Relation,
}

impl Access {
    /// The caller's relation to `ws`, or `None` when the caller cannot see it.
    pub fn to<T: ReadTx + ?Sized>(tx: &T, caller: &Caller, ws: &Workspace) -> Option<Access> {
        let owner_plan = tx.user(&ws.owner).map(|u| u.plan)?;
        let relation = if ws.owner == caller.user_id {
            Relation::Owner
        } else {
            match tx.membership(&ws.id, &caller.user_id) {
                Some(m) => Relation::Member(m.role),
                None => Relation::Stranger,
            }
        };
        let access = Access {
            owner_plan,
            relation,
        };
        access.role().map(|_| access)
    }

    /// The caller's effective role.
    pub fn role(&self) -> Option<Role> {
        effective_role(self.owner_plan, self.relation)
    }

    /// Checks an operation; `missing` is the 404 to report when not visible.
    pub fn check(&self, op: Op, missing: error::Missing) -> Result<Role, ApiError> {
        match decide(self.owner_plan, self.relation, op) {
            Decision::Allow(role) => Ok(role),
            Decision::NotFound => Err(ApiError::not_found(missing)),
            Decision::ForbiddenRole => Err(ApiError::forbidden(error::ROLE_FORBIDS_WRITE)),
            Decision::ForbiddenPlan => Err(ApiError::forbidden(error::OWNER_PLAN_FORBIDS_WRITE)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_format() {
        let hex40 = "0123456789abcdef0123456789abcdef01234567";
        assert!(is_well_formed(&format!("tkc_{hex40}")));
        assert!(is_well_formed(&format!("dtk_{hex40}")));
        for bad in [
            format!("abc_{hex40}"),
            format!("tkc_{}", &hex40[1..]),
            format!("tkc_{hex40}0"),
            format!("tkc_{}", hex40.to_uppercase()),
            "tkc_".to_owned(),
            String::new(),
        ] {
            assert!(!is_well_formed(&bad), "{bad}");
        }
    }

    #[test]
    fn bearer_parsing() {
        let r = |v: &str| Request::new("GET", "/").header("Authorization", v);
        assert_eq!(bearer(&r("Bearer abc")), Some("abc"));
        assert_eq!(bearer(&r("bearer  abc ")), Some("abc"));
        assert_eq!(bearer(&r("Basic abc")), None);
        assert_eq!(bearer(&r("Bearer")), None);
        assert_eq!(bearer(&Request::new("GET", "/")), None);
    }
}
