//! Every name the generator gives: crates and their directories, modules,
//! types, variants, functions, client methods and environment variables.
//! Nothing else derives a name, so each is derived once, one way.
//!
//! Only our names are here (a crate is `<provider>-client`, a credential
//! setter is `set_<stem>`). The names typify and progenitor give are theirs:
//! before they run, [`crate::upstream_names`] holds their naming rules (the
//! spec layer needs them to keep two schemas from one name); after they
//! run, `client::decided` reads what they decided.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

use crate::diagnostic::Diagnostic;
use crate::{MODEL_FILE, OUTPUT_DIR};

/// The provider a spec is for, from the spec's file stem: `specs/acme.yaml`
/// is `acme`. Lower case letters, digits and `-`, starting with a letter.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Provider(String);

impl Provider {
    /// The provider of the spec at `path`, and a note when its stem had to
    /// be sanitized: publishers name files `twilio_conversations_v1.json` or
    /// `api.intercom.io.yaml`; those become `twilio-conversations-v1` and
    /// `api-intercom-io` (lower case, every run of other characters one `-`).
    ///
    /// # Errors
    /// When nothing of the stem can name a crate (no ASCII letter to start
    /// with); the diagnostic says how to rename the file.
    pub(crate) fn of_spec(path: &str) -> Result<(Self, Option<Diagnostic>), Diagnostic> {
        let stem = stem(path);
        let mut name = String::new();
        for c in stem.chars() {
            if c.is_ascii_alphanumeric() {
                name.push(c.to_ascii_lowercase());
            } else if !name.is_empty() && !name.ends_with('-') {
                name.push('-');
            }
        }
        let name = name.trim_end_matches('-').to_owned();
        if name.starts_with(|c: char| c.is_ascii_lowercase()) {
            let note = (name != stem).then(|| {
                Diagnostic::note_on_file(
                    path,
                    format!(
                        "the file name `{stem}` is not a crate name: the provider is named \
                         `{name}` (crate `{name}-client` in `{OUTPUT_DIR}/{name}`); rename the \
                         file to keep that name stable"
                    ),
                )
            });
            return Ok((Self(name), note));
        }
        Err(Diagnostic {
            severity: crate::diagnostic::Severity::Error,
            file: path.to_owned(),
            location: None,
            message: format!(
                "`{stem}` cannot name a provider crate: a crate name starts with an ASCII letter"
            ),
            help: "rename the spec file so that its name starts with a letter, e.g. \
                   `specs/acme.yaml`; the stem becomes the crate name `acme-client`"
                .into(),
        })
    }

    /// `contactship`: the spec's stem, the mapping file's stem and the
    /// model's `Provider` value.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The client crate's package name: `contactship-client`.
    pub(crate) fn crate_name(&self) -> String {
        format!("{}-client", self.0)
    }

    /// The client crate as a Rust path: `contactship_client`.
    pub(crate) fn crate_ident(&self) -> Ident {
        ident(&self.crate_name().replace('-', "_"))
    }

    /// Where the client crate is written: `generated/contactship`.
    pub(crate) fn dir(&self) -> String {
        format!("{OUTPUT_DIR}/{}", self.0)
    }

    /// The module of the `conversations` crate that maps this provider:
    /// `contactship`.
    pub(crate) fn module_ident(&self) -> Ident {
        ident(&self.0.replace('-', "_"))
    }

    /// The model's `Provider` variant for it: `Contactship`.
    pub(crate) fn model_variant(&self) -> Ident {
        variant(&self.0)
    }

    /// The environment variable the examples read a credential from:
    /// `CONTACTSHIP_API_KEY` for `what` = `API_KEY`.
    pub(crate) fn env_var(&self, what: &str) -> String {
        format!("{}_{}", env_var_part(&self.0), env_var_part(what))
    }
}

/// A part of an environment variable's name: `session-token` →
/// `SESSION_TOKEN`, `authjs.session` → `AUTHJS_SESSION`.
pub(crate) fn env_var_part(text: &str) -> String {
    text.to_shouty_snake_case()
}

/// The stem of a spec or mapping path: `specs/mappings/acme.yaml` → `acme`.
pub(crate) fn stem(path: &str) -> &str {
    // A folder (`specs/acme.v2/`) is named as it is.
    if let Some(folder) = path.strip_suffix('/') {
        return folder.rsplit('/').next().unwrap_or_default();
    }
    std::path::Path::new(path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
}

/// What an input file is, by its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Input {
    /// `specs/conversations.yaml`: the normalized model.
    Model,
    /// `specs/mappings/<provider>.yaml`.
    Mapping,
    /// Any other `specs/<provider>.yaml`.
    ProviderSpec,
}

impl Input {
    pub(crate) fn of(path: &str) -> Self {
        let path = std::path::Path::new(path);
        let in_mappings = path
            .parent()
            .and_then(|p| p.file_name())
            .is_some_and(|d| d == "mappings");
        if in_mappings {
            Self::Mapping
        } else if path.file_name().is_some_and(|n| n == MODEL_FILE) {
            Self::Model
        } else {
            Self::ProviderSpec
        }
    }
}

/// The `conversations` crate: package name and directory.
pub(crate) const CONVERSATIONS_CRATE: &str = "conversations";

/// `generated/conversations`.
pub(crate) fn conversations_dir() -> String {
    format!("{OUTPUT_DIR}/{CONVERSATIONS_CRATE}")
}

/// A Rust identifier for `name`. Keywords become raw identifiers (`r#type`);
/// a name that cannot be an identifier at all is made into one (`2fa` →
/// `_2fa`), so that no input can make the generator panic.
pub(crate) fn ident(name: &str) -> Ident {
    let mut text = identifier_chars(name);
    if text.is_empty() || text.starts_with(|c: char| c.is_ascii_digit()) {
        text.insert(0, '_');
    }
    match text.as_str() {
        "_" | "self" | "Self" | "super" | "crate" => {
            Ident::new(&format!("{text}_"), Span::call_site())
        }
        keyword if KEYWORDS.contains(&keyword) => Ident::new_raw(keyword, Span::call_site()),
        _ => Ident::new(&text, Span::call_site()),
    }
}

/// `text` with every character an identifier cannot hold as `_`.
fn identifier_chars(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Rust's strict and reserved keywords (2024 edition) that `r#` can escape.
const KEYWORDS: [&str; 49] = [
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield", "union",
];

/// The variant of an enum value, in our provider enums and in the model's:
/// `ai_agent` → `AiAgent`, `WABA` → `Waba`, `2fa` → `Value2fa`, `` → `Empty`;
/// a character an identifier cannot hold becomes `_` (`½` → `_`).
pub(crate) fn variant_name(value: &str) -> String {
    let name = identifier_chars(&value.to_upper_camel_case());
    match name.chars().next() {
        None => "Empty".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("Value{name}"),
        Some(_) => name,
    }
}

/// [`variant_name`] as an identifier.
pub(crate) fn variant(value: &str) -> Ident {
    ident(&variant_name(value))
}

/// The variants of a string enum listing `values`, one each: a value whose
/// variant an earlier value already makes (`in-progress` after
/// `in_progress`) gets the next free `<Variant><n>` (`InProgress2`); the
/// value itself is kept by the variant's `serde(rename)`.
pub(crate) fn variant_names(values: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        let base = variant_name(value);
        // Free: not given yet, and not what another value is named.
        let another_values = |candidate: &str| values.iter().any(|v| variant_name(v) == candidate);
        let name = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}{n}")))
            .find(|c| !names.contains(c) && (*c == base || !another_values(c)))
            .unwrap_or(base);
        names.push(name);
    }
    names
}

#[cfg(test)]
#[test]
fn variants_of_values_that_make_one_name_are_numbered() {
    let values = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        variant_names(&values(&["in_progress", "in-progress", "open"])),
        ["InProgress", "InProgress2", "Open"]
    );
    assert_eq!(variant_names(&values(&["a", "A", "a2"])), ["A", "A3", "A2"]);
}

/// The catch-all variant of a forward-compatible enum: `Unknown`, or
/// `UnknownValue` when a listed value already takes `Unknown`.
pub(crate) fn fallback_variant(variants: &[String]) -> Ident {
    let taken = |name: &str| variants.iter().any(|v| v == name);
    let name = ["Unknown", "UnknownValue"]
        .into_iter()
        .map(str::to_owned)
        .chain((2..).map(|n| format!("UnknownValue{n}")))
        .find(|name| !taken(name))
        .unwrap_or_default();
    ident(&name)
}

/// An operationId to suggest for an operation that has none:
/// `GET /v1/thread/{threadId}` → `get_v1_thread_by_thread_id`.
pub(crate) fn suggested_operation_id(method: &str, segments: &[(String, bool)]) -> String {
    let mut name = method.to_owned();
    for (segment, is_parameter) in segments {
        name.push('_');
        if *is_parameter {
            name.push_str("by_");
        }
        name.push_str(&segment.to_snake_case());
    }
    name
}

/// The function of the `conversations` crate that maps one provider message
/// schema: `ThreadMessage` → `message_from_thread_message`.
pub(crate) fn message_fn(schema: &str) -> Ident {
    ident(&format!("message_from_{}", schema.to_snake_case()))
}

/// The stem of a credential's client methods (`with_<stem>`, `set_<stem>`)
/// and of its parameter.
pub(crate) enum CredentialStem<'a> {
    /// An API key in a header: `api_key`.
    ApiKey,
    /// A cookie: `<cookie>_cookie`, e.g. `session_cookie`.
    Cookie(&'a str),
    /// A bearer token: `bearer_token`.
    BearerToken,
    /// HTTP Basic: `basic_auth`.
    BasicAuth,
}

impl CredentialStem<'_> {
    pub(crate) fn text(&self) -> String {
        match self {
            Self::ApiKey => "api_key".into(),
            Self::Cookie(cookie) => format!("{}_cookie", cookie.to_snake_case()),
            Self::BearerToken => "bearer_token".into(),
            Self::BasicAuth => "basic_auth".into(),
        }
    }

    /// `with_<stem>` (a constructor) and `set_<stem>` (a setter).
    pub(crate) fn methods(&self) -> [String; 2] {
        let stem = self.text();
        [format!("with_{stem}"), format!("set_{stem}")]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_provider_names_its_crate_directory_module_and_variables() {
        let (provider, note) = Provider::of_spec("specs/acme-mail.yaml").expect("a valid stem");
        assert_eq!(note, None);
        assert_eq!(provider.as_str(), "acme-mail");
        assert_eq!(provider.crate_name(), "acme-mail-client");
        assert_eq!(provider.crate_ident().to_string(), "acme_mail_client");
        assert_eq!(provider.dir(), "generated/acme-mail");
        assert_eq!(provider.module_ident().to_string(), "acme_mail");
        assert_eq!(provider.model_variant().to_string(), "AcmeMail");
        assert_eq!(provider.env_var("API_KEY"), "ACME_MAIL_API_KEY");
    }

    #[test]
    fn a_publishers_file_name_is_sanitized_and_said_so() {
        for (path, name) in [
            ("specs/api.intercom.io.yaml", "api-intercom-io"),
            (
                "specs/twilio_conversations_v1.json",
                "twilio-conversations-v1",
            ),
            ("specs/Twilio.yml", "twilio"),
            ("specs/a--b.yaml", "a-b"),
            ("specs/_x_.yaml", "x"),
        ] {
            let (provider, note) = Provider::of_spec(path).expect("a usable stem");
            assert_eq!(provider.as_str(), name);
            let note = note.expect("a note").to_string();
            assert!(note.contains(&format!("crate `{name}-client`")), "{note}");
        }
    }

    #[test]
    fn a_stem_without_a_leading_letter_is_refused_with_a_fix() {
        for path in ["specs/2fa.yaml", "specs/_.yaml", "specs/ü.yaml"] {
            let error = Provider::of_spec(path).expect_err("not a crate name");
            assert_eq!(error.file, path);
            assert!(
                error.message.contains("cannot name a provider crate"),
                "{error}"
            );
            assert!(error.help.contains("`specs/acme.yaml`"), "{error}");
        }
    }

    #[test]
    fn inputs_are_told_apart_by_path() {
        assert_eq!(Input::of("specs/conversations.yaml"), Input::Model);
        assert_eq!(Input::of("specs/mappings/gochat.yaml"), Input::Mapping);
        assert_eq!(Input::of("specs/gochat.yaml"), Input::ProviderSpec);
    }

    #[test]
    fn identifiers_never_panic_and_escape_keywords() {
        assert_eq!(ident("thread_id").to_string(), "thread_id");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("2fa").to_string(), "_2fa");
        assert_eq!(ident("a-b c").to_string(), "a_b_c");
        assert_eq!(ident("").to_string(), "__");
        assert_eq!(ident("²").to_string(), "__");
        assert_eq!(ident("٣x").to_string(), "_x");
    }

    #[test]
    fn enum_variants() {
        assert_eq!(variant_name("ai_agent"), "AiAgent");
        assert_eq!(variant_name("WABA"), "Waba");
        assert_eq!(variant_name("not_loaded"), "NotLoaded");
        assert_eq!(variant_name("2fa"), "Value2fa");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("½ off"), "_Off");
        let listed = vec![
            "Open".to_owned(),
            "Unknown".to_owned(),
            "UnknownValue".to_owned(),
        ];
        assert_eq!(fallback_variant(&listed).to_string(), "UnknownValue2");
        assert_eq!(fallback_variant(&listed[..2]).to_string(), "UnknownValue");
        assert_eq!(fallback_variant(&listed[..1]).to_string(), "Unknown");
    }

    #[test]
    fn methods_functions_and_credentials() {
        assert_eq!(
            suggested_operation_id(
                "get",
                &[
                    ("v1".into(), false),
                    ("thread".into(), false),
                    ("threadId".into(), true)
                ]
            ),
            "get_v1_thread_by_thread_id"
        );
        assert_eq!(
            message_fn("ThreadMessage").to_string(),
            "message_from_thread_message"
        );
        assert_eq!(
            CredentialStem::Cookie("authjs.session-token").methods(),
            [
                "with_authjs_session_token_cookie",
                "set_authjs_session_token_cookie"
            ]
        );
        assert_eq!(CredentialStem::ApiKey.text(), "api_key");
        assert_eq!(
            CredentialStem::BearerToken.methods()[0],
            "with_bearer_token"
        );
    }
}
