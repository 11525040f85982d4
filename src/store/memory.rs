//! The in-memory store: one `RwLock` over all tables. A transaction holds the write lock
//! for its whole run and keeps an undo log, so a rejected (or panicking) transaction is
//! rolled back before the lock is released: readers never see a partial write.

use super::org_records::*;
use super::records::*;
use super::{ReadTx, Store, StoreError, WriteTx};
use std::collections::HashMap;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::{Mutex, RwLock};

#[macro_use]
mod table;

use table::{Record, Table};

record!(User);
record!(ApiToken, user_id);
record!(Workspace);
record!(Membership, workspace_id);
record!(Tokenset, workspace_id);
record!(Mode, tokenset_id);
record!(TokenRecord, mode_id);

mod org;

#[derive(Default)]
struct Data {
    seq: u64,
    users: Table<User>,
    users_by_email: HashMap<String, String>,
    api_tokens: Table<ApiToken>,
    token_hashes: HashMap<TokenHash, String>,
    workspaces: Table<Workspace>,
    memberships: Table<Membership>,
    tokensets: Table<Tokenset>,
    modes: Table<Mode>,
    tokens: Table<TokenRecord>,
    /// (mode id, token name) → token id.
    token_names: HashMap<(String, String), String>,
    /// Sessions, passwords, organizations, environments, releases.
    org: org::OrgTables,
}

impl Data {
    fn put_user(&mut self, u: User) -> Option<User> {
        let email = u.email.clone();
        let id = u.id.clone();
        let old = self.users.put(u);
        if let Some(o) = &old {
            self.users_by_email.remove(&o.email);
        }
        self.users_by_email.insert(email, id);
        old
    }

    fn restore_user(&mut self, id: &str, old: Option<User>) {
        if let Some(cur) = self.users.remove(id) {
            self.users_by_email.remove(&cur.email);
        }
        if let Some(o) = old {
            self.put_user(o);
        }
    }

    fn put_api_token(&mut self, t: ApiToken) -> Option<ApiToken> {
        let (hash, id) = (t.hash, t.id.clone());
        let old = self.api_tokens.put(t);
        if let Some(o) = &old {
            self.token_hashes.remove(&o.hash);
        }
        self.token_hashes.insert(hash, id);
        old
    }

    fn restore_api_token(&mut self, id: &str, old: Option<ApiToken>) {
        if let Some(cur) = self.api_tokens.remove(id) {
            self.token_hashes.remove(&cur.hash);
        }
        if let Some(o) = old {
            self.put_api_token(o);
        }
    }

    fn put_token(&mut self, t: TokenRecord) -> Option<TokenRecord> {
        let key = (t.mode_id.clone(), t.name.clone());
        let id = t.id.clone();
        let old = self.remove_token(&id);
        self.tokens.put(t);
        self.token_names.insert(key, id);
        old
    }

    fn remove_token(&mut self, id: &str) -> Option<TokenRecord> {
        let old = self.tokens.remove(id)?;
        let key = (old.mode_id.clone(), old.name.clone());
        if self.token_names.get(&key).map(String::as_str) == Some(id) {
            self.token_names.remove(&key);
        }
        Some(old)
    }

    fn restore_token(&mut self, id: &str, old: Option<TokenRecord>) {
        self.remove_token(id);
        if let Some(o) = old {
            self.put_token(o);
        }
    }
}

impl ReadTx for Data {
    fn user(&self, id: &str) -> Option<&User> {
        self.users.get(id)
    }
    fn user_by_email(&self, email: &str) -> Option<&User> {
        self.users_by_email
            .get(email)
            .and_then(|id| self.users.get(id))
    }
    fn api_token(&self, id: &str) -> Option<&ApiToken> {
        self.api_tokens.get(id)
    }
    fn api_token_by_hash(&self, hash: &TokenHash) -> Option<&ApiToken> {
        self.token_hashes
            .get(hash)
            .and_then(|id| self.api_tokens.get(id))
    }
    fn api_tokens_of(&self, user: &str) -> Vec<&ApiToken> {
        self.api_tokens.children(user)
    }
    fn workspace(&self, id: &str) -> Option<&Workspace> {
        self.workspaces.get(id)
    }
    fn workspaces(&self) -> Vec<&Workspace> {
        self.workspaces.all()
    }
    fn membership(&self, workspace: &str, user: &str) -> Option<&Membership> {
        self.memberships.get(&Membership::id_for(workspace, user))
    }
    fn memberships(&self, workspace: &str) -> Vec<&Membership> {
        self.memberships.children(workspace)
    }
    fn tokenset(&self, id: &str) -> Option<&Tokenset> {
        self.tokensets.get(id)
    }
    fn tokensets(&self, workspace: &str) -> Vec<&Tokenset> {
        self.tokensets.children(workspace)
    }
    fn mode(&self, id: &str) -> Option<&Mode> {
        self.modes.get(id)
    }
    fn modes(&self, tokenset: &str) -> Vec<&Mode> {
        self.modes.children(tokenset)
    }
    fn token(&self, id: &str) -> Option<&TokenRecord> {
        self.tokens.get(id)
    }
    fn tokens(&self, mode: &str) -> Vec<&TokenRecord> {
        self.tokens.children(mode)
    }
    fn token_by_name(&self, mode: &str, name: &str) -> Option<&TokenRecord> {
        // The key is owned; a lookup allocates two small strings.
        self.token_names
            .get(&(mode.to_owned(), name.to_owned()))
            .and_then(|id| self.tokens.get(id))
    }
    fn password(&self, user: &str) -> Option<&PasswordCredential> {
        self.org.passwords.get(user)
    }
    fn session(&self, id: &str) -> Option<&Session> {
        self.org.sessions.get(id)
    }
    fn sessions_of(&self, user: &str) -> Vec<&Session> {
        self.org.sessions.children(user)
    }
    fn organization(&self, id: &str) -> Option<&Organization> {
        self.org.organizations.get(id)
    }
    fn organizations(&self) -> Vec<&Organization> {
        self.org.organizations.all()
    }
    fn org_workspace(&self, workspace: &str) -> Option<&OrgWorkspace> {
        self.org.org_workspaces.get(workspace)
    }
    fn org_workspaces(&self, org: &str) -> Vec<&OrgWorkspace> {
        self.org.org_workspaces.children(org)
    }
    fn environment(&self, id: &str) -> Option<&Environment> {
        self.org.environments.get(id)
    }
    fn environments(&self, org: &str) -> Vec<&Environment> {
        self.org.environments.children(org)
    }
    fn release(&self, id: &str) -> Option<&Release> {
        self.org.releases.get(id)
    }
    fn releases(&self, environment: &str) -> Vec<&Release> {
        self.org.releases.children(environment)
    }
}

type UndoFn = Box<dyn FnOnce(&mut Data) + Send>;

/// A transaction over the locked data with an undo log.
struct MemTx<'a> {
    data: &'a mut Data,
    undo: Vec<UndoFn>,
}

impl MemTx<'_> {
    fn rollback(&mut self) {
        while let Some(u) = self.undo.pop() {
            u(self.data);
        }
    }
}

/// Implements `ReadTx` for `$ty` by calling each method on `self.$field` (MemTx here, the
/// file store's logging transaction). Every `ReadTx` method is listed here once.
macro_rules! delegate_read {
    ($ty:ty, $field:ident) => {
        $crate::store::memory::delegate_read! { @impl $ty, $field;
    user(id: &str) -> Option<&User>;
    user_by_email(email: &str) -> Option<&User>;
    api_token(id: &str) -> Option<&ApiToken>;
    api_token_by_hash(hash: &TokenHash) -> Option<&ApiToken>;
    api_tokens_of(user: &str) -> Vec<&ApiToken>;
    workspace(id: &str) -> Option<&Workspace>;
    workspaces() -> Vec<&Workspace>;
    membership(workspace: &str, user: &str) -> Option<&Membership>;
    memberships(workspace: &str) -> Vec<&Membership>;
    tokenset(id: &str) -> Option<&Tokenset>;
    tokensets(workspace: &str) -> Vec<&Tokenset>;
    mode(id: &str) -> Option<&Mode>;
    modes(tokenset: &str) -> Vec<&Mode>;
    token(id: &str) -> Option<&TokenRecord>;
    tokens(mode: &str) -> Vec<&TokenRecord>;
    token_by_name(mode: &str, name: &str) -> Option<&TokenRecord>;
    password(user: &str) -> Option<&PasswordCredential>;
    session(id: &str) -> Option<&Session>;
    sessions_of(user: &str) -> Vec<&Session>;
    organization(id: &str) -> Option<&Organization>;
    organizations() -> Vec<&Organization>;
    org_workspace(workspace: &str) -> Option<&OrgWorkspace>;
    org_workspaces(org: &str) -> Vec<&OrgWorkspace>;
    environment(id: &str) -> Option<&Environment>;
    environments(org: &str) -> Vec<&Environment>;
    release(id: &str) -> Option<&Release>;
    releases(environment: &str) -> Vec<&Release>;
        }
    };
    (@impl $ty:ty, $field:ident; $($name:ident($($arg:ident: $argty:ty),*) -> $ret:ty;)*) => {
        impl $crate::store::ReadTx for $ty {
            $(fn $name(&self, $($arg: $argty),*) -> $ret { self.$field.$name($($arg),*) })*
        }
    };
}
pub(super) use delegate_read;

delegate_read!(MemTx<'_>, data);

impl WriteTx for MemTx<'_> {
    fn next_seq(&mut self) -> u64 {
        self.data.seq += 1;
        let seq = self.data.seq;
        self.undo
            .push(Box::new(move |d| d.seq = d.seq.min(seq - 1)));
        seq
    }

    fn put_user(&mut self, user: User) {
        let id = user.id.clone();
        let old = self.data.put_user(user);
        self.undo.push(Box::new(move |d| d.restore_user(&id, old)));
    }

    fn put_api_token(&mut self, token: ApiToken) {
        let id = token.id.clone();
        let old = self.data.put_api_token(token);
        self.undo
            .push(Box::new(move |d| d.restore_api_token(&id, old)));
    }

    fn put_workspace(&mut self, workspace: Workspace) {
        let id = workspace.id.clone();
        let old = self.data.workspaces.put(workspace);
        self.undo
            .push(Box::new(move |d| d.workspaces.restore(&id, old)));
    }

    fn delete_workspace(&mut self, id: &str) -> Option<Workspace> {
        let old = self.data.workspaces.remove(id)?;
        let (id, back) = (id.to_owned(), old.clone());
        self.undo
            .push(Box::new(move |d| d.workspaces.restore(&id, Some(back))));
        Some(old)
    }

    fn put_membership(&mut self, membership: Membership) {
        let id = membership.id.clone();
        let old = self.data.memberships.put(membership);
        self.undo
            .push(Box::new(move |d| d.memberships.restore(&id, old)));
    }

    fn delete_membership(&mut self, id: &str) -> Option<Membership> {
        let old = self.data.memberships.remove(id)?;
        let (id, back) = (id.to_owned(), old.clone());
        self.undo
            .push(Box::new(move |d| d.memberships.restore(&id, Some(back))));
        Some(old)
    }

    fn put_tokenset(&mut self, tokenset: Tokenset) {
        let id = tokenset.id.clone();
        let old = self.data.tokensets.put(tokenset);
        self.undo
            .push(Box::new(move |d| d.tokensets.restore(&id, old)));
    }

    fn delete_tokenset(&mut self, id: &str) -> Option<Tokenset> {
        let old = self.data.tokensets.remove(id)?;
        let (id, back) = (id.to_owned(), old.clone());
        self.undo
            .push(Box::new(move |d| d.tokensets.restore(&id, Some(back))));
        Some(old)
    }

    fn put_mode(&mut self, mode: Mode) {
        let id = mode.id.clone();
        let old = self.data.modes.put(mode);
        self.undo.push(Box::new(move |d| d.modes.restore(&id, old)));
    }

    fn delete_mode(&mut self, id: &str) -> Option<Mode> {
        let old = self.data.modes.remove(id)?;
        let (id, back) = (id.to_owned(), old.clone());
        self.undo
            .push(Box::new(move |d| d.modes.restore(&id, Some(back))));
        Some(old)
    }

    fn put_token(&mut self, token: TokenRecord) {
        let id = token.id.clone();
        let old = self.data.put_token(token);
        self.undo.push(Box::new(move |d| d.restore_token(&id, old)));
    }

    fn delete_token(&mut self, id: &str) -> Option<TokenRecord> {
        let old = self.data.remove_token(id)?;
        let (id, back) = (id.to_owned(), old.clone());
        self.undo
            .push(Box::new(move |d| d.restore_token(&id, Some(back))));
        Some(old)
    }

    fn put_password(&mut self, credential: PasswordCredential) {
        self.put_rec(|d| &mut d.org.passwords, credential);
    }

    fn put_session(&mut self, session: Session) {
        self.put_rec(|d| &mut d.org.sessions, session);
    }

    fn delete_session(&mut self, id: &str) -> Option<Session> {
        self.delete_rec(|d| &mut d.org.sessions, id)
    }

    fn put_organization(&mut self, organization: Organization) {
        self.put_rec(|d| &mut d.org.organizations, organization);
    }

    fn put_org_workspace(&mut self, link: OrgWorkspace) {
        self.put_rec(|d| &mut d.org.org_workspaces, link);
    }

    fn delete_org_workspace(&mut self, workspace: &str) -> Option<OrgWorkspace> {
        self.delete_rec(|d| &mut d.org.org_workspaces, workspace)
    }

    fn put_environment(&mut self, environment: Environment) {
        self.put_rec(|d| &mut d.org.environments, environment);
    }

    fn delete_environment(&mut self, id: &str) -> Option<Environment> {
        self.delete_rec(|d| &mut d.org.environments, id)
    }

    fn put_release(&mut self, release: Release) {
        self.put_rec(|d| &mut d.org.releases, release);
    }

    fn delete_release(&mut self, id: &str) -> Option<Release> {
        self.delete_rec(|d| &mut d.org.releases, id)
    }
}

/// A store that keeps everything in memory (lost on exit). Writes are serialised by one
/// lock; reads run in parallel.
#[derive(Default)]
pub struct MemoryStore {
    data: RwLock<Data>,
    /// API token id → when it last authenticated a request (kept apart from the records so
    /// a GET never takes the write lock).
    last_used: Mutex<HashMap<String, Timestamp>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

#[cfg(all(unix, feature = "server"))]
impl MemoryStore {
    /// Raises the creation-order counter to at least `seq` (replaying a durable log).
    pub(super) fn raise_seq(&self, seq: u64) {
        let mut d = self.data.write().unwrap_or_else(|e| e.into_inner());
        d.seq = d.seq.max(seq);
    }

    /// Calls `out` with every record as a put (table by table, each in creation order),
    /// the counter and the last-used times, under the read lock: the durable store's
    /// snapshot. Stops at the first error.
    pub(super) fn dump<E>(
        &self,
        out: &mut dyn FnMut(super::file::Change) -> Result<(), E>,
    ) -> Result<(), E> {
        use super::file::Change as C;
        let d = self.data.read().unwrap_or_else(|e| e.into_inner());
        out(C::Seq(d.seq))?;
        let used: Vec<_> = {
            let map = self.last_used.lock().unwrap_or_else(|e| e.into_inner());
            let mut v: Vec<_> = map.iter().map(|(k, t)| (k.clone(), *t)).collect();
            v.sort();
            v
        };
        for (id, at) in used {
            out(C::TokenUsed(id, at))?;
        }
        macro_rules! each {
            ($($($table:ident).+ => $variant:ident;)*) => {
                $(for r in d.$($table).+.all() { out(C::$variant(r.clone()))?; })*
            };
        }
        each! {
            users => PutUser;
            api_tokens => PutApiToken;
            workspaces => PutWorkspace;
            memberships => PutMembership;
            tokensets => PutTokenset;
            modes => PutMode;
            tokens => PutToken;
            org.passwords => PutPassword;
            org.sessions => PutSession;
            org.organizations => PutOrganization;
            org.org_workspaces => PutOrgWorkspace;
            org.environments => PutEnvironment;
            org.releases => PutRelease;
        }
        Ok(())
    }
}

impl Store for MemoryStore {
    fn note_token_used(&self, token_id: &str, at: Timestamp) {
        let mut map = self.last_used.lock().unwrap_or_else(|e| e.into_inner());
        match map.get_mut(token_id) {
            Some(t) => *t = (*t).max(at),
            None => {
                map.insert(token_id.to_owned(), at);
            }
        }
    }

    fn token_last_used(&self, token_id: &str) -> Option<Timestamp> {
        let map = self.last_used.lock().unwrap_or_else(|e| e.into_inner());
        map.get(token_id).copied()
    }

    fn read(&self, f: &mut dyn FnMut(&dyn ReadTx)) {
        // A poisoned lock only means a reader panicked (writers roll back before
        // unwinding), so the data is still consistent.
        let guard = self.data.read().unwrap_or_else(|e| e.into_inner());
        f(&*guard);
    }

    fn write(
        &self,
        f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut guard = self.data.write().unwrap_or_else(|e| e.into_inner());
        let mut tx = MemTx {
            data: &mut guard,
            undo: Vec::new(),
        };
        match catch_unwind(AssertUnwindSafe(|| f(&mut tx))) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => {
                tx.rollback();
                Err(e)
            }
            Err(panic) => {
                tx.rollback();
                drop(guard);
                resume_unwind(panic)
            }
        }
    }
}

#[cfg(test)]
mod tests;
