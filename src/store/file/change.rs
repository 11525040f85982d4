//! What the log records: one [`Change`] per `put_*`/`delete_*` call of a committed
//! transaction, captured by [`LogTx`], a wrapper around the in-memory transaction.
//!
//! Adding a record kind: one `Change` variant, its line in [`Change::apply`], its
//! method in `impl WriteTx for LogTx` (the compiler lists what is missing), and its line in
//! `MemoryStore::dump`.

use crate::store::org_records::*;
use crate::store::records::*;
use crate::store::WriteTx;
use serde::{Deserialize, Serialize};

/// One change to the store. Every variant carries a whole record (or an id to delete), so
/// replaying a change twice gives the same state as replaying it once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// The creation-order counter reached this value.
    Seq(u64),
    /// An API token authenticated a request at this time (persisted lazily).
    TokenUsed(String, Timestamp),
    /// Insert or replace a user.
    PutUser(User),
    /// Insert or replace an API token.
    PutApiToken(ApiToken),
    /// Insert or replace a workspace.
    PutWorkspace(Workspace),
    /// Remove a workspace.
    DeleteWorkspace(String),
    /// Insert or replace a membership.
    PutMembership(Membership),
    /// Remove a membership.
    DeleteMembership(String),
    /// Insert or replace a tokenset.
    PutTokenset(Tokenset),
    /// Remove a tokenset.
    DeleteTokenset(String),
    /// Insert or replace a mode.
    PutMode(Mode),
    /// Remove a mode.
    DeleteMode(String),
    /// Insert or replace a token row.
    PutToken(TokenRecord),
    /// Remove a token row.
    DeleteToken(String),
    /// Insert or replace a user's password hash.
    PutPassword(PasswordCredential),
    /// Insert or replace a login session.
    PutSession(Session),
    /// Remove a login session.
    DeleteSession(String),
    /// Insert or replace an organization.
    PutOrganization(Organization),
    /// Insert or replace a workspace's link to its organization.
    PutOrgWorkspace(OrgWorkspace),
    /// Remove a workspace's organization link (keyed by workspace id).
    DeleteOrgWorkspace(String),
    /// Insert or replace an environment.
    PutEnvironment(Environment),
    /// Remove an environment.
    DeleteEnvironment(String),
    /// Insert or replace a release.
    PutRelease(Release),
    /// Remove a release.
    DeleteRelease(String),
}

/// What replaying changes produces besides table rows.
#[derive(Debug, Default)]
pub struct Replayed {
    /// The highest creation-order counter seen.
    pub seq: u64,
    /// Last-used times of API tokens.
    pub used: Vec<(String, Timestamp)>,
}

impl Change {
    /// Applies the change to a transaction (rows) or to `side` (counter, last-used times).
    pub fn apply(self, tx: &mut dyn WriteTx, side: &mut Replayed) {
        match self {
            Change::Seq(n) => side.seq = side.seq.max(n),
            Change::TokenUsed(id, at) => side.used.push((id, at)),
            Change::PutUser(r) => tx.put_user(r),
            Change::PutApiToken(r) => tx.put_api_token(r),
            Change::PutWorkspace(r) => tx.put_workspace(r),
            Change::DeleteWorkspace(id) => drop(tx.delete_workspace(&id)),
            Change::PutMembership(r) => tx.put_membership(r),
            Change::DeleteMembership(id) => drop(tx.delete_membership(&id)),
            Change::PutTokenset(r) => tx.put_tokenset(r),
            Change::DeleteTokenset(id) => drop(tx.delete_tokenset(&id)),
            Change::PutMode(r) => tx.put_mode(r),
            Change::DeleteMode(id) => drop(tx.delete_mode(&id)),
            Change::PutToken(r) => tx.put_token(r),
            Change::DeleteToken(id) => drop(tx.delete_token(&id)),
            Change::PutPassword(r) => tx.put_password(r),
            Change::PutSession(r) => tx.put_session(r),
            Change::DeleteSession(id) => drop(tx.delete_session(&id)),
            Change::PutOrganization(r) => tx.put_organization(r),
            Change::PutOrgWorkspace(r) => tx.put_org_workspace(r),
            Change::DeleteOrgWorkspace(id) => drop(tx.delete_org_workspace(&id)),
            Change::PutEnvironment(r) => tx.put_environment(r),
            Change::DeleteEnvironment(id) => drop(tx.delete_environment(&id)),
            Change::PutRelease(r) => tx.put_release(r),
            Change::DeleteRelease(id) => drop(tx.delete_release(&id)),
        }
    }
}

/// A transaction that passes everything to the in-memory one and records each write.
pub struct LogTx<'a> {
    inner: &'a mut dyn WriteTx,
    changes: Vec<Change>,
    seq: Option<u64>,
}

impl<'a> LogTx<'a> {
    /// Wraps `inner`.
    pub fn new(inner: &'a mut dyn WriteTx) -> Self {
        LogTx {
            inner,
            changes: Vec::new(),
            seq: None,
        }
    }

    /// The recorded changes (the counter last, when it moved).
    pub fn finish(mut self) -> Vec<Change> {
        if let Some(s) = self.seq {
            self.changes.push(Change::Seq(s));
        }
        self.changes
    }
}

crate::store::memory::delegate_read!(LogTx<'_>, inner);

/// `put_*` methods: record a copy, then pass the record on.
macro_rules! logged_put {
    ($($method:ident($ty:ty) => $variant:ident;)*) => {
        $(fn $method(&mut self, r: $ty) {
            self.changes.push(Change::$variant(r.clone()));
            self.inner.$method(r)
        })*
    };
}

/// `delete_*` methods: record the id when something was removed.
macro_rules! logged_delete {
    ($($method:ident -> $ty:ty => $variant:ident;)*) => {
        $(fn $method(&mut self, id: &str) -> Option<$ty> {
            let old = self.inner.$method(id)?;
            self.changes.push(Change::$variant(id.to_owned()));
            Some(old)
        })*
    };
}

impl WriteTx for LogTx<'_> {
    fn next_seq(&mut self) -> u64 {
        let s = self.inner.next_seq();
        self.seq = Some(s);
        s
    }

    logged_put! {
        put_user(User) => PutUser;
        put_api_token(ApiToken) => PutApiToken;
        put_workspace(Workspace) => PutWorkspace;
        put_membership(Membership) => PutMembership;
        put_tokenset(Tokenset) => PutTokenset;
        put_mode(Mode) => PutMode;
        put_token(TokenRecord) => PutToken;
        put_password(PasswordCredential) => PutPassword;
        put_session(Session) => PutSession;
        put_organization(Organization) => PutOrganization;
        put_org_workspace(OrgWorkspace) => PutOrgWorkspace;
        put_environment(Environment) => PutEnvironment;
        put_release(Release) => PutRelease;
    }

    logged_delete! {
        delete_workspace -> Workspace => DeleteWorkspace;
        delete_membership -> Membership => DeleteMembership;
        delete_tokenset -> Tokenset => DeleteTokenset;
        delete_mode -> Mode => DeleteMode;
        delete_token -> TokenRecord => DeleteToken;
        delete_session -> Session => DeleteSession;
        delete_org_workspace -> OrgWorkspace => DeleteOrgWorkspace;
        delete_environment -> Environment => DeleteEnvironment;
        delete_release -> Release => DeleteRelease;
    }
}
