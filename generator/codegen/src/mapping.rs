//! Mapping files (`specs/mappings/<provider>.yaml`) → conversion code.
//!
//! A mapping file says, for each field of the normalized model, where its
//! value comes from in one provider's types: a field path, a constant, an
//! enum value map, a conditional rule or a named transform. The forms are
//! documented for authors in `specs/mappings/README.md`.
//!
//! This module reads a mapping, checks it against both sides (the model from
//! `specs/conversations.yaml`, the provider's generated types) and generates
//! the Rust that performs it. Checking and generating are one walk over the
//! mapping: each rule is checked where its code is generated, so the two can
//! never disagree. Every problem is reported with the mapping file's line and
//! column and a fix.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, escape_token};
use crate::load::YamlFile;
use crate::model::{self, FieldType, Model};
use crate::source::{SourceType, Sources};
use crate::validate::Operation;

/// The named transforms a rule may apply (`transform: <name>`).
pub(crate) const TRANSFORMS: [&str; 4] =
    ["timestamp", "to_string", "to_integer", "split_addresses"];

/// Every key a rule can have, in the forms of `specs/mappings/README.md`.
const RULE_KEYS: [&str; 11] = [
    "from",
    "map",
    "other",
    "equals",
    "transform",
    "const",
    "rules",
    "else",
    "first_of",
    "join",
    "parent",
];

/// What generating one mapping file gives.
pub(crate) struct ProviderMapping {
    /// The module `conversations::<provider>`.
    pub(crate) module: TokenStream,
    /// The thread mapping's source schema and operation, if any.
    pub(crate) thread: Option<Section>,
    /// The message mappings usable on their own (no `parent:` rule).
    pub(crate) standalone_messages: Vec<Section>,
    /// Provider fields no rule reads, as `Schema.field`.
    pub(crate) unused: Vec<String>,
    /// One line per model field, for the mapping matrix: (type, dotted field) → rule.
    pub(crate) matrix: BTreeMap<(String, String), String>,
}

/// A section of a mapping file: which provider schema feeds a model type.
#[derive(Clone, Debug)]
pub(crate) struct Section {
    pub(crate) schema: String,
    pub(crate) operation: Option<String>,
    /// The operation's facts, for the unified client's call.
    pub(crate) call: Option<Operation>,
}

/// Everything a mapping is checked against.
pub(crate) struct Inputs<'a> {
    pub(crate) model: &'a Model,
    pub(crate) sources: &'a Sources,
    /// The provider's client crate, as a Rust path (`contactship_client`).
    pub(crate) client_crate: Ident,
    /// The provider spec's operations, by operationId.
    pub(crate) operations: BTreeMap<String, Operation>,
    /// The provider spec file, for messages.
    pub(crate) spec_path: &'a str,
}

pub(crate) fn generate(
    file: &YamlFile<'_>,
    provider: &str,
    inputs: &Inputs<'_>,
) -> Result<ProviderMapping, Vec<Diagnostic>> {
    let mut g = Gen {
        file,
        inputs,
        problems: Vec::new(),
        used: BTreeSet::new(),
        matrix: BTreeMap::new(),
        variables: 0,
        parent_used: false,
        messages: None,
    };
    let root = file.value.as_object();
    if root.is_none() {
        g.problem(
            "",
            "a mapping file is a YAML mapping with `provider`, `thread` and `messages`",
            "start from one of the existing files in specs/mappings/",
        );
    }
    let root = root.cloned().unwrap_or_default();
    g.check_keys(&root, "", &["provider", "thread", "messages"]);
    match root.get("provider") {
        Some(Value::String(name)) if name == provider => {}
        Some(Value::String(name)) => g.problem(
            "/provider",
            format!("`provider: {name}` does not match the file name, which names `{provider}`"),
            format!("set `provider: {provider}`, or rename the file"),
        ),
        Some(_) => g.problem(
            "/provider",
            "`provider` must be the provider's name, as text",
            format!("write `provider: {provider}`"),
        ),
        None => g.problem(
            "",
            "the mapping names no `provider`",
            format!("add `provider: {provider}` at the top"),
        ),
    }

    // Messages first: the thread's `messages.items` refers to their functions.
    let mut message_fns = Vec::new();
    let mut messages: BTreeMap<String, MessageFn> = BTreeMap::new();
    let mut standalone_messages = Vec::new();
    let sections = match root.get("messages") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(sections)) => sections.clone(),
        Some(_) => {
            g.problem(
                "/messages",
                "`messages` is a list of sections, one per provider schema",
                "write each section as a list entry: `- schema: …` with its `fields:`",
            );
            Vec::new()
        }
    };
    for (i, section) in sections.iter().enumerate() {
        let at = format!("/messages/{i}");
        let Some((info, fields)) = g.section(section, &at) else {
            continue;
        };
        if messages.contains_key(&info.schema) {
            g.problem(
                &format!("{at}/schema"),
                format!(
                    "a message mapping for `{}` is already written above",
                    info.schema
                ),
                "keep one section per provider schema",
            );
            continue;
        }
        g.parent_used = false;
        let schema_ident = format_ident!("{}", info.schema);
        let fn_name = format_ident!("message_from_{}", info.schema.to_snake_case());
        let src = format_ident!("src");
        let scope = Scope {
            var: src.clone(),
            schema: info.schema.clone(),
            parent: Some(format_ident!("parent")),
        };
        let body = g.object(
            "Message",
            &fields,
            &format!("{at}/fields"),
            &scope,
            "",
            "Message",
        );
        let needs_parent = g.parent_used;
        if needs_parent && info.operation.is_some() {
            g.problem(
                &format!("{at}/operation"),
                "a message mapping with `operation` is used on its own, so it cannot read `parent:` fields",
                "drop `operation` (the mapping then applies only to messages embedded in a thread), or replace the `parent:` rules",
            );
        }
        let client = &inputs.client_crate;
        let parent_param = needs_parent.then(|| {
            let thread_schema = root
                .get("thread")
                .and_then(|t| t.get("schema"))
                .and_then(Value::as_str)
                .map_or_else(|| format_ident!("Thread"), |s| format_ident!("{s}"));
            quote! { parent: &#client::types::#thread_schema, }
        });
        let doc = format!(
            "Normalizes a `{}` of the provider's spec into a [`Message`](crate::Message).",
            info.schema
        );
        message_fns.push(quote! {
            #[doc = #doc]
            pub(crate) fn #fn_name(src: &#client::types::#schema_ident, #parent_param raw: crate::Raw) -> crate::Message {
                #body
            }
        });
        if !needs_parent {
            standalone_messages.push(info.clone());
        }
        messages.insert(
            info.schema.clone(),
            MessageFn {
                name: fn_name,
                needs_parent,
            },
        );
    }

    let mut thread_section = None;
    let mut thread_fn = None;
    if let Some(section) = root.get("thread")
        && let Some((info, fields)) = g.section(section, "/thread")
    {
        {
            let schema_ident = format_ident!("{}", info.schema);
            let scope = Scope {
                var: format_ident!("src"),
                schema: info.schema.clone(),
                parent: None,
            };
            g.messages = Some(messages);
            let body = g.object("Thread", &fields, "/thread/fields", &scope, "", "Thread");
            let client = &inputs.client_crate;
            let doc = format!(
                "Normalizes a `{}` of the provider's spec into a [`Thread`](crate::Thread).\n\n# Errors\n[`MappingError::Missing`](crate::MappingError::Missing) when a field the model requires (the thread's `id`) is absent.",
                info.schema
            );
            thread_fn = Some(quote! {
                #[doc = #doc]
                pub(crate) fn thread_from(src: &#client::types::#schema_ident, raw: crate::Raw) -> ::std::result::Result<crate::Thread, crate::MappingError> {
                    Ok(#body)
                }
            });
            thread_section = Some(info);
        }
    }

    if !g.problems.is_empty() {
        return Err(g.problems);
    }
    let unused = g.unused_fields(
        thread_section
            .iter()
            .chain(standalone_messages.iter())
            .map(|s| s.schema.clone())
            .chain(g.used.iter().map(|(s, _)| s.clone())),
    );
    let provider_variant = model::variant(provider);
    let module = quote! {
        #[allow(unused_imports)]
        use crate::{Assignee, Attachment, Channel, Message, MessageList, Participant, Thread};
        #[allow(unused_imports)]
        use crate::{AssigneeKind, ChannelKind, ContentKind, Delivery, Direction, MessagesState, ParticipantRole, Provider, ThreadStatus};
        #[allow(unused_imports)]
        use client_runtime::normalize;

        const PROVIDER: Provider = Provider::#provider_variant;

        #thread_fn
        #(#message_fns)*
    };
    Ok(ProviderMapping {
        module,
        thread: thread_section,
        standalone_messages,
        unused,
        matrix: g.matrix,
    })
}

struct MessageFn {
    name: Ident,
    needs_parent: bool,
}

/// Where rules read from: the variable holding the current source value, its
/// schema, and the variable holding the parent thread (for `parent:`).
#[derive(Clone)]
struct Scope {
    var: Ident,
    schema: String,
    parent: Option<Ident>,
}

/// A value of a model field's base type, either always there or optional.
enum Expr {
    /// An expression of the base type.
    Always(TokenStream),
    /// An expression of `Option<base type>`.
    Maybe(TokenStream),
}

struct Gen<'a> {
    file: &'a YamlFile<'a>,
    inputs: &'a Inputs<'a>,
    problems: Vec<Diagnostic>,
    /// (schema, JSON field) pairs some rule reads.
    used: BTreeSet<(String, String)>,
    matrix: BTreeMap<(String, String), String>,
    variables: usize,
    /// Set when a rule reads `parent:`.
    parent_used: bool,
    messages: Option<BTreeMap<String, MessageFn>>,
}

impl Gen<'_> {
    fn problem(&mut self, at: &str, message: impl Into<String>, help: impl Into<String>) {
        self.problems.push(self.file.error(at, message, help));
    }

    fn check_keys(&mut self, map: &Map<String, Value>, at: &str, allowed: &[&str]) {
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                self.problem(
                    &format!("{at}/{}", escape_token(key)),
                    format!("unknown key `{key}`"),
                    format!(
                        "allowed here: {}",
                        allowed
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }
    }

    /// Reads `schema`, `operation` and `fields` of a section.
    fn section(&mut self, section: &Value, at: &str) -> Option<(Section, Map<String, Value>)> {
        let Some(map) = section.as_object() else {
            self.problem(
                at,
                "a section is a mapping with `schema`, `operation` and `fields`",
                "see specs/mappings/README.md",
            );
            return None;
        };
        self.check_keys(map, at, &["schema", "operation", "fields"]);
        let schema = map.get("schema").and_then(Value::as_str).map(str::to_owned);
        let Some(schema) = schema else {
            self.problem(
                at,
                "the section names no `schema`",
                "add `schema: <a component of the provider spec>`",
            );
            return None;
        };
        if !self.inputs.sources.structs.contains_key(&schema) {
            let known = self
                .inputs
                .sources
                .structs
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            self.problem(
                &format!("{at}/schema"),
                format!(
                    "`{schema}` is not an object schema of {}",
                    self.inputs.spec_path
                ),
                format!("use one of: {known}"),
            );
            return None;
        }
        let operation = map
            .get("operation")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if let Some(op) = &operation {
            match self.inputs.operations.get(op) {
                None => {
                    let known = self
                        .inputs
                        .operations
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.problem(
                        &format!("{at}/operation"),
                        format!("{} has no operation `{op}`", self.inputs.spec_path),
                        format!("use one of its operationIds: {known}"),
                    );
                }
                Some(Operation { returns, .. }) if returns.as_deref() != Some(schema.as_str()) => {
                    self.problem(
                        &format!("{at}/operation"),
                        format!(
                            "operation `{op}` returns {}, not `{schema}`",
                            returns
                                .as_deref()
                                .map_or_else(|| "no schema".to_owned(), |r| format!("`{r}`"))
                        ),
                        "name the operation whose 200 response is this schema",
                    )
                }
                // The unified client calls it with an id alone.
                Some(call)
                    if call.method != "GET"
                        || call.path_params.len() != 1
                        || !call.required_query.is_empty() =>
                {
                    self.problem(
                        &format!("{at}/operation"),
                        format!(
                            "`conversations::ConversationsClient` calls `{op}` with an id alone, and it is `{} {}`{}",
                            call.method,
                            call.path,
                            if call.required_query.is_empty() { String::new() } else { format!(" with required query parameters {}", call.required_query.join(", ")) }
                        ),
                        "name a GET operation with exactly one path parameter (the id) and no required query parameter, or drop `operation`",
                    );
                }
                Some(_) => {}
            }
        }
        let call = operation
            .as_ref()
            .and_then(|op| self.inputs.operations.get(op))
            .cloned();
        let Some(fields) = map.get("fields").and_then(Value::as_object).cloned() else {
            self.problem(
                at,
                "the section has no `fields`",
                "add `fields:` with one entry per model field",
            );
            return None;
        };
        Some((
            Section {
                schema,
                operation,
                call,
            },
            fields,
        ))
    }

    fn fresh(&mut self, stem: &str) -> Ident {
        self.variables += 1;
        format_ident!("{stem}{}", self.variables)
    }

    /// `Type { field: value, … }` for the model struct `type_name`, from the
    /// mapping entries in `entries` (at `at`). `prefix` is the dotted path of
    /// this object in its root type, for the matrix.
    fn object(
        &mut self,
        type_name: &str,
        entries: &Map<String, Value>,
        at: &str,
        scope: &Scope,
        prefix: &str,
        root_type: &str,
    ) -> TokenStream {
        let Some(fields) = self.inputs.model.fields(type_name).map(<[_]>::to_vec) else {
            self.problem(
                at,
                format!("the model has no type `{type_name}`"),
                "check specs/conversations.yaml",
            );
            return quote! { unreachable!() };
        };
        let automatic: &[&str] = if prefix.is_empty() {
            &["provider", "raw"]
        } else {
            &[]
        };
        let allowed: Vec<&str> = fields
            .iter()
            .map(|f| f.name.as_str())
            .filter(|f| !automatic.contains(f))
            .collect();
        for key in entries.keys() {
            if ["when", "each", "one"].contains(&key.as_str()) {
                self.problem(
                    &format!("{at}/{}", escape_token(key)),
                    format!("`{key}` has no effect here"),
                    "`when` goes on an optional object (such as `assignee`) or a list entry; \
                     `each` and `one` go on list entries only",
                );
            } else if automatic.contains(&key.as_str()) {
                self.problem(
                    &format!("{at}/{}", escape_token(key)),
                    format!("`{key}` is filled in by the generator and cannot be mapped"),
                    format!("remove `{key}`: `provider` is the mapping's provider and `raw` the payload itself"),
                );
            } else if !allowed.contains(&key.as_str()) {
                let known: Vec<String> = fields.iter().map(|f| format!("`{}`", f.name)).collect();
                self.problem(
                    &format!("{at}/{}", escape_token(key)),
                    format!("`{type_name}` has no field `{key}`"),
                    format!("the fields of `{type_name}` are: {}", known.join(", ")),
                );
            }
        }
        let ident = format_ident!("{type_name}");
        let mut inits = Vec::new();
        for field in &fields {
            let name = format_ident!("{}", field.name);
            let dotted = if prefix.is_empty() {
                field.name.clone()
            } else {
                format!("{prefix}.{}", field.name)
            };
            if prefix.is_empty() && field.name == "provider" {
                inits.push(quote! { provider: PROVIDER });
                continue;
            }
            if prefix.is_empty() && field.name == "raw" {
                inits.push(quote! { raw });
                continue;
            }
            let Some(rule) = entries.get(&field.name) else {
                let hint = match &field.ty {
                    FieldType::Nullable(_) | FieldType::List(_) => format!(
                        "add `{}: null` if the provider does not have it",
                        field.name
                    ),
                    _ => format!("add `{}:` with a source field or a `const:`", field.name),
                };
                self.problem(
                    at,
                    format!("model field `{type_name}.{}` is not mapped", field.name),
                    hint,
                );
                continue;
            };
            let field_at = format!("{at}/{}", escape_token(&field.name));
            let value = self.field_value(&field.ty, rule, &field_at, scope, &dotted, root_type);
            inits.push(quote! { #name: #value });
        }
        quote! { #ident { #(#inits),* } }
    }

    /// The value of one model field of type `ty` from `rule`.
    fn field_value(
        &mut self,
        ty: &FieldType,
        rule: &Value,
        at: &str,
        scope: &Scope,
        dotted: &str,
        root_type: &str,
    ) -> TokenStream {
        let (nullable, base) = match ty {
            FieldType::Nullable(inner) => (true, inner.as_ref().clone()),
            other => (false, other.clone()),
        };
        match &base {
            FieldType::Struct(name) => {
                return self.struct_value(name, nullable, rule, at, scope, dotted, root_type);
            }
            FieldType::List(inner) => {
                return self.list_value(inner, rule, at, scope, dotted, root_type);
            }
            _ => {}
        }
        self.matrix
            .insert((root_type.to_owned(), dotted.to_owned()), describe(rule));
        if rule.is_null() && !nullable {
            self.problem(
                at,
                format!("`{dotted}` is required by the model: it cannot be `null`"),
                "map it from a field of the provider, or give a `const:`",
            );
            return quote! { unreachable!() };
        }
        let Some(expr) = self.scalar(&base, rule, at, scope, !nullable) else {
            return quote! { unreachable!() };
        };
        match (expr, nullable) {
            (Expr::Always(e), true) => quote! { Some(#e) },
            (Expr::Always(e), false) | (Expr::Maybe(e), true) => e,
            (Expr::Maybe(e), false) => {
                match &base {
                    FieldType::Text => {
                        let field = dotted.to_owned();
                        let schema = scope.schema.clone();
                        quote! { #e.ok_or(crate::MappingError::Missing { provider: PROVIDER, schema: #schema, field: #field })? }
                    }
                    _ => {
                        self.problem(at, format!("this rule can leave `{dotted}` empty, and the model requires a value"), "use a `map:` with `other:`, a `const:`, or `rules:` with `else:`");
                        quote! { unreachable!() }
                    }
                }
            }
        }
    }

    /// An object-typed model field: a nested mapping, optionally with `when`.
    #[allow(clippy::too_many_arguments)]
    fn struct_value(
        &mut self,
        name: &str,
        nullable: bool,
        rule: &Value,
        at: &str,
        scope: &Scope,
        dotted: &str,
        root_type: &str,
    ) -> TokenStream {
        match rule {
            Value::Null if nullable => {
                self.matrix
                    .insert((root_type.to_owned(), dotted.to_owned()), "—".into());
                quote! { None }
            }
            Value::Object(entries) => {
                let condition = entries
                    .get("when")
                    .map(|w| self.presence(w, &format!("{at}/when"), scope));
                let mut fields = entries.clone();
                fields.remove("when");
                let value = self.object(name, &fields, at, scope, dotted, root_type);
                match (condition, nullable) {
                    (Some(c), true) => quote! { if #c { Some(#value) } else { None } },
                    (None, true) => quote! { Some(#value) },
                    (None, false) => value,
                    (Some(_), false) => {
                        self.problem(
                            &format!("{at}/when"),
                            format!(
                                "`{dotted}` is required by the model, so it cannot depend on `when`"
                            ),
                            "remove `when`",
                        );
                        value
                    }
                }
            }
            _ => {
                let null = if nullable { " (or `null`)" } else { "" };
                self.problem(at, format!("`{dotted}` is an object of the model (`{name}`): map its fields one by one{null}"), format!("write `{dotted}:` followed by one indented line per field of `{name}`"));
                quote! { unreachable!() }
            }
        }
    }

    /// A list-typed model field.
    fn list_value(
        &mut self,
        inner: &FieldType,
        rule: &Value,
        at: &str,
        scope: &Scope,
        dotted: &str,
        root_type: &str,
    ) -> TokenStream {
        if rule.is_null() {
            self.matrix
                .insert((root_type.to_owned(), dotted.to_owned()), "—".into());
            return quote! { ::std::vec::Vec::new() };
        }
        match inner {
            FieldType::Text => {
                self.matrix
                    .insert((root_type.to_owned(), dotted.to_owned()), describe(rule));
                let from = rule.get("from").and_then(Value::as_str);
                let transform = rule.get("transform").and_then(Value::as_str);
                match (from, transform) {
                    (Some(path), Some("split_addresses")) => {
                        self.check_rule_keys(rule, at, &["from", "transform"]);
                        let Some((access, leaf)) = self.path(path, &format!("{at}/from"), scope)
                        else {
                            return quote! { ::std::vec::Vec::new() };
                        };
                        if leaf.required() != &SourceType::Str {
                            self.problem(
                                &format!("{at}/from"),
                                format!(
                                    "`split_addresses` reads a string, and `{path}` is {}",
                                    leaf.describe()
                                ),
                                "point `from` at a string field",
                            );
                        }
                        quote! { #access.map(|v| normalize::split_addresses(v)).unwrap_or_default() }
                    }
                    _ => {
                        self.problem(at, format!("`{dotted}` is a list of addresses: map it with `{{ from: <field>, transform: split_addresses }}`, or `null`"), "see specs/mappings/README.md");
                        quote! { ::std::vec::Vec::new() }
                    }
                }
            }
            FieldType::Struct(name) => {
                let Some(templates) = rule.as_array() else {
                    self.problem(at, format!("`{dotted}` is a list of `{name}`: give a list of entries (or `null`)"), "write each entry as `- ` followed by its fields, optionally with `each: <list field>` or `when: <field>`");
                    return quote! { ::std::vec::Vec::new() };
                };
                let items = format_ident!("items");
                let mut pushes = Vec::new();
                let mut summary = Vec::new();
                for (i, template) in templates.iter().enumerate() {
                    let t_at = format!("{at}/{i}");
                    let Some(entries) = template.as_object() else {
                        self.problem(
                            &t_at,
                            "a list entry is a mapping",
                            "write the entry's fields under `- `",
                        );
                        continue;
                    };
                    summary.push(describe_template(entries));
                    pushes.push(self.template(
                        name,
                        entries,
                        &t_at,
                        scope,
                        (dotted, root_type),
                        &items,
                    ));
                }
                self.matrix.insert(
                    (root_type.to_owned(), dotted.to_owned()),
                    summary.join("; "),
                );
                quote! {{
                    let mut #items = ::std::vec::Vec::new();
                    #(#pushes)*
                    #items
                }}
            }
            other => {
                self.problem(
                    at,
                    format!("lists of {other:?} are not supported in the model"),
                    "check specs/conversations.yaml",
                );
                quote! { ::std::vec::Vec::new() }
            }
        }
    }

    /// One entry of a list of objects: pushes zero, one or many items.
    fn template(
        &mut self,
        name: &str,
        entries: &Map<String, Value>,
        at: &str,
        scope: &Scope,
        (dotted, root_type): (&str, &str),
        items: &Ident,
    ) -> TokenStream {
        let each = entries.get("each").and_then(Value::as_str);
        let one = entries.get("one").and_then(Value::as_str);
        if each.is_some() && one.is_some() {
            self.problem(
                at,
                "an entry has both `each` and `one`",
                "use `each` for a list field, `one` for a single object field",
            );
        }
        let iterate = each.map(|p| (p, true)).or(one.map(|p| (p, false)));
        let (item_scope, source_path, leaf, access) = match iterate {
            Some((path, is_each)) => {
                let key = if is_each { "each" } else { "one" };
                let Some((access, leaf)) = self.path(path, &format!("{at}/{key}"), scope) else {
                    return quote! {};
                };
                let element = match (leaf.required(), is_each) {
                    (SourceType::Vec(inner), true) => inner.required().clone(),
                    (SourceType::Struct(s), false) => SourceType::Struct(s.clone()),
                    (other, _) => {
                        let want = if is_each {
                            "a list of objects"
                        } else {
                            "an object"
                        };
                        self.problem(
                            &format!("{at}/{key}"),
                            format!(
                                "`{key}: {path}` needs {want}, and `{path}` is {}",
                                other.describe()
                            ),
                            "point it at a field of that kind",
                        );
                        return quote! {};
                    }
                };
                (
                    Some(self.fresh("item")),
                    Some((path.to_owned(), is_each)),
                    Some(element),
                    Some(access),
                )
            }
            None => (None, None, None, None),
        };
        let inner_scope = match (&item_scope, &leaf) {
            (Some(var), Some(SourceType::Struct(schema))) => Scope {
                var: var.clone(),
                schema: schema.clone(),
                parent: scope.parent.clone(),
            },
            // Entries without a schema of their own (free-form objects): an
            // entry per element is still made; its fields cannot read them.
            (Some(var), Some(other)) => Scope {
                var: var.clone(),
                schema: format!("({})", other.describe()),
                parent: scope.parent.clone(),
            },
            _ => scope.clone(),
        };

        // A message: the message mapping of the element's schema does the work.
        if name == "Message" {
            let extra: Vec<&String> = entries
                .keys()
                .filter(|k| !["each", "one"].contains(&k.as_str()))
                .collect();
            if let Some(key) = extra.first() {
                self.problem(&format!("{at}/{}", escape_token(key)), "a message entry only says where the messages are: `each:` or `one:`", "map the message's fields in the `messages:` section of this file, under the element's schema");
            }
            let (Some(var), Some((path, is_each)), Some(access)) =
                (&item_scope, &source_path, &access)
            else {
                self.problem(
                    at,
                    "a message entry needs `each: <list field>` or `one: <object field>`",
                    "e.g. `- each: messages`",
                );
                return quote! {};
            };
            let schema = inner_scope.schema.clone();
            let Some(function) = self
                .messages
                .as_ref()
                .and_then(|m| m.get(&schema))
                .map(|f| (f.name.clone(), f.needs_parent))
            else {
                self.problem(
                    at,
                    format!("no message mapping reads `{schema}`"),
                    format!("add an entry with `schema: {schema}` under `messages:`"),
                );
                return quote! {};
            };
            let (function, needs_parent) = function;
            let parent_arg = needs_parent.then(|| {
                let parent = &scope.var;
                quote! { #parent, }
            });
            let segments = path.split('.');
            return if *is_each {
                // The raw payloads of the elements, in one pass over the text.
                quote! {
                    let mut raws = raw.members(&[#(#segments),*]).into_iter();
                    for #var in #access.into_iter().flatten() {
                        let raw = raws.next().unwrap_or_else(crate::Raw::null);
                        #items.push(#function(#var, #parent_arg raw));
                    }
                }
            } else {
                quote! {
                    if let Some(#var) = #access {
                        let raw = raw.member(&[#(#segments),*]);
                        #items.push(#function(#var, #parent_arg raw));
                    }
                }
            };
        }

        let condition = entries
            .get("when")
            .map(|w| self.presence(w, &format!("{at}/when"), &inner_scope));
        let mut fields = entries.clone();
        fields.remove("each");
        fields.remove("one");
        fields.remove("when");
        let value = self.object(name, &fields, at, &inner_scope, dotted, root_type);
        let push = match condition {
            Some(c) => quote! { if #c { #items.push(#value); } },
            None => quote! { #items.push(#value); },
        };
        // An entry that reads nothing from the element still makes one item
        // per element; its variable is then unused.
        let binding = |var: &Ident| {
            if push.to_string().contains(&var.to_string()) {
                quote! { #var }
            } else {
                quote! { _ }
            }
        };
        match (&item_scope, &source_path, &access) {
            (Some(var), Some((_, true)), Some(access)) => {
                let var = binding(var);
                quote! { for #var in #access.into_iter().flatten() { #push } }
            }
            (Some(var), Some((_, false)), Some(access)) => {
                let var = binding(var);
                quote! { if let Some(#var) = #access { #push } }
            }
            _ => push,
        }
    }

    /// `when: field` or `when: [a, b]`: true when any of the fields is present.
    fn presence(&mut self, when: &Value, at: &str, scope: &Scope) -> TokenStream {
        let paths: Vec<(String, String)> = match when {
            Value::String(p) => vec![(p.clone(), at.to_owned())],
            Value::Array(list) => list
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.as_str().map(|p| (p.to_owned(), format!("{at}/{i}"))))
                .collect(),
            _ => {
                self.problem(
                    at,
                    "`when` takes a field, or a list of fields (any present)",
                    "e.g. `when: contact_id`",
                );
                return quote! { false };
            }
        };
        let checks: Vec<TokenStream> = paths
            .iter()
            .filter_map(|(p, p_at)| {
                self.path(p, p_at, scope).map(|(access, _)| {
                    // A path of required fields only is always present.
                    if access.to_string().contains("as_ref") {
                        quote! { #access.is_some() }
                    } else {
                        quote! { true }
                    }
                })
            })
            .collect();
        match checks.as_slice() {
            [] => quote! { false },
            [one] => one.clone(),
            many => quote! { #(#many)||* },
        }
    }

    fn check_rule_keys(&mut self, rule: &Value, at: &str, allowed: &[&str]) {
        if let Some(map) = rule.as_object() {
            let map = map.clone();
            self.check_keys(&map, at, allowed);
        }
    }

    /// A scalar value (text, bool, integer, date-time, enum) from `rule`.
    /// `required`: the model field cannot be null (maps then need `other`).
    fn scalar(
        &mut self,
        base: &FieldType,
        rule: &Value,
        at: &str,
        scope: &Scope,
        required: bool,
    ) -> Option<Expr> {
        match rule {
            Value::Null => Some(Expr::Maybe(quote! { None })),
            Value::String(path) => self.copy(base, path, at, scope),
            Value::Object(map) => {
                let unknown: Vec<&String> = map
                    .keys()
                    .filter(|k| !RULE_KEYS.contains(&k.as_str()))
                    .collect();
                if let Some(key) = unknown.first() {
                    self.problem(
                        &format!("{at}/{}", escape_token(key)),
                        format!("unknown key `{key}` in a rule"),
                        format!(
                            "a rule's keys are: {}; see specs/mappings/README.md",
                            RULE_KEYS.map(|k| format!("`{k}`")).join(", ")
                        ),
                    );
                    return None;
                }
                if map.get("first_of").is_some_and(|v| !v.is_array()) {
                    self.problem(
                        &format!("{at}/first_of"),
                        "`first_of` takes a list of rules",
                        "e.g. `first_of: [{ join: [first_name, last_name] }, company_name]`",
                    );
                    return None;
                }
                if map.contains_key("const") {
                    self.check_rule_keys(rule, at, &["const"]);
                    return self
                        .constant(base, &map["const"], &format!("{at}/const"))
                        .map(Expr::Always);
                }
                if map.contains_key("rules") {
                    return self.rules(base, rule, at, scope);
                }
                if let Some(Value::Array(options)) = map.get("first_of") {
                    self.check_rule_keys(rule, at, &["first_of"]);
                    let mut exprs = Vec::new();
                    for (i, option) in options.iter().enumerate() {
                        match self.scalar(
                            base,
                            option,
                            &format!("{at}/first_of/{i}"),
                            scope,
                            false,
                        )? {
                            Expr::Maybe(e) => exprs.push(e),
                            Expr::Always(e) => exprs.push(quote! { Some(#e) }),
                        }
                    }
                    let first = exprs.first().cloned().unwrap_or_else(|| quote! { None });
                    let rest = exprs.iter().skip(1);
                    return Some(Expr::Maybe(quote! { #first #(.or_else(|| #rest))* }));
                }
                if let Some(Value::Array(parts)) = map.get("join") {
                    self.check_rule_keys(rule, at, &["join"]);
                    if *base != FieldType::Text {
                        self.problem(
                            at,
                            "`join` gives text, and this model field is not text",
                            "use `join` for names",
                        );
                    }
                    let mut args = Vec::new();
                    for (i, part) in parts.iter().enumerate() {
                        let p_at = format!("{at}/join/{i}");
                        let Some(path) = part.as_str() else {
                            self.problem(
                                &p_at,
                                "`join` takes field names",
                                "e.g. `join: [first_name, last_name]`",
                            );
                            continue;
                        };
                        let (access, leaf) = self.path(path, &p_at, scope)?;
                        if !matches!(leaf.required(), SourceType::Str | SourceType::Enum(_)) {
                            self.problem(
                                &p_at,
                                format!("`join` reads text, and `{path}` is {}", leaf.describe()),
                                "join string fields only",
                            );
                        }
                        args.push(quote! { #access.map(|v| v.as_str()) });
                    }
                    return Some(Expr::Maybe(quote! { normalize::join(&[#(#args),*]) }));
                }
                if let Some(path) = map.get("parent") {
                    self.check_rule_keys(rule, at, &["parent"]);
                    let Some(parent) = scope.parent.clone() else {
                        self.problem(at, "`parent:` reads the thread a message is embedded in; this is not a message", "map the field from this schema instead");
                        return None;
                    };
                    let Some(path) = path.as_str() else {
                        self.problem(
                            at,
                            "`parent` takes a field of the thread",
                            "e.g. `thread_id: { parent: id }`",
                        );
                        return None;
                    };
                    let thread_schema = self.thread_schema()?;
                    self.parent_used = true;
                    let parent_scope = Scope {
                        var: parent,
                        schema: thread_schema,
                        parent: None,
                    };
                    return self.copy(base, path, &format!("{at}/parent"), &parent_scope);
                }
                let Some(path) = map.get("from").and_then(Value::as_str) else {
                    self.problem(at, "a rule needs `from: <field>` (or is `const:`, `rules:`, `first_of:`, `join:`, `parent:`)", "see specs/mappings/README.md for the forms a rule takes");
                    return None;
                };
                if map.contains_key("map") {
                    self.check_rule_keys(rule, at, &["from", "map", "other"]);
                    return self.value_map(base, path, map, at, scope, required);
                }
                if let Some(value) = map.get("equals") {
                    self.check_rule_keys(rule, at, &["from", "equals"]);
                    return self.equals(base, path, value, at, scope);
                }
                if let Some(transform) = map.get("transform") {
                    self.check_rule_keys(rule, at, &["from", "transform"]);
                    return self.transform(base, path, transform, at, scope);
                }
                self.check_rule_keys(rule, at, &["from"]);
                self.copy(base, path, &format!("{at}/from"), scope)
            }
            _ => {
                self.problem(
                    at,
                    "a rule is a field name, `null`, or a mapping (`const:`, `from:`, `rules:` …)",
                    "see specs/mappings/README.md",
                );
                None
            }
        }
    }

    fn thread_schema(&mut self) -> Option<String> {
        let schema = self
            .file
            .value
            .pointer("/thread/schema")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if schema.is_none() {
            self.problem(
                "",
                "`parent:` needs a `thread:` section naming the parent's schema",
                "add the thread section",
            );
        }
        schema
    }

    /// `field`: copies a provider field into the model field, converting only
    /// where nothing can be lost (an enum to its text, for instance).
    fn copy(&mut self, base: &FieldType, path: &str, at: &str, scope: &Scope) -> Option<Expr> {
        let (access, leaf) = self.path(path, at, scope)?;
        let expr = match (base, leaf.required()) {
            (FieldType::Text, SourceType::Str) => quote! { #access.cloned() },
            (FieldType::Text, SourceType::Enum(_)) => {
                quote! { #access.map(|v| v.as_str().to_owned()) }
            }
            (FieldType::Bool, SourceType::Bool) | (FieldType::Integer, SourceType::Int) => {
                quote! { #access.copied() }
            }
            (base, leaf) => {
                let hint = match (base, leaf) {
                    (
                        FieldType::Text,
                        SourceType::Int
                        | SourceType::Float
                        | SourceType::Json
                        | SourceType::Newtype(_),
                    ) => "add `transform: to_string`".to_owned(),
                    (FieldType::Integer, SourceType::Float) => {
                        "add `transform: to_integer`".to_owned()
                    }
                    (FieldType::DateTime, SourceType::Str) => {
                        "add `transform: timestamp`".to_owned()
                    }
                    (FieldType::Enum(e), _) => {
                        format!("map its values with `map:` onto `{e}` values")
                    }
                    _ => "point the rule at a field of a matching type".to_owned(),
                };
                self.problem(
                    at,
                    format!(
                        "`{path}` is {}, which does not fit the model's {}",
                        leaf.describe(),
                        describe_type(base)
                    ),
                    format!("write `{{ from: {path}, … }}` and {hint}"),
                );
                return None;
            }
        };
        Some(Expr::Maybe(expr))
    }

    fn transform(
        &mut self,
        base: &FieldType,
        path: &str,
        transform: &Value,
        at: &str,
        scope: &Scope,
    ) -> Option<Expr> {
        let t_at = format!("{at}/transform");
        let Some(name) = transform.as_str().filter(|t| TRANSFORMS.contains(t)) else {
            self.problem(
                &t_at,
                format!("unknown transform {transform}"),
                format!("the transforms are: {}", TRANSFORMS.join(", ")),
            );
            return None;
        };
        let (access, leaf) = self.path(path, &format!("{at}/from"), scope)?;
        let leaf = leaf.required().clone();
        let expr = match (name, base, &leaf) {
            ("timestamp", FieldType::DateTime, SourceType::Str) => {
                quote! { #access.and_then(|v| normalize::timestamp(v)) }
            }
            (
                "to_string",
                FieldType::Text,
                SourceType::Int | SourceType::Float | SourceType::Bool,
            ) => quote! { #access.map(|v| v.to_string()) },
            ("to_string", FieldType::Text, SourceType::Json) => {
                quote! { #access.and_then(normalize::json_text) }
            }
            ("to_string", FieldType::Text, SourceType::Newtype(_)) => {
                quote! { #access.and_then(|v| normalize::json_text(&v.0)) }
            }
            ("to_string", FieldType::Text, SourceType::Str) => quote! { #access.cloned() },
            ("to_string", FieldType::Text, SourceType::Enum(_)) => {
                quote! { #access.map(|v| v.as_str().to_owned()) }
            }
            ("to_integer", FieldType::Integer, SourceType::Float) => {
                quote! { #access.and_then(|v| normalize::integer(*v)) }
            }
            ("to_integer", FieldType::Integer, SourceType::Int) => quote! { #access.copied() },
            ("split_addresses", _, _) => {
                self.problem(
                    &t_at,
                    "`split_addresses` gives a list, and this model field is not a list",
                    "use it on `to`, `cc` or `bcc`",
                );
                return None;
            }
            _ => {
                self.problem(
                    &t_at,
                    format!("`{name}` cannot turn `{path}` ({}) into the model's {}", leaf.describe(), describe_type(base)),
                    "timestamp: string → date-time; to_string: number, boolean or JSON → text; to_integer: number → integer",
                );
                return None;
            }
        };
        Some(Expr::Maybe(expr))
    }

    /// `from` + `equals`: true when the field has that value.
    fn equals(
        &mut self,
        base: &FieldType,
        path: &str,
        value: &Value,
        at: &str,
        scope: &Scope,
    ) -> Option<Expr> {
        if *base != FieldType::Bool {
            self.problem(
                at,
                "`equals` gives true or false, and this model field is not a boolean",
                "use `map:` for enums",
            );
            return None;
        }
        let (access, leaf) = self.path(path, &format!("{at}/from"), scope)?;
        let expected = self.source_value(&leaf, value, &format!("{at}/equals"), path)?;
        Some(Expr::Maybe(
            quote! { #access.map(|v| v.as_str() == #expected) },
        ))
    }

    /// A provider value compared with a source field: it must be text and,
    /// for an enum, one of the values the spec lists.
    fn source_value(
        &mut self,
        leaf: &SourceType,
        value: &Value,
        at: &str,
        path: &str,
    ) -> Option<String> {
        if !matches!(leaf.required(), SourceType::Str | SourceType::Enum(_)) {
            self.problem(
                at,
                format!(
                    "`{path}` is {}; only text and enum fields can be compared with a value",
                    leaf.describe()
                ),
                "compare a string or enum field, or test `present: <field>`",
            );
            return None;
        }
        let Some(text) = value.as_str() else {
            self.problem(
                at,
                format!("{value} is compared with `{path}`, which holds text"),
                "write the value as text",
            );
            return None;
        };
        match leaf.required() {
            SourceType::Enum(name) => {
                let listed = self
                    .inputs
                    .sources
                    .enums
                    .get(name)
                    .cloned()
                    .unwrap_or_default();
                if !listed.iter().any(|v| v == text) {
                    self.problem(
                        at,
                        format!(
                            "`{text}` is not a value of `{path}` in {}",
                            self.inputs.spec_path
                        ),
                        format!("the spec lists: {}", listed.join(", ")),
                    );
                    return None;
                }
            }
            SourceType::Str => {}
            other => {
                self.problem(
                    at,
                    format!(
                        "`{path}` is {}, and only text can be compared with a value",
                        other.describe()
                    ),
                    "compare a string or enum field, or use `present:`",
                );
                return None;
            }
        }
        Some(text.to_owned())
    }

    /// `from` + `map` (+ `other`): provider values onto model enum values.
    fn value_map(
        &mut self,
        base: &FieldType,
        path: &str,
        rule: &Map<String, Value>,
        at: &str,
        scope: &Scope,
        required: bool,
    ) -> Option<Expr> {
        let FieldType::Enum(model_enum) = base else {
            self.problem(
                at,
                format!(
                    "`map` gives a value of a model enum, and this field is {}",
                    describe_type(base)
                ),
                "map onto an enum field, or copy the field",
            );
            return None;
        };
        let (access, leaf) = self.path(path, &format!("{at}/from"), scope)?;
        let Some(entries) = rule.get("map").and_then(Value::as_object) else {
            self.problem(
                &format!("{at}/map"),
                "`map` is a mapping of provider value → model value",
                "e.g. `map: { open: open, closed: closed }`",
            );
            return None;
        };
        let provider_values: Option<Vec<String>> = match leaf.required() {
            SourceType::Enum(name) => Some(
                self.inputs
                    .sources
                    .enums
                    .get(name)
                    .cloned()
                    .unwrap_or_default(),
            ),
            SourceType::Str => None,
            other => {
                self.problem(
                    &format!("{at}/from"),
                    format!("`map` reads text, and `{path}` is {}", other.describe()),
                    "map a string or enum field",
                );
                return None;
            }
        };
        let mut arms = Vec::new();
        for (from, to) in entries {
            let e_at = format!("{at}/map/{}", escape_token(from));
            if let Some(listed) = &provider_values
                && !listed.contains(from)
            {
                self.problem(
                    &e_at,
                    format!(
                        "`{from}` is not a value of `{path}` in {}",
                        self.inputs.spec_path
                    ),
                    format!(
                        "the spec lists: {}; remove this entry or add the value to the spec",
                        listed.join(", ")
                    ),
                );
                continue;
            }
            let Some(to) = self.model_value(model_enum, to, &e_at) else {
                continue;
            };
            arms.push(quote! { Some(#from) => Some(#to), });
        }
        if let Some(listed) = &provider_values {
            for value in listed.iter().filter(|v| !entries.contains_key(*v)) {
                self.problem(
                    &format!("{at}/map"),
                    format!("`{path}` can be `{value}` (the spec lists it), and `map` does not say what it becomes"),
                    format!("add `{value}: <one of {}>` to `map`", self.inputs.model.enum_values(model_enum).unwrap_or_default().join(", ")),
                );
            }
        }
        let other = match rule.get("other") {
            Some(value) => Some(self.model_value(model_enum, value, &format!("{at}/other"))?),
            None => {
                self.problem(
                    at,
                    format!(
                        "`map` needs `other:`: `{path}` can hold a value the spec does not list"
                    ),
                    format!("add `other: unknown` (or another `{model_enum}` value)"),
                );
                return None;
            }
        };
        let expr = quote! {
            match #access.map(|v| v.as_str()) {
                #(#arms)*
                Some(_) => Some(#other),
                None => None,
            }
        };
        Some(if required {
            Expr::Always(quote! { (#expr).unwrap_or(#other) })
        } else {
            Expr::Maybe(expr)
        })
    }

    /// A model enum value, checked: `ParticipantRole::Customer`.
    fn model_value(&mut self, model_enum: &str, value: &Value, at: &str) -> Option<TokenStream> {
        let values = self
            .inputs
            .model
            .enum_values(model_enum)
            .unwrap_or_default()
            .to_vec();
        match value.as_str() {
            Some(v) if values.iter().any(|known| known == v) => {
                let ty = format_ident!("{model_enum}");
                let variant = model::variant(v);
                Some(quote! { #ty::#variant })
            }
            _ => {
                self.problem(
                    at,
                    format!("{value} is not a value of the model's `{model_enum}`"),
                    format!("use one of: {}", values.join(", ")),
                );
                None
            }
        }
    }

    fn constant(&mut self, base: &FieldType, value: &Value, at: &str) -> Option<TokenStream> {
        match (base, value) {
            (FieldType::Enum(e), _) => self.model_value(e, value, at),
            (FieldType::Text, Value::String(s)) => Some(quote! { #s.to_owned() }),
            (FieldType::Bool, Value::Bool(b)) => Some(quote! { #b }),
            (FieldType::Integer, Value::Number(n)) if n.is_i64() => {
                let n = n.as_i64().unwrap_or_default();
                Some(quote! { #n })
            }
            _ => {
                self.problem(
                    at,
                    format!("{value} does not fit the model's {}", describe_type(base)),
                    "give a constant of the field's type",
                );
                None
            }
        }
    }

    /// `rules: [{ if: …, then: … }], else: …`: the first rule whose condition
    /// holds gives the value.
    fn rules(&mut self, base: &FieldType, rule: &Value, at: &str, scope: &Scope) -> Option<Expr> {
        self.check_rule_keys(rule, at, &["rules", "else"]);
        let Some(list) = rule.get("rules").and_then(Value::as_array) else {
            self.problem(
                &format!("{at}/rules"),
                "`rules` is a list of `{ if: …, then: … }`",
                "see specs/mappings/README.md",
            );
            return None;
        };
        let mut branches = Vec::new();
        for (i, entry) in list.iter().enumerate() {
            let r_at = format!("{at}/rules/{i}");
            self.check_rule_keys(entry, &r_at, &["if", "then"]);
            let Some(condition) = entry.get("if").and_then(Value::as_object) else {
                self.problem(
                    &r_at,
                    "a rule needs `if: { <field>: <value> }` or `if: { present: <field> }`",
                    "e.g. `if: { source: whatsapp }`",
                );
                continue;
            };
            let Some(then) = entry.get("then") else {
                self.problem(
                    &r_at,
                    "a rule needs `then:`",
                    "give the value the rule yields",
                );
                continue;
            };
            let Some(then) = self.constant(base, then, &format!("{r_at}/then")) else {
                continue;
            };
            let mut checks = Vec::new();
            for (key, value) in condition {
                let c_at = format!("{r_at}/if/{}", escape_token(key));
                if key == "present" {
                    let Some(path) = value.as_str() else {
                        self.problem(
                            &c_at,
                            "`present` takes a field name",
                            "e.g. `present: agent_id`",
                        );
                        continue;
                    };
                    if let Some((access, _)) = self.path(path, &c_at, scope) {
                        checks.push(quote! { #access.is_some() });
                    }
                } else if let Some((access, leaf)) = self.path(key, &c_at, scope)
                    && let Some(expected) = self.source_value(&leaf, value, &c_at, key)
                {
                    checks.push(quote! { #access.map(|v| v.as_str()) == Some(#expected) });
                }
            }
            if checks.is_empty() {
                continue;
            }
            branches.push(quote! { if #(#checks)&&* { #then } });
        }
        let Some(otherwise) = rule.get("else") else {
            self.problem(
                at,
                "`rules` need `else:`, the value when no rule holds",
                "add `else: <value>`",
            );
            return None;
        };
        let otherwise = self.constant(base, otherwise, &format!("{at}/else"))?;
        Some(Expr::Always(quote! { #(#branches else)* { #otherwise } }))
    }

    /// Resolves a dotted field path in `scope`: an expression of type
    /// `Option<&T>` and the leaf's type. Records the fields it reads.
    fn path(&mut self, path: &str, at: &str, scope: &Scope) -> Option<(TokenStream, SourceType)> {
        let var = &scope.var;
        let mut access: Option<TokenStream> = None;
        let mut schema = scope.schema.clone();
        let mut leaf = SourceType::Struct(schema.clone());
        for (i, segment) in path.split('.').enumerate() {
            if i > 0 {
                match leaf.required() {
                    SourceType::Struct(s) => schema = s.clone(),
                    other => {
                        let walked = path.split('.').take(i).collect::<Vec<_>>().join(".");
                        self.problem(
                            at,
                            format!(
                                "`{walked}` is {}, so it has no field `{segment}`",
                                other.describe()
                            ),
                            "only objects have fields",
                        );
                        return None;
                    }
                }
            }
            if schema.starts_with('(') {
                self.problem(
                    at,
                    format!(
                        "the value read here is {}, which has no fields to map",
                        schema.trim_matches(['(', ')'])
                    ),
                    "map these fields to `null`; the values stay in `raw`",
                );
                return None;
            }
            let Some(field) = self.inputs.sources.field(&schema, segment).cloned() else {
                let known: Vec<String> = self
                    .inputs
                    .sources
                    .structs
                    .get(&schema)
                    .into_iter()
                    .flatten()
                    .map(|f| f.json.clone())
                    .collect();
                self.problem(
                    at,
                    format!(
                        "`{schema}` in {} has no field `{segment}`",
                        self.inputs.spec_path
                    ),
                    format!("its fields are: {}", known.join(", ")),
                );
                return None;
            };
            self.used.insert((schema.clone(), segment.to_owned()));
            let ident = &field.ident;
            access = Some(match (access, &field.ty) {
                (None, SourceType::Option(_)) => quote! { #var.#ident.as_ref() },
                (None, _) => quote! { Some(&#var.#ident) },
                (Some(prev), SourceType::Option(_)) => {
                    quote! { #prev.and_then(|v| v.#ident.as_ref()) }
                }
                (Some(prev), _) => quote! { #prev.map(|v| &v.#ident) },
            });
            leaf = field.ty.clone();
        }
        access.map(|a| (a, leaf))
    }

    /// The fields of every schema reachable from `roots` that no rule reads.
    fn unused_fields(&self, roots: impl Iterator<Item = String>) -> Vec<String> {
        let mut seen = BTreeSet::new();
        let mut pending: Vec<String> = roots.collect();
        while let Some(schema) = pending.pop() {
            if !seen.insert(schema.clone()) {
                continue;
            }
            for field in self
                .inputs
                .sources
                .structs
                .get(&schema)
                .into_iter()
                .flatten()
            {
                let mut ty = &field.ty;
                while let SourceType::Option(inner) | SourceType::Vec(inner) = ty {
                    ty = inner;
                }
                if let SourceType::Struct(s) = ty {
                    pending.push(s.clone());
                }
            }
        }
        let mut unused = Vec::new();
        for schema in &seen {
            for field in self
                .inputs
                .sources
                .structs
                .get(schema)
                .into_iter()
                .flatten()
            {
                if !self.used.contains(&(schema.clone(), field.json.clone())) {
                    unused.push(format!("{schema}.{}", field.json));
                }
            }
        }
        unused
    }
}

fn describe_type(ty: &FieldType) -> String {
    match ty {
        FieldType::Text => "text".into(),
        FieldType::Bool => "boolean".into(),
        FieldType::Integer => "integer".into(),
        FieldType::DateTime => "date-time".into(),
        FieldType::Json => "JSON value".into(),
        FieldType::Enum(name) => format!("enum `{name}`"),
        FieldType::Struct(name) => format!("object `{name}`"),
        FieldType::List(inner) => format!("list of {}", describe_type(inner)),
        FieldType::Nullable(inner) => describe_type(inner),
    }
}

/// A rule in a few words, for the mapping matrix.
pub(crate) fn describe(rule: &Value) -> String {
    match rule {
        Value::Null => "—".into(),
        Value::String(path) => format!("`{path}`"),
        Value::Object(map) => {
            let from = map.get("from").and_then(Value::as_str).unwrap_or_default();
            if let Some(c) = map.get("const") {
                return format!(
                    "= `{}`",
                    c.as_str().map_or_else(|| c.to_string(), str::to_owned)
                );
            }
            if let Some(Value::Object(values)) = map.get("map") {
                let pairs: Vec<String> = values
                    .iter()
                    .map(|(k, v)| format!("{k}→{}", v.as_str().unwrap_or_default()))
                    .collect();
                let other = map.get("other").and_then(Value::as_str).unwrap_or("?");
                return format!("`{from}`: {}, else {other}", pairs.join(", "));
            }
            if let Some(t) = map.get("transform").and_then(Value::as_str) {
                return format!("`{from}` ({t})");
            }
            if let Some(e) = map.get("equals").and_then(Value::as_str) {
                return format!("`{from}` == `{e}`");
            }
            if let Some(p) = map.get("parent").and_then(Value::as_str) {
                return format!("thread's `{p}`");
            }
            if let Some(Value::Array(parts)) = map.get("join") {
                let parts: Vec<String> = parts
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|p| format!("`{p}`"))
                    .collect();
                return format!("{} joined", parts.join(" + "));
            }
            if let Some(Value::Array(options)) = map.get("first_of") {
                return options
                    .iter()
                    .map(describe)
                    .collect::<Vec<_>>()
                    .join(", else ");
            }
            if let Some(Value::Array(rules)) = map.get("rules") {
                let mut parts: Vec<String> = rules
                    .iter()
                    .map(|r| {
                        let condition = r
                            .get("if")
                            .and_then(Value::as_object)
                            .map(|c| {
                                c.iter()
                                    .map(|(k, v)| {
                                        if k == "present" {
                                            format!("`{}` present", v.as_str().unwrap_or_default())
                                        } else {
                                            format!("`{k}`={}", v.as_str().unwrap_or_default())
                                        }
                                    })
                                    .collect::<Vec<_>>()
                                    .join(" and ")
                            })
                            .unwrap_or_default();
                        format!(
                            "{condition} → {}",
                            r.get("then").and_then(Value::as_str).unwrap_or_default()
                        )
                    })
                    .collect();
                parts.push(format!(
                    "else {}",
                    map.get("else").and_then(Value::as_str).unwrap_or_default()
                ));
                return parts.join("; ");
            }
            if !from.is_empty() {
                return format!("`{from}`");
            }
            "(object)".into()
        }
        other => other.to_string(),
    }
}

fn describe_template(entries: &Map<String, Value>) -> String {
    if let Some(each) = entries.get("each").and_then(Value::as_str) {
        return format!("one per `{each}` entry");
    }
    if let Some(one) = entries.get("one").and_then(Value::as_str) {
        return format!("`{one}`, when present");
    }
    match entries.get("when") {
        Some(Value::String(w)) => format!("one when `{w}` is present"),
        Some(Value::Array(list)) => format!(
            "one when any of {} is present",
            list.iter()
                .filter_map(Value::as_str)
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => "one".into(),
    }
}
