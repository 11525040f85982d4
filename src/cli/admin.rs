//! `tokencraft admin --store DIR …`: accounts on a file store while no server holds it.
//!
//! Users are named by e-mail, workspaces and API tokens by id. Exit codes: 0 done; 1 the
//! request cannot be carried out (unknown user, duplicate e-mail, store in use or
//! damaged); 2 usage (bad plan, role or scope, reported by the argument parser); 3 I/O.

use crate::api::session::password::check_password;
use crate::api::{AccountError, Accounts, SystemClock};
use crate::error::Error;
use crate::store::{self, FileStore, FileStoreError, Plan, Role, Scope, Store, User};
use clap::{Args, Subcommand};
use std::io::Read;
use std::path::{Path, PathBuf};

/// `tokencraft admin`.
#[derive(Debug, Args)]
pub struct AdminArgs {
    /// The store directory (as given to `serve --store`).
    #[arg(long, value_name = "DIR", default_value = "tokencraft-data")]
    pub store: PathBuf,
    #[command(subcommand)]
    pub command: AdminCommand,
}

/// What to manage.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Users and their plans.
    #[command(subcommand)]
    User(UserCommand),
    /// API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Workspaces.
    #[command(subcommand)]
    Workspace(WorkspaceCommand),
    /// Workspace members.
    #[command(subcommand)]
    Member(MemberCommand),
    /// Organizations (they own workspaces and have environments).
    #[command(subcommand)]
    Org(OrgCommand),
}

/// `admin user …`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; prints its id.
    Add {
        /// E-mail address (unique).
        email: String,
        /// FREE, PRO or TEAM.
        #[arg(long, value_parser = parse_plan)]
        plan: Plan,
        /// Read a login password from standard input (one line).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Change a user's plan.
    SetPlan {
        /// The user's e-mail address.
        email: String,
        /// FREE, PRO or TEAM.
        #[arg(value_parser = parse_plan)]
        plan: Plan,
    },
}

/// `admin token …`.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Issue an API token; prints it once (only its hash is stored).
    Create {
        /// The owner's e-mail address.
        email: String,
        /// Comma-separated scopes (default: all three).
        #[arg(long, value_delimiter = ',', value_parser = parse_scope,
              value_name = "read:tokens,write:tokens,export:tokens")]
        scopes: Vec<Scope>,
        /// A label for people ("CI", "Figma sync").
        #[arg(long, default_value = "admin CLI")]
        name: String,
    },
    /// List a user's API tokens: id, prefix, name, scopes, created, last used, status.
    List {
        /// The owner's e-mail address.
        email: String,
    },
    /// Revoke an API token at once and for good.
    Revoke {
        /// The token's id (from `token list`).
        id: String,
    },
}

/// `admin workspace …`.
#[derive(Debug, Subcommand)]
pub enum WorkspaceCommand {
    /// Create a workspace; prints its id.
    Create {
        /// The owner's e-mail address.
        #[arg(long)]
        owner: String,
        /// The workspace name.
        name: String,
        /// An optional description.
        #[arg(long)]
        description: Option<String>,
    },
}

/// `admin member …`.
#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Add a member to a workspace, or change an existing member's role.
    Add {
        /// The workspace id.
        workspace: String,
        /// The member's e-mail address.
        email: String,
        /// owner, admin, editor or viewer.
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
}

/// `admin org …`.
#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Create an organization (with its `Production` environment); prints its id.
    Create {
        /// The organization name.
        name: String,
        /// The owner's e-mail address.
        #[arg(long)]
        owner: String,
    },
    /// Put a workspace into an organization.
    AddWorkspace {
        /// The organization id (printed by `org create`).
        org: String,
        /// The workspace id.
        workspace: String,
    },
}

fn parse_plan(s: &str) -> Result<Plan, String> {
    match s.to_ascii_uppercase().as_str() {
        "FREE" => Ok(Plan::Free),
        "PRO" => Ok(Plan::Pro),
        "TEAM" => Ok(Plan::Team),
        _ => Err("expected FREE, PRO or TEAM".into()),
    }
}

fn parse_role(s: &str) -> Result<Role, String> {
    match s.to_ascii_lowercase().as_str() {
        "owner" => Ok(Role::Owner),
        "admin" => Ok(Role::Admin),
        "editor" => Ok(Role::Editor),
        "viewer" => Ok(Role::Viewer),
        _ => Err("expected owner, admin, editor or viewer".into()),
    }
}

fn parse_scope(s: &str) -> Result<Scope, String> {
    Scope::parse(s.trim())
        .ok_or_else(|| "expected read:tokens, write:tokens or export:tokens".into())
}

/// A failed admin command: the message and the exit code.
struct Failure(String, i32);

impl From<AccountError> for Failure {
    fn from(e: AccountError) -> Self {
        let hint = match e {
            AccountError::UnknownToken(_) => ": `token list EMAIL` shows the ids",
            _ => "",
        };
        Failure(format!("{e}{hint}"), 1)
    }
}

impl From<FileStoreError> for Failure {
    fn from(e: FileStoreError) -> Self {
        let code = if matches!(e, FileStoreError::Io { .. }) {
            3
        } else {
            1
        };
        Failure(e.to_string(), code)
    }
}

/// Runs `tokencraft admin`; `Ok` carries the exit code.
pub fn admin(args: AdminArgs) -> Result<i32, Error> {
    match run(args) {
        Ok(()) => Ok(0),
        Err(Failure(msg, code)) => {
            eprintln!("error: {msg}");
            Ok(code)
        }
    }
}

fn run(args: AdminArgs) -> Result<(), Failure> {
    // Read the password before taking the store, so a slow typist holds no lock.
    let password = match &args.command {
        AdminCommand::User(UserCommand::Add {
            password_stdin: true,
            ..
        }) => Some(read_password()?),
        _ => None,
    };
    let creates_user = matches!(args.command, AdminCommand::User(UserCommand::Add { .. }));
    if !creates_user && !args.store.exists() {
        // A typo in --store must not leave a new empty store behind.
        return Err(Failure(
            format!(
                "store directory {} does not exist: fix --store, or start a new store with `user add`",
                args.store.display()
            ),
            1,
        ));
    }
    let store = FileStore::open(&args.store)?;
    for note in store.recovery_notes() {
        eprintln!("tokencraft: {note}");
    }
    let accounts = Accounts::new(&store, &SystemClock);
    let dir = args.store.as_path();
    match args.command {
        AdminCommand::User(UserCommand::Add { email, plan, .. }) => {
            if let Some(p) = &password {
                // Refuse a weak password before anything is created.
                check_password(p).map_err(|m| Failure(m, 1))?;
            }
            let user = accounts.create_user(None, &email, plan)?;
            if let Some(p) = &password {
                accounts.set_password(&user.email, p)?;
            }
            eprintln!("created user {} with plan {}", user.email, plan.as_str());
            println!("{}", user.id);
        }
        AdminCommand::User(UserCommand::SetPlan { email, plan }) => {
            let user = user_by_email(&store, dir, &email)?;
            accounts.set_plan(&user.id, plan)?;
            eprintln!("{email}: plan {} -> {}", user.plan.as_str(), plan.as_str());
        }
        AdminCommand::Token(TokenCommand::Create {
            email,
            scopes,
            name,
        }) => {
            let user = user_by_email(&store, dir, &email)?;
            let scopes = if scopes.is_empty() {
                Scope::ALL.to_vec()
            } else {
                scopes
            };
            let (rec, plaintext) = accounts.issue_token(&user.id, &name, &scopes)?;
            eprintln!(
                "issued API token {} ({}) for {email}; copy it now: it is not stored and cannot be shown again",
                rec.id, rec.prefix
            );
            println!("{plaintext}");
        }
        AdminCommand::Token(TokenCommand::List { email }) => {
            let user = user_by_email(&store, dir, &email)?;
            print!("{}", token_table(&store, &user.id));
        }
        AdminCommand::Token(TokenCommand::Revoke { id }) => {
            accounts.revoke_token(&id)?;
            eprintln!("revoked API token {id}");
        }
        AdminCommand::Workspace(WorkspaceCommand::Create {
            owner,
            name,
            description,
        }) => {
            let user = user_by_email(&store, dir, &owner)?;
            let ws = accounts.create_workspace(None, &user.id, &name, description.as_deref())?;
            eprintln!("created workspace '{}' owned by {owner}", ws.name);
            println!("{}", ws.id);
        }
        AdminCommand::Member(MemberCommand::Add {
            workspace,
            email,
            role,
        }) => {
            let user = user_by_email(&store, dir, &email)?;
            accounts.add_member(&workspace, &user.id, role)?;
            eprintln!("{email} is now {} of workspace {workspace}", role.as_str());
        }
        AdminCommand::Org(OrgCommand::Create { name, owner }) => {
            user_by_email(&store, dir, &owner)?;
            let id = accounts.create_organization(&name, &owner)?;
            eprintln!(
                "created organization '{name}' owned by {owner}, with environment Production"
            );
            println!("{id}");
        }
        AdminCommand::Org(OrgCommand::AddWorkspace { org, workspace }) => {
            accounts.add_workspace_to_organization(&org, &workspace)?;
            eprintln!("workspace {workspace} now belongs to organization {org}");
        }
    }
    Ok(())
}

/// One line from standard input, without its line ending; refuses an empty password.
fn read_password() -> Result<String, Failure> {
    let mut text = String::new();
    std::io::stdin()
        .take(64 * 1024)
        .read_to_string(&mut text)
        .map_err(|e| {
            Failure(
                format!("cannot read the password from standard input: {e}"),
                3,
            )
        })?;
    let line = text.lines().next().unwrap_or("").to_owned();
    if line.is_empty() {
        return Err(Failure(
            "--password-stdin: standard input is empty; pipe the password in (echo \"$PW\" | tokencraft admin … --password-stdin)".into(),
            2,
        ));
    }
    Ok(line)
}

fn user_by_email(store: &dyn Store, dir: &Path, email: &str) -> Result<User, Failure> {
    store::read(store, |tx| tx.user_by_email(email).cloned()).ok_or_else(|| {
        Failure(
            format!(
                "no user with e-mail '{email}' in {}: add one with `tokencraft admin --store {} user add {email} --plan PRO`",
                dir.display(),
                dir.display()
            ),
            1,
        )
    })
}

/// The `token list` table: aligned columns, one token a row, in creation order.
fn token_table(store: &dyn Store, user_id: &str) -> String {
    let mut rows = vec![[
        "ID".to_owned(),
        "PREFIX".into(),
        "NAME".into(),
        "SCOPES".into(),
        "CREATED".into(),
        "LAST USED".into(),
        "STATUS".into(),
    ]];
    let tokens = store::read(store, |tx| {
        tx.api_tokens_of(user_id)
            .into_iter()
            .cloned()
            .collect::<Vec<_>>()
    });
    for t in tokens {
        let scopes: Vec<_> = t.scopes.iter().map(|s| s.as_str()).collect();
        rows.push([
            t.id.clone(),
            t.prefix.clone(),
            // A name is free text: keep the table one row per token.
            t.name.replace(char::is_control, " "),
            scopes.join(","),
            t.created_at.to_string(),
            store
                .token_last_used(&t.id)
                .map_or("never".into(), |at| at.to_string()),
            if t.revoked { "revoked" } else { "active" }.into(),
        ]);
    }
    let mut widths = [0usize; 7];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            line.extend(std::iter::repeat_n(' ', w - cell.chars().count()));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
