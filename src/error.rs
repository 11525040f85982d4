//! Diagnostics: many problems collected in one run, each with what, where and how to fix.

use crate::model::Location;
use std::fmt;

/// How serious a diagnostic is. Errors fail `check` and `build`; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable code callers can branch on (`E-REF-CYCLE`, `W-TYPE-NONSTANDARD`, …); the
    /// codes follow the DTCG summary's tables where it names one.
    pub code: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// file:line:col, when the problem is in a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Dot path of the token concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Name of the mode concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl serde::Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Location", 3)?;
        st.serialize_field("file", &self.file)?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("column", &self.column)?;
        st.end()
    }
}

impl Diagnostic {
    /// An error with a code and a message; add context with the builder methods.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            token: None,
            mode: None,
            help: None,
        }
    }

    /// A warning with a code and a message.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    pub fn token(mut self, path: impl Into<String>) -> Self {
        self.token = Some(path.into());
        self
    }

    pub fn mode(mut self, mode: impl Into<String>) -> Self {
        self.mode = Some(mode.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:col: error[E-REF-CYCLE]: message (token a.b, mode dark)` then `  help: …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}[{}]: {}", self.code, self.message)?;
        match (&self.token, &self.mode) {
            (Some(t), Some(m)) => write!(f, " (token {t}, mode {m})")?,
            (Some(t), None) => write!(f, " (token {t})")?,
            (None, Some(m)) => write!(f, " (mode {m})")?,
            (None, None) => {}
        }
        if let Some(h) = &self.help {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

/// A list of diagnostics, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Drops repeats of the same problem at the same place for the same token (a file read
    /// once per mode reports its parse warnings once per mode), keeping the first, and
    /// returns how many were dropped.
    pub fn dedup(&mut self) -> usize {
        let keep = self.first_occurrences();
        let before = self.items.len();
        let mut i = 0;
        self.items.retain(|_| {
            i += 1;
            keep[i - 1]
        });
        before - self.items.len()
    }

    /// For each diagnostic, whether it is the first of its kind (same severity, code,
    /// message, location and token).
    pub fn first_occurrences(&self) -> Vec<bool> {
        let mut seen = std::collections::HashSet::with_capacity_and_hasher(
            self.items.len(),
            rustc_hash::FxBuildHasher,
        );
        self.items
            .iter()
            .map(|d| {
                seen.insert((
                    d.severity,
                    d.code,
                    d.message.as_str(),
                    d.location.as_ref(),
                    d.token.as_deref(),
                ))
            })
            .collect()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// A failure that stops a command: I/O, or input with errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{} error(s) found", .0.errors().count())]
    Invalid(Diagnostics),
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// The process exit code for this error: 1 for invalid input, 2 for usage, 3 for I/O.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) => 1,
            Error::Usage(_) => 2,
            Error::Io { .. } => 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedup_keeps_the_first_of_identical_problems() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::warning("W-X", "same").token("a").mode("light"));
        d.push(Diagnostic::warning("W-X", "same").token("a").mode("dark"));
        d.push(Diagnostic::warning("W-X", "same").token("b").mode("dark"));
        assert_eq!(d.dedup(), 1);
        assert_eq!(d.len(), 2);
        assert_eq!(d.items[0].mode.as_deref(), Some("light"));
    }

    #[test]
    fn display_puts_location_code_context_and_help() {
        let d = Diagnostic::error("E-REF-UNRESOLVED", "reference `{a}` points nowhere")
            .at(Some(Location {
                file: "t.json".into(),
                line: 3,
                column: 7,
            }))
            .token("b")
            .mode("dark")
            .help("define `a`");
        assert_eq!(
            d.to_string(),
            "t.json:3:7: error[E-REF-UNRESOLVED]: reference `{a}` points nowhere (token b, mode dark)\n  help: define `a`"
        );
    }
}
