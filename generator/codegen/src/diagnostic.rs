//! Errors in a spec, reported so that a person can find and fix them: the spec
//! file, a line and column where one is known (a JSON pointer otherwise), what
//! is wrong, and what to do.

use std::fmt;

/// The help of a problem that is the generator's, not the spec's (an
/// internal invariant broken, code of ours that does not parse, a panic).
pub(crate) const BUG_HELP: &str =
    "this is a bug in the generator, not in the spec: please report it with the spec attached";

/// Where in a spec file a problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// 1-based line and column in the spec file, where known.
    pub line_col: Option<(usize, usize)>,
    /// JSON pointer (RFC 6901) to the offending node, for example
    /// `/paths/~1v1~1thread~1{threadId}/get`. Empty for the whole document.
    pub pointer: String,
}

/// How serious a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    /// Nothing is generated until it is fixed.
    Error,
    /// A decision made on the author's behalf (a name changed, a schema
    /// widened, an operation left out): generation goes on, and the note says
    /// what to change for another outcome.
    Note,
}

/// One finding in one spec: what is wrong (or what was decided), where, and
/// what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// An error, or a note.
    pub severity: Severity,
    /// The spec file as given to [`crate::generate`], e.g. `specs/hubspot.yaml`.
    pub file: String,
    /// Where in the file; `None` when the problem is the file as a whole.
    pub location: Option<Location>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

impl Diagnostic {
    /// A note on the file `file` as a whole.
    pub(crate) fn note_on_file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Note,
            file: file.into(),
            location: None,
            message: message.into(),
            help: String::new(),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// An error: `file:line:col: error: message` (or `file#/pointer: …`),
    /// then the JSON pointer and the help on indented lines, the way rustc
    /// reports. A note: `file:line:col: message` (or `file: message`), its
    /// help, if any, on an indented line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.severity == Severity::Note {
            write!(f, "{}", self.file)?;
            if let Some(Location {
                line_col: Some((line, col)),
                ..
            }) = &self.location
            {
                write!(f, ":{line}:{col}")?;
            }
            write!(f, ": {}", self.message)?;
            if !self.help.is_empty() {
                write!(f, "\n  help: {}", self.help)?;
            }
            return Ok(());
        }
        write!(f, "{}", self.file)?;
        match &self.location {
            Some(Location {
                line_col: Some((line, col)),
                ..
            }) => write!(f, ":{line}:{col}")?,
            Some(Location {
                line_col: None,
                pointer,
            }) => write!(f, "#{pointer}")?,
            None => {}
        }
        write!(f, ": error: {}", self.message)?;
        if let Some(Location {
            line_col: Some(_),
            pointer,
        }) = &self.location
            && !pointer.is_empty()
        {
            write!(f, "\n  at: #{pointer}")?;
        }
        write!(f, "\n  help: {}", self.help)
    }
}

/// Every problem found in one run, in source order: by file, in the order the
/// files were given, then by line and column (a problem of a whole file
/// first). Generation stops before producing any file when this is not empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Escapes one reference token of a JSON pointer (RFC 6901 §3).
pub(crate) fn escape_token(token: &str) -> String {
    let mut escaped = String::with_capacity(token.len());
    push_escaped(&mut escaped, token);
    escaped
}

/// Appends `token` to `pointer`, escaped. Pointers are built for every node
/// a walk of a spec visits: the common token, with nothing to escape, is
/// copied once.
fn push_escaped(pointer: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        pointer.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Reads one escaped reference token of a JSON pointer (RFC 6901 §4).
pub(crate) fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Builds a JSON pointer from its unescaped tokens.
pub(crate) fn pointer<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    let mut pointer = String::new();
    for token in tokens {
        pointer.push('/');
        push_escaped(&mut pointer, token);
    }
    pointer
}

/// A JSON pointer one token below `parent`: `child("/paths", "/v1/x")` is
/// `/paths/~1v1~1x`.
pub(crate) fn child(parent: &str, token: &str) -> String {
    let mut pointer = String::with_capacity(parent.len() + 1 + token.len());
    pointer.push_str(parent);
    pointer.push('/');
    push_escaped(&mut pointer, token);
    pointer
}

/// The problems one stage finds in one run, every one of them, not just the
/// first: a stage pushes what it finds and goes on, then hands the whole list
/// over with [`Problems::finish`].
#[derive(Debug, Default)]
#[must_use = "problems found must be reported"]
pub(crate) struct Problems(Vec<Diagnostic>);

impl Problems {
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub(crate) fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(diagnostics);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Takes in the problems `other` found, after these.
    pub(crate) fn append(&mut self, mut other: Problems) {
        self.0.append(&mut other.0);
    }

    /// `value` when nothing was found, every problem otherwise.
    pub(crate) fn finish<T>(self, value: T) -> Result<T, Vec<Diagnostic>> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_through_escaping() {
        for token in ["/v1/thread/{id}", "a~b", "~1", "plain"] {
            assert_eq!(unescape_token(&escape_token(token)), token);
        }
        assert_eq!(child("/paths", "/v1/x"), "/paths/~1v1~1x");
        assert_eq!(escape_token("~/é~1"), "~0~1é~01");
        assert_eq!(child("", "plain"), "/plain");
        assert_eq!(pointer(["paths", "/a/{id}", "get"]), "/paths/~1a~1{id}/get");
        assert_eq!(pointer([]), "");
    }

    #[test]
    fn problems_finish_with_the_value_only_when_empty() {
        let problems = Problems::default();
        assert_eq!(problems.finish(7), Ok(7));
        let mut problems = Problems::default();
        problems.push(Diagnostic {
            severity: crate::diagnostic::Severity::Error,
            file: "f".into(),
            location: None,
            message: "m".into(),
            help: "h".into(),
        });
        assert_eq!(problems.finish(7).map_err(|d| d.len()), Err(1));
    }

    #[test]
    fn pointer_escapes_slashes_and_tildes() {
        assert_eq!(
            pointer(["paths", "/v1/thread/{id}", "get", "a~b"]),
            "/paths/~1v1~1thread~1{id}/get/a~0b"
        );
    }

    #[test]
    fn display_with_line_and_pointer() {
        let d = Diagnostic {
            severity: crate::diagnostic::Severity::Error,
            file: "specs/x.yaml".into(),
            location: Some(Location {
                line_col: Some((3, 7)),
                pointer: "/paths".into(),
            }),
            message: "something is wrong".into(),
            help: "fix it".into(),
        };
        assert_eq!(
            d.to_string(),
            "specs/x.yaml:3:7: error: something is wrong\n  at: #/paths\n  help: fix it"
        );
    }

    #[test]
    fn display_with_pointer_only() {
        let d = Diagnostic {
            severity: crate::diagnostic::Severity::Error,
            file: "specs/x.yaml".into(),
            location: Some(Location {
                line_col: None,
                pointer: "/info".into(),
            }),
            message: "m".into(),
            help: "h".into(),
        };
        assert_eq!(d.to_string(), "specs/x.yaml#/info: error: m\n  help: h");
    }
}
