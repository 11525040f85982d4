//! The library API for accounts — users with plans, API tokens with scopes, workspaces
//! and TEAM memberships — and the JSON seed file of `serve --store memory --seed FILE`
//! (format documented in `docs/API.md`, example in `examples/seed.json`).

use super::auth::{hash_token, is_well_formed, ISSUED_PREFIX};
use super::clock::{hex, new_uuid, random_bytes, Clock, SystemClock};
use super::orgs::model::{tx_create_organization, tx_link_workspace};
use super::session::password::hash_password;
use crate::store::PasswordCredential;
use crate::store::Timestamp;
use crate::store::{
    self, ApiToken, Membership, Plan, Role, Scope, Store, StoreError, User, Workspace, WriteTx,
};

mod seed;

pub use seed::{
    Seed, SeedError, SeedMembership, SeedOrganization, SeedSummary, SeedToken, SeedUser,
    SeedWorkspace,
};

/// Why an account operation failed; each message says how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// No user with this id.
    #[error("unknown user '{0}': create the user first (or fix the id)")]
    UnknownUser(String),
    /// A user with this id exists.
    #[error("a user with id '{0}' already exists: pick another id")]
    DuplicateUser(String),
    /// A user with this e-mail exists.
    #[error("a user with e-mail '{0}' already exists: e-mail addresses are unique")]
    DuplicateEmail(String),
    /// An e-mail that is empty or has no `@`.
    #[error("invalid e-mail '{0}': expected something like dev@example.com")]
    InvalidEmail(String),
    /// A token plaintext that is not `tkc_`/`dtk_` + 40 lower-case hex characters.
    #[error("malformed API token '{0}': expected 'tkc_' or 'dtk_' followed by 40 lower-case hex characters")]
    MalformedToken(String),
    /// The same plaintext twice.
    #[error("API token '{0}…' is already registered: every token must be unique")]
    DuplicateToken(String),
    /// No API token with this id.
    #[error("unknown API token id '{0}'")]
    UnknownToken(String),
    /// No workspace with this id.
    #[error("unknown workspace '{0}': create the workspace first (or fix the id)")]
    UnknownWorkspace(String),
    /// A workspace with this id exists.
    #[error("a workspace with id '{0}' already exists: pick another id")]
    DuplicateWorkspace(String),
    /// An empty or over-long name or id.
    #[error("invalid {what} '{value}': must be a non-empty string of at most 255 characters")]
    InvalidName {
        /// Which field.
        what: &'static str,
        /// The value given.
        value: String,
    },
    /// The store failed.
    #[error("{0}")]
    Store(String),
    /// No user with this e-mail address.
    #[error("unknown user e-mail '{0}': add the user first (admin user add) or fix the address")]
    UnknownEmail(String),
    /// A password the rules reject.
    #[error("invalid password: {0}")]
    InvalidPassword(String),
    /// No organization with this id.
    #[error("unknown organization '{0}': create it first (admin org create) or fix the id")]
    UnknownOrganization(String),
    /// An organization with this id exists.
    #[error("an organization with id '{0}' already exists: pick another id")]
    DuplicateOrganization(String),
    /// The workspace already belongs to another organization.
    #[error("workspace '{workspace}' already belongs to organization '{organization}': a workspace belongs to one organization")]
    WorkspaceInOtherOrganization {
        /// The workspace id.
        workspace: String,
        /// The organization it belongs to.
        organization: String,
    },
}

fn check_name(what: &'static str, value: &str) -> Result<(), AccountError> {
    if value.trim().is_empty() || value.chars().count() > 255 {
        return Err(AccountError::InvalidName {
            what,
            value: value.to_owned(),
        });
    }
    Ok(())
}

/// Account operations over a store; each call is one atomic transaction.
pub struct Accounts<'a> {
    store: &'a dyn Store,
    clock: &'a dyn Clock,
}

fn run<T>(
    store: &dyn Store,
    f: impl FnOnce(&mut dyn WriteTx) -> Result<T, AccountError>,
) -> Result<T, AccountError> {
    store::write(store, f).map_err(|e| match e {
        Ok(e) => e,
        Err(StoreError::Aborted(m) | StoreError::Backend(m)) => AccountError::Store(m),
    })
}

impl<'a> Accounts<'a> {
    /// Account operations stamping records with `clock`.
    pub fn new(store: &'a dyn Store, clock: &'a dyn Clock) -> Self {
        Accounts { store, clock }
    }

    /// Creates a user (a random UUID when `id` is `None`).
    pub fn create_user(
        &self,
        id: Option<&str>,
        email: &str,
        plan: Plan,
    ) -> Result<User, AccountError> {
        let now = self.clock.now();
        run(self.store, |tx| tx_create_user(tx, id, email, plan, now))
    }

    /// Changes a user's plan.
    pub fn set_plan(&self, user_id: &str, plan: Plan) -> Result<User, AccountError> {
        run(self.store, |tx| {
            let mut u = tx
                .user(user_id)
                .cloned()
                .ok_or_else(|| AccountError::UnknownUser(user_id.into()))?;
            u.plan = plan;
            tx.put_user(u.clone());
            Ok(u)
        })
    }

    /// Issues a new `tkc_` token; returns the record and the plaintext, which is not
    /// stored and cannot be shown again.
    pub fn issue_token(
        &self,
        user_id: &str,
        name: &str,
        scopes: &[Scope],
    ) -> Result<(ApiToken, String), AccountError> {
        let secret: [u8; 20] = random_bytes();
        let plaintext = format!("{ISSUED_PREFIX}{}", hex(&secret));
        let rec = self.add_token(user_id, name, &plaintext, scopes, false)?;
        Ok((rec, plaintext))
    }

    /// Registers a token with a known plaintext (seed files, tests). Only its hash is kept.
    pub fn add_token(
        &self,
        user_id: &str,
        name: &str,
        plaintext: &str,
        scopes: &[Scope],
        revoked: bool,
    ) -> Result<ApiToken, AccountError> {
        let now = self.clock.now();
        run(self.store, |tx| {
            tx_add_token(tx, user_id, name, plaintext, scopes, revoked, now)
        })
    }

    /// Revokes a token at once and for good.
    pub fn revoke_token(&self, token_id: &str) -> Result<(), AccountError> {
        run(self.store, |tx| {
            let mut t = tx
                .api_token(token_id)
                .cloned()
                .ok_or_else(|| AccountError::UnknownToken(token_id.into()))?;
            t.revoked = true;
            tx.put_api_token(t);
            Ok(())
        })
    }

    /// Creates a workspace owned by `owner` (with its `owner` membership).
    pub fn create_workspace(
        &self,
        id: Option<&str>,
        owner: &str,
        name: &str,
        description: Option<&str>,
    ) -> Result<Workspace, AccountError> {
        let now = self.clock.now();
        run(self.store, |tx| {
            tx_create_workspace(tx, id, owner, name, description, now)
        })
    }

    /// Adds a member to a workspace, or changes an existing member's role.
    pub fn add_member(
        &self,
        workspace: &str,
        user: &str,
        role: Role,
    ) -> Result<Membership, AccountError> {
        let now = self.clock.now();
        run(self.store, |tx| {
            tx_add_member(tx, workspace, user, role, now)
        })
    }

    /// Sets (or replaces) the password of the user with this e-mail address; the password
    /// is stored only as an Argon2id hash with a fresh random salt.
    pub fn set_password(&self, email: &str, password: &str) -> Result<(), AccountError> {
        let phc = hash_password(password).map_err(AccountError::InvalidPassword)?;
        let now = self.clock.now();
        run(self.store, |tx| tx_set_password(tx, email, phc, now))
    }

    /// Creates an organization owned by the user with this e-mail address, with its
    /// `Production` environment; returns the organization's id.
    pub fn create_organization(
        &self,
        name: &str,
        owner_email: &str,
    ) -> Result<String, AccountError> {
        let now = self.clock.now();
        run(self.store, |tx| {
            let owner = tx
                .user_by_email(owner_email)
                .map(|u| u.id.clone())
                .ok_or_else(|| AccountError::UnknownEmail(owner_email.into()))?;
            Ok(tx_create_organization(tx, None, name, &owner, now)?.id)
        })
    }

    /// Puts a workspace into an organization (nothing to do when it is already there).
    pub fn add_workspace_to_organization(
        &self,
        org_id: &str,
        workspace_id: &str,
    ) -> Result<(), AccountError> {
        let now = self.clock.now();
        run(self.store, |tx| {
            tx_link_workspace(tx, org_id, workspace_id, now)
        })
    }

    /// Loads a seed document (see [`Seed`]) in one transaction: all of it, or nothing.
    pub fn load_seed(&self, text: &str) -> Result<SeedSummary, SeedError> {
        let seed: Seed = serde_json::from_str(text).map_err(|e| SeedError::Syntax {
            line: e.line(),
            column: e.column(),
            message: super::body::strip_position(&e.to_string()).to_owned(),
        })?;
        let now = self.clock.now();
        let mut hashes = Vec::with_capacity(seed.users.len());
        for (index, u) in seed.users.iter().enumerate() {
            hashes.push(match &u.password {
                Some(p) => Some(hash_password(p).map_err(|e| SeedError::Entry {
                    section: "users",
                    index,
                    error: AccountError::InvalidPassword(e),
                })?),
                None => None,
            });
        }
        let at = |section: &'static str, index: usize| {
            move |error: AccountError| SeedError::Entry {
                section,
                index,
                error,
            }
        };
        store::write(self.store, |tx| {
            for (i, u) in seed.users.iter().enumerate() {
                tx_create_user(tx, Some(&u.id), &u.email, u.plan, now).map_err(at("users", i))?;
                if let Some(Some(phc)) = hashes.get(i) {
                    tx_set_password(tx, &u.email, phc.clone(), now).map_err(at("users", i))?;
                }
            }
            for (i, t) in seed.api_tokens.iter().enumerate() {
                let name = t
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("seed token {}", i + 1));
                let scopes = t.scopes.clone().unwrap_or_else(|| Scope::ALL.to_vec());
                tx_add_token(tx, &t.user, &name, &t.token, &scopes, t.revoked, now)
                    .map_err(at("api_tokens", i))?;
            }
            for (i, w) in seed.workspaces.iter().enumerate() {
                tx_create_workspace(
                    tx,
                    Some(&w.id),
                    &w.owner,
                    &w.name,
                    w.description.as_deref(),
                    now,
                )
                .map_err(at("workspaces", i))?;
            }
            for (i, m) in seed.memberships.iter().enumerate() {
                tx_add_member(tx, &m.workspace, &m.user, m.role, now)
                    .map_err(at("memberships", i))?;
            }
            for (i, o) in seed.organizations.iter().enumerate() {
                tx_create_organization(tx, Some(&o.id), &o.name, &o.owner, now)
                    .map_err(at("organizations", i))?;
                for w in &o.workspaces {
                    tx_link_workspace(tx, &o.id, w, now).map_err(at("organizations", i))?;
                }
            }
            Ok(SeedSummary {
                organizations: seed.organizations.len(),
                users: seed.users.len(),
                api_tokens: seed.api_tokens.len(),
                workspaces: seed.workspaces.len(),
                memberships: seed.memberships.len(),
            })
        })
        .map_err(|e| match e {
            Ok(e) => e,
            Err(StoreError::Aborted(m) | StoreError::Backend(m)) => SeedError::Store(m),
        })
    }
}

/// Sets a user's password (found by e-mail), stamping with the system clock.
pub fn set_password(store: &dyn Store, email: &str, password: &str) -> Result<(), AccountError> {
    Accounts::new(store, &SystemClock).set_password(email, password)
}

/// Creates an organization (with its `Production` environment) owned by the user with
/// this e-mail address; returns its id.
pub fn create_organization(
    store: &dyn Store,
    name: &str,
    owner_email: &str,
) -> Result<String, AccountError> {
    Accounts::new(store, &SystemClock).create_organization(name, owner_email)
}

/// Puts a workspace into an organization.
pub fn add_workspace_to_organization(
    store: &dyn Store,
    org_id: &str,
    workspace_id: &str,
) -> Result<(), AccountError> {
    Accounts::new(store, &SystemClock).add_workspace_to_organization(org_id, workspace_id)
}

fn tx_set_password(
    tx: &mut dyn WriteTx,
    email: &str,
    phc: String,
    now: Timestamp,
) -> Result<(), AccountError> {
    let user = tx
        .user_by_email(email)
        .map(|u| u.id.clone())
        .ok_or_else(|| AccountError::UnknownEmail(email.into()))?;
    let seq = match tx.password(&user) {
        Some(old) => old.seq,
        None => tx.next_seq(),
    };
    tx.put_password(PasswordCredential {
        id: user,
        phc,
        updated_at: now,
        seq,
    });
    Ok(())
}

/// Loads a seed document into a store, stamping records with the system clock.
pub fn load_seed(store: &dyn Store, text: &str) -> Result<SeedSummary, SeedError> {
    Accounts::new(store, &SystemClock).load_seed(text)
}

fn tx_create_user(
    tx: &mut dyn WriteTx,
    id: Option<&str>,
    email: &str,
    plan: Plan,
    now: Timestamp,
) -> Result<User, AccountError> {
    let id = id.map(str::to_owned).unwrap_or_else(new_uuid);
    check_name("user id", &id)?;
    if !email.contains('@') || email.trim() != email || email.len() > 255 {
        return Err(AccountError::InvalidEmail(email.into()));
    }
    if tx.user(&id).is_some() {
        return Err(AccountError::DuplicateUser(id));
    }
    if tx.user_by_email(email).is_some() {
        return Err(AccountError::DuplicateEmail(email.into()));
    }
    let seq = tx.next_seq();
    let user = User {
        id,
        email: email.into(),
        plan,
        created_at: now,
        seq,
    };
    tx.put_user(user.clone());
    Ok(user)
}

fn tx_add_token(
    tx: &mut dyn WriteTx,
    user_id: &str,
    name: &str,
    plaintext: &str,
    scopes: &[Scope],
    revoked: bool,
    now: Timestamp,
) -> Result<ApiToken, AccountError> {
    if !is_well_formed(plaintext) {
        return Err(AccountError::MalformedToken(plaintext.into()));
    }
    if tx.user(user_id).is_none() {
        return Err(AccountError::UnknownUser(user_id.into()));
    }
    let hash = hash_token(plaintext);
    let prefix: String = plaintext.chars().take(12).collect();
    if tx.api_token_by_hash(&hash).is_some() {
        return Err(AccountError::DuplicateToken(prefix));
    }
    let mut scopes = scopes.to_vec();
    scopes.sort();
    scopes.dedup();
    let seq = tx.next_seq();
    let rec = ApiToken {
        id: new_uuid(),
        user_id: user_id.into(),
        name: name.into(),
        hash,
        prefix,
        scopes,
        revoked,
        created_at: now,
        seq,
    };
    tx.put_api_token(rec.clone());
    Ok(rec)
}

pub(crate) fn tx_create_workspace(
    tx: &mut dyn WriteTx,
    id: Option<&str>,
    owner: &str,
    name: &str,
    description: Option<&str>,
    now: Timestamp,
) -> Result<Workspace, AccountError> {
    let id = id.map(str::to_owned).unwrap_or_else(new_uuid);
    check_name("workspace id", &id)?;
    check_name("workspace name", name)?;
    if tx.user(owner).is_none() {
        return Err(AccountError::UnknownUser(owner.into()));
    }
    if tx.workspace(&id).is_some() {
        return Err(AccountError::DuplicateWorkspace(id));
    }
    let seq = tx.next_seq();
    let ws = Workspace {
        id,
        name: name.trim().into(),
        description: description.map(Into::into),
        owner: owner.into(),
        created_at: now,
        updated_at: now,
        seq,
    };
    tx.put_workspace(ws.clone());
    tx_add_member(tx, &ws.id, owner, Role::Owner, now)?;
    Ok(ws)
}

pub(crate) fn tx_add_member(
    tx: &mut dyn WriteTx,
    workspace: &str,
    user: &str,
    role: Role,
    now: Timestamp,
) -> Result<Membership, AccountError> {
    if tx.workspace(workspace).is_none() {
        return Err(AccountError::UnknownWorkspace(workspace.into()));
    }
    if tx.user(user).is_none() {
        return Err(AccountError::UnknownUser(user.into()));
    }
    let existing = tx.membership(workspace, user).cloned();
    let (seq, created_at) = match &existing {
        Some(m) => (m.seq, m.created_at),
        None => (tx.next_seq(), now),
    };
    let m = Membership {
        id: Membership::id_for(workspace, user),
        workspace_id: workspace.into(),
        user_id: user.into(),
        role,
        created_at,
        seq,
    };
    tx.put_membership(m.clone());
    Ok(m)
}
