//! Persistence for the API: the [`Store`] trait, the records it holds, and the in-memory
//! implementation ([`MemoryStore`]).
//!
//! The trait is shaped for a later durable file store as well: every entity is read and
//! written as a whole record, and every change runs inside [`Store::write`], an atomic
//! transaction (all of its puts and deletes become visible together, or none do when the
//! closure returns an error or panics). Readers run inside [`Store::read`] and always see
//! a consistent state.
//!
//! Children are listed in creation order (each record carries a store-assigned `seq`).

#[cfg(all(unix, feature = "server"))]
pub mod file;
mod memory;
mod org_records;
mod records;

#[cfg(all(unix, feature = "server"))]
pub use file::{FileStore, FileStoreError, FileStoreOptions};
pub use memory::MemoryStore;
pub use org_records::{
    Environment, OrgWorkspace, Organization, PasswordCredential, Release, Session, Snapshot,
    SnapshotMode, SnapshotToken, SnapshotTokenset,
};
pub use records::{
    ApiToken, Membership, Mode, Plan, Role, Scope, Timestamp, TokenHash, TokenRecord, Tokenset,
    User, Workspace,
};

use std::fmt;

/// Why a store transaction failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The transaction's closure rejected the change; nothing was written. Carries the
    /// caller's own message.
    Aborted(String),
    /// The store itself failed (I/O for a durable store).
    Backend(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Aborted(m) => write!(f, "transaction aborted: {m}"),
            StoreError::Backend(m) => write!(f, "store failure: {m}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// A consistent read view of the store. Lists are in creation order.
pub trait ReadTx {
    /// A user by id.
    fn user(&self, id: &str) -> Option<&User>;
    /// A user by e-mail address (exact match).
    fn user_by_email(&self, email: &str) -> Option<&User>;
    /// An API token record by id.
    fn api_token(&self, id: &str) -> Option<&ApiToken>;
    /// An API token record by the SHA-256 hash of its plaintext.
    fn api_token_by_hash(&self, hash: &TokenHash) -> Option<&ApiToken>;
    /// The API tokens of a user.
    fn api_tokens_of(&self, user: &str) -> Vec<&ApiToken>;
    /// A workspace by id.
    fn workspace(&self, id: &str) -> Option<&Workspace>;
    /// Every workspace.
    fn workspaces(&self) -> Vec<&Workspace>;
    /// The membership of `user` in `workspace`.
    fn membership(&self, workspace: &str, user: &str) -> Option<&Membership>;
    /// The memberships of a workspace.
    fn memberships(&self, workspace: &str) -> Vec<&Membership>;
    /// A tokenset by id.
    fn tokenset(&self, id: &str) -> Option<&Tokenset>;
    /// The tokensets of a workspace.
    fn tokensets(&self, workspace: &str) -> Vec<&Tokenset>;
    /// A mode by id.
    fn mode(&self, id: &str) -> Option<&Mode>;
    /// The modes of a tokenset.
    fn modes(&self, tokenset: &str) -> Vec<&Mode>;
    /// A token row by id.
    fn token(&self, id: &str) -> Option<&TokenRecord>;
    /// The token rows of a mode.
    fn tokens(&self, mode: &str) -> Vec<&TokenRecord>;
    /// The token row of a mode with this exact name.
    fn token_by_name(&self, mode: &str, name: &str) -> Option<&TokenRecord>;
    /// A user's password credential (id = user id).
    fn password(&self, user: &str) -> Option<&PasswordCredential>;
    /// A login session by id (the hash of its cookie secret).
    fn session(&self, id: &str) -> Option<&Session>;
    /// The sessions of a user.
    fn sessions_of(&self, user: &str) -> Vec<&Session>;
    /// An organization by id.
    fn organization(&self, id: &str) -> Option<&Organization>;
    /// Every organization.
    fn organizations(&self) -> Vec<&Organization>;
    /// The organization link of a workspace (id = workspace id).
    fn org_workspace(&self, workspace: &str) -> Option<&OrgWorkspace>;
    /// The workspace links of an organization.
    fn org_workspaces(&self, org: &str) -> Vec<&OrgWorkspace>;
    /// An environment by id.
    fn environment(&self, id: &str) -> Option<&Environment>;
    /// The environments of an organization.
    fn environments(&self, org: &str) -> Vec<&Environment>;
    /// A release by id.
    fn release(&self, id: &str) -> Option<&Release>;
    /// The releases of an environment, oldest first.
    fn releases(&self, environment: &str) -> Vec<&Release>;
}

/// A read-write view inside an atomic transaction. `put_*` inserts or replaces the whole
/// record with that id; `delete_*` removes one record (no cascade: callers delete
/// children themselves, inside the same transaction).
pub trait WriteTx: ReadTx {
    /// A fresh creation-order number for a new record's `seq`.
    fn next_seq(&mut self) -> u64;
    /// Inserts or replaces a user.
    fn put_user(&mut self, user: User);
    /// Inserts or replaces an API token record.
    fn put_api_token(&mut self, token: ApiToken);
    /// Inserts or replaces a workspace.
    fn put_workspace(&mut self, workspace: Workspace);
    /// Removes a workspace record.
    fn delete_workspace(&mut self, id: &str) -> Option<Workspace>;
    /// Inserts or replaces a membership.
    fn put_membership(&mut self, membership: Membership);
    /// Removes a membership record.
    fn delete_membership(&mut self, id: &str) -> Option<Membership>;
    /// Inserts or replaces a tokenset.
    fn put_tokenset(&mut self, tokenset: Tokenset);
    /// Removes a tokenset record.
    fn delete_tokenset(&mut self, id: &str) -> Option<Tokenset>;
    /// Inserts or replaces a mode.
    fn put_mode(&mut self, mode: Mode);
    /// Removes a mode record.
    fn delete_mode(&mut self, id: &str) -> Option<Mode>;
    /// Inserts or replaces a token row.
    fn put_token(&mut self, token: TokenRecord);
    /// Removes a token row.
    fn delete_token(&mut self, id: &str) -> Option<TokenRecord>;
    /// Inserts or replaces a password credential.
    fn put_password(&mut self, credential: PasswordCredential);
    /// Inserts or replaces a login session.
    fn put_session(&mut self, session: Session);
    /// Removes a login session.
    fn delete_session(&mut self, id: &str) -> Option<Session>;
    /// Inserts or replaces an organization.
    fn put_organization(&mut self, organization: Organization);
    /// Inserts or replaces a workspace's organization link.
    fn put_org_workspace(&mut self, link: OrgWorkspace);
    /// Removes a workspace's organization link.
    fn delete_org_workspace(&mut self, workspace: &str) -> Option<OrgWorkspace>;
    /// Inserts or replaces an environment.
    fn put_environment(&mut self, environment: Environment);
    /// Removes an environment record.
    fn delete_environment(&mut self, id: &str) -> Option<Environment>;
    /// Inserts a release (releases are never changed once written).
    fn put_release(&mut self, release: Release);
    /// Removes a release (only with its environment).
    fn delete_release(&mut self, id: &str) -> Option<Release>;
}

/// Where the API's data lives. Implementations must be safe to share between threads.
pub trait Store: Send + Sync {
    /// Runs `f` with a consistent read view (writers are excluded while it runs).
    fn read(&self, f: &mut dyn FnMut(&dyn ReadTx));

    /// Runs `f` as one atomic transaction. When `f` returns an error (or panics), every
    /// change it made is undone before anyone can observe it, and the error is returned.
    fn write(
        &self,
        f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// Records that an API token authenticated a request at `at` (`last used`). Cheap and
    /// without I/O on the request path; a durable store persists it lazily. Does nothing
    /// by default.
    fn note_token_used(&self, _token_id: &str, _at: Timestamp) {}

    /// When an API token last authenticated a request, if known.
    fn token_last_used(&self, _token_id: &str) -> Option<Timestamp> {
        None
    }
}

/// Runs a read closure that returns a value (a convenience over [`Store::read`]).
pub fn read<T>(store: &dyn Store, f: impl FnOnce(&dyn ReadTx) -> T) -> T {
    let mut f = Some(f);
    let mut out = None;
    store.read(&mut |tx| {
        if let Some(f) = f.take() {
            out = Some(f(tx));
        }
    });
    match out {
        Some(v) => v,
        // `Store::read` implementations must call the closure exactly once.
        None => panic!("Store::read did not call its closure"),
    }
}

/// Runs a transaction closure that returns a value or a typed error (a convenience over
/// [`Store::write`]). When the closure returns `Err(e)`, nothing is written and `e` is
/// returned as `Err(Ok(e))`; a failure of the store itself is `Err(Err(StoreError))`.
pub fn write<T, E>(
    store: &dyn Store,
    f: impl FnOnce(&mut dyn WriteTx) -> Result<T, E>,
) -> Result<T, Result<E, StoreError>> {
    let mut f = Some(f);
    let mut out: Option<Result<T, E>> = None;
    let result = store.write(&mut |tx| {
        let Some(f) = f.take() else {
            return Err(StoreError::Aborted(
                "transaction closure called twice".into(),
            ));
        };
        match f(tx) {
            Ok(v) => {
                out = Some(Ok(v));
                Ok(())
            }
            Err(e) => {
                out = Some(Err(e));
                Err(StoreError::Aborted("rejected by caller".into()))
            }
        }
    });
    match (result, out) {
        (Ok(()), Some(Ok(v))) => Ok(v),
        (_, Some(Err(e))) => Err(Ok(e)),
        (Err(e), _) => Err(Err(e)),
        (Ok(()), None) => Err(Err(StoreError::Backend(
            "Store::write did not call its closure".into(),
        ))),
    }
}
