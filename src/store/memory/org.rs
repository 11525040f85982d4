//! The in-memory tables of the session and organization records, and the generic
//! put/delete-with-undo used for them.

use super::super::org_records::*;
use super::{Data, MemTx, Record, Table};

record!(PasswordCredential);
record!(Session, user_id);
record!(Organization);
record!(OrgWorkspace, org_id);
record!(Environment, org_id);
record!(Release, environment_id);

/// Sessions, passwords, organizations, workspace links, environments and releases.
#[derive(Default)]
pub(super) struct OrgTables {
    pub passwords: Table<PasswordCredential>,
    pub sessions: Table<Session>,
    pub organizations: Table<Organization>,
    pub org_workspaces: Table<OrgWorkspace>,
    pub environments: Table<Environment>,
    pub releases: Table<Release>,
}

/// Picks one table out of the data (a plain function, so undo closures can keep it).
type Pick<R> = fn(&mut Data) -> &mut Table<R>;

impl MemTx<'_> {
    /// Inserts or replaces `rec` in a table, logging how to undo it.
    pub(super) fn put_rec<R: Record + Send + 'static>(&mut self, pick: Pick<R>, rec: R) {
        let id = rec.id().to_owned();
        let old = pick(self.data).put(rec);
        self.undo.push(Box::new(move |d| pick(d).restore(&id, old)));
    }

    /// Removes one record from a table, logging how to undo it.
    pub(super) fn delete_rec<R: Record + Send + 'static>(
        &mut self,
        pick: Pick<R>,
        id: &str,
    ) -> Option<R> {
        let old = pick(self.data).remove(id)?;
        let (id, back) = (id.to_owned(), old.clone());
        self.undo
            .push(Box::new(move |d| pick(d).restore(&id, Some(back))));
        Some(old)
    }
}

#[cfg(test)]
mod tests {
    use crate::store::{read, write, Environment, MemoryStore, Session, Timestamp};

    fn env(id: &str, org: &str, seq: u64) -> Environment {
        Environment {
            id: id.into(),
            org_id: org.into(),
            name: id.into(),
            is_production: false,
            active_release: None,
            created_at: Timestamp(0),
            updated_at: Timestamp(0),
            seq,
        }
    }

    #[test]
    fn org_records_are_listed_by_parent_and_rolled_back() {
        let s = MemoryStore::new();
        write::<_, ()>(&s, |tx| {
            tx.put_environment(env("b", "o1", 2));
            tx.put_environment(env("a", "o1", 1));
            tx.put_environment(env("c", "o2", 3));
            tx.put_session(Session {
                id: "h".into(),
                user_id: "u".into(),
                created_at: Timestamp(0),
                expires_at: Timestamp(10),
                seq: 4,
            });
            Ok(())
        })
        .ok();
        let r = write::<(), ()>(&s, |tx| {
            tx.delete_environment("a");
            tx.delete_session("h");
            tx.put_environment(env("d", "o1", 5));
            Err(())
        });
        assert_eq!(r, Err(Ok(())));
        let (ids, sessions) = read(&s, |tx| {
            (
                tx.environments("o1")
                    .iter()
                    .map(|e| e.id.clone())
                    .collect::<Vec<_>>(),
                tx.sessions_of("u").len(),
            )
        });
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(sessions, 1);
    }
}
