//! Stage 3 for a provider spec: check it for what progenitor and our own
//! additions need, and plan the client crate. Each problem is reported at its
//! place in the spec, with a fix, instead of as a panic or a bare message
//! deep inside progenitor. Every check runs and reports; none stops at the
//! first problem.

use std::collections::BTreeMap;

use crate::client::enums;
use crate::client::plan::{
    BodyProperty, ClientPlan, CrateDocs, OperationPlan, Placement, QueryParam, SecurityScheme,
    SuccessResponse, TokenGrant,
};
use crate::diagnostic::{Diagnostic, Problems, pointer};
use crate::names::Provider;
use crate::spec::{
    EnumDeclaration, EnumItem, Operation, ParameterLocation, Schema, SchemeKind, Spec,
};
use crate::templates::reserved_method_names;

/// Checks `spec` and plans its client crate.
///
/// # Errors
/// Every problem found. The string enums are read only once everything else
/// is sound, since their sites are found through the references.
pub(crate) fn check(spec: &Spec<'_>, provider: Provider) -> Result<ClientPlan, Vec<Diagnostic>> {
    // The checks of the document's parts, and the unions, paginators and
    // webhooks planned from it, read the spec alone: one on each core. Their
    // problems and notes keep the order of the two, one after the other.
    let (parts, extensions) =
        crate::threads::beside(|| checked_parts(spec), || planned_extensions(spec));
    let (mut problems, mut notes, schemes) = parts;
    let Extensions {
        problems: found,
        notes: noted,
        tagged_unions,
        mut pagings,
        mut keys,
        webhooks,
    } = extensions;
    problems.append(found);
    notes.extend(noted);
    problems.finish(())?;
    let enums = enums::read(spec, &mut notes)?;
    let operations: Vec<OperationPlan> = spec
        .operations()
        .iter()
        .filter_map(|op| {
            let mut plan = plan_operation(spec, op, &mut notes)?;
            plan.paging = pagings.remove(&op.pointer);
            plan.idempotency_key = keys.remove(&op.pointer);
            Some(plan)
        })
        .collect();
    notes.extend(super::responses::default_note(spec, &operations));
    Ok(ClientPlan {
        provider,
        spec_path: spec.path().to_owned(),
        docs: CrateDocs {
            title: spec.title().to_owned(),
            api_version: spec.api_version().to_owned(),
            description: spec.description().map(str::to_owned),
            transcribed_from: spec
                .transcribed_from()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            server: spec.server().map(str::to_owned),
            templated_servers: templated_servers(spec),
        },
        operations,
        schemes,
        enums,
        strip_api_version: !declares_header(spec, "api-version"),
        tagged_unions,
        webhooks,
        notes,
    })
}

/// The checks of the document's parts (references, security schemes and
/// requirements, path items, operations, examples): the problems and notes
/// found, and the security schemes read.
fn checked_parts(spec: &Spec<'_>) -> (Problems, Vec<Diagnostic>, Vec<SecurityScheme>) {
    let mut problems = Problems::default();
    let mut notes = Vec::new();
    check_references(spec, &mut problems);
    let schemes = security_schemes(spec, &mut problems, &mut notes);
    check_requirements(spec, &mut notes);
    check_path_items(spec, &mut problems);
    check_operations(spec, &schemes, &mut problems);
    super::examples::check(spec, &mut problems, &mut notes);
    (problems, notes, schemes)
}

/// What [`planned_extensions`] plans, and the problems and notes on the way.
struct Extensions {
    problems: Problems,
    notes: Vec<Diagnostic>,
    tagged_unions: Vec<super::plan::TaggedUnion>,
    /// Each paged operation's paging, by the operation's pointer.
    pagings: BTreeMap<String, super::plan::Paging>,
    /// Each operation's idempotency key header, by the operation's pointer.
    keys: BTreeMap<String, String>,
    webhooks: Vec<super::webhooks::WebhookPlan>,
}

/// The tagged unions of polymorphic bases, and our workflow extensions: each
/// operation's paging and idempotency key, and the webhooks.
fn planned_extensions(spec: &Spec<'_>) -> Extensions {
    let mut problems = Problems::default();
    let mut notes = Vec::new();
    let tagged_unions = super::polymorphism::plan(spec, &mut notes);
    super::polymorphism::check_cycles(spec, &tagged_unions, &mut problems);
    let mut pagings = BTreeMap::new();
    let mut keys = BTreeMap::new();
    // Our workflow extensions (`x-pagination`, `x-idempotency-key`) are
    // checked to the letter in our specs; a publisher may use the same names
    // for its own extensions, which are then left as they are, noted.
    let published = spec.transcribed_from().is_empty();
    for op in spec.operations() {
        let mut found = Problems::default();
        let paging = super::paging::plan(spec, &op, &mut found);
        let key = idempotency_key(spec, &op, &mut found);
        match found.finish(()) {
            Ok(()) => {
                if let Some(paging) = paging {
                    pagings.insert(op.pointer.clone(), paging);
                }
                if let Some(key) = key {
                    keys.insert(op.pointer.clone(), key);
                }
            }
            Err(found) if published => notes.push(published_note(
                spec,
                &found,
                &format!("{}: ", op.shown()),
                "read as the publisher's own extension of that name, not the generator's, and \
                 left as it is (no paginator or idempotency key)",
            )),
            Err(found) => problems.extend(found),
        }
    }
    let webhooks = webhooks(spec, published, &mut problems, &mut notes);
    Extensions {
        problems,
        notes,
        tagged_unions,
        pagings,
        keys,
        webhooks,
    }
}

/// The note for a part of a published spec the generator cannot read as
/// its own (`found`: what our check says of it, the first said), placed
/// there: `before` it, then the message, then what is done instead.
fn published_note(
    spec: &Spec<'_>,
    found: &[Diagnostic],
    before: &str,
    instead: &str,
) -> Diagnostic {
    let first = &found[0];
    let at = first.location.as_ref().map_or("", |l| l.pointer.as_str());
    spec.note(at, &format!("{before}{}; {instead}", first.message))
}

/// The spec's `x-webhooks`. In a published spec, one the generator cannot
/// read is the publisher's own extension of that name: noted, left as it is.
fn webhooks(
    spec: &Spec<'_>,
    published: bool,
    problems: &mut Problems,
    notes: &mut Vec<Diagnostic>,
) -> Vec<super::webhooks::WebhookPlan> {
    let mut found = Problems::default();
    let webhooks = super::webhooks::plan(spec, &mut found);
    match found.finish(webhooks) {
        Ok(webhooks) => webhooks,
        Err(found) if published => {
            notes.push(published_note(
                spec,
                &found,
                "",
                "the webhooks are left out of the client (the generator reads a webhook whose \
                 `post` has a JSON body of components and an `x-webhook-signature`)",
            ));
            Vec::new()
        }
        Err(found) => {
            problems.extend(found);
            Vec::new()
        }
    }
}

/// The servers whose URL has variables, each making a
/// `server_url_with_<variables>` function: the first of several with the
/// same variables (Datadog lists one URL twice, with two descriptions).
fn templated_servers(spec: &Spec<'_>) -> Vec<crate::spec::Server> {
    let mut kept: Vec<crate::spec::Server> = Vec::new();
    for server in spec
        .servers()
        .into_iter()
        .filter(|s| !s.variables.is_empty())
    {
        let names = |s: &crate::spec::Server| -> Vec<String> {
            s.variables
                .iter()
                .map(|(n, _, _)| crate::upstream_names::field_name(n))
                .collect()
        };
        if !kept.iter().any(|k| names(k) == names(&server)) {
            kept.push(server);
        }
    }
    kept
}

/// Every `$ref` must be local (`#/…`) and point at a node that exists.
fn check_references(spec: &Spec<'_>, problems: &mut Problems) {
    for reference in spec.references() {
        let (target, at) = (reference.target, &reference.pointer);
        let Some(local) = target.strip_prefix('#') else {
            problems.push(spec.error(
                at,
                format!("`$ref: {target}` points outside this file"),
                "copy the referenced definition under `components` in this spec and refer to \
                 it as `#/components/…`: each spec is generated on its own",
            ));
            continue;
        };
        if spec.resolves(local) {
            continue;
        }
        // Name what the section does define, so that a typo is easy to spot.
        let (section, _) = local.rsplit_once('/').unwrap_or(("", local));
        let defined = spec.keys_at(section).join(", ");
        let help = if defined.is_empty() {
            format!("define it: `#{section}` does not exist in this spec")
        } else {
            format!("define it, or refer to one that exists in `#{section}`: {defined}")
        };
        problems.push(spec.error(
            at,
            format!("unresolved reference: `$ref: {target}` points to nothing"),
            help,
        ));
    }
}

/// The schemes the client can send. One it cannot (OpenID Connect, mutual
/// TLS, an API key in the query, HTTP digest) is left out with a note: the
/// operations that also accept another scheme still work, and a credential
/// can always be put on a `reqwest::Client` of the caller's own. An invalid
/// header or cookie name is an error where it is written.
fn security_schemes(
    spec: &Spec<'_>,
    problems: &mut Problems,
    notes: &mut Vec<crate::Diagnostic>,
) -> Vec<SecurityScheme> {
    let mut schemes: Vec<SecurityScheme> = Vec::new();
    for definition in spec.security_schemes() {
        let (name, at) = (definition.name, &definition.pointer);
        let placement = match &definition.kind {
            SchemeKind::ApiKey {
                location: "header",
                name: header,
            } => match token(&header.to_ascii_lowercase(), "header") {
                Ok(header) => Placement::Header(header),
                Err((message, help)) => {
                    problems.push(spec.error(&format!("{at}/name"), message, help));
                    continue;
                }
            },
            SchemeKind::ApiKey {
                location: "cookie",
                name: cookie,
            } => match token(cookie, "cookie") {
                Ok(cookie) => Placement::Cookie(cookie),
                Err((message, help)) => {
                    problems.push(spec.error(&format!("{at}/name"), message, help));
                    continue;
                }
            },
            SchemeKind::Http { scheme } if scheme.eq_ignore_ascii_case("bearer") => {
                Placement::Bearer {
                    oauth2: false,
                    scopes: Vec::new(),
                }
            }
            SchemeKind::Http { scheme } if scheme.eq_ignore_ascii_case("basic") => Placement::Basic,
            SchemeKind::OAuth2 { scopes } => Placement::Bearer {
                oauth2: true,
                scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            },
            kind => {
                let shown = match kind {
                    SchemeKind::ApiKey { location, .. } => format!("`apiKey` in `{location}`"),
                    SchemeKind::Http { scheme } => format!("`http` with `scheme: {scheme}`"),
                    SchemeKind::OAuth2 { .. } => "`oauth2`".to_owned(),
                    SchemeKind::Other(kind) => format!("`{kind}`"),
                };
                notes.push(spec.note(
                    &format!("{at}/type"),
                    &format!(
                        "security scheme `{name}` ({shown}) is left out: the client sends an API key \
                         in a header or cookie, a bearer or OAuth 2.0 token, or HTTP Basic; for this \
                         one, build a `reqwest::Client` that adds it and pass it to `Client::new_with_client`"
                    ),
                ));
                continue;
            }
        };
        let token_grant = definition
            .token_grant
            .and_then(|grant| token_grant(spec, at, grant, &placement, problems));
        let candidate = SecurityScheme {
            pointer: definition.pointer.clone(),
            name: name.to_owned(),
            placement,
            description: definition.description.map(str::to_owned),
            token_grant,
        };
        if let Some(other) = schemes
            .iter()
            .find(|s| s.stem().text() == candidate.stem().text())
        {
            notes.push(spec.note(
                at,
                &format!(
                    "security scheme `{name}` sends its credential the way `{}` does: \
                     `Client::{}` serves both",
                    other.name,
                    candidate.constructor()
                ),
            ));
            continue;
        }
        schemes.push(candidate);
    }
    schemes
}

/// `x-token-grant: { operation: <operationId>, lifetime: <seconds> }` on a
/// bearer scheme: the operation must be in the spec, on a path without
/// parameters.
fn token_grant(
    spec: &Spec<'_>,
    at: &str,
    grant: &serde_json::Value,
    placement: &Placement,
    problems: &mut Problems,
) -> Option<TokenGrant> {
    let at = format!("{at}/x-token-grant");
    let help = "write `x-token-grant: { operation: <operationId of the token endpoint>, \
                lifetime: <seconds a token lives> }` on an `http` `bearer` scheme";
    if !matches!(placement, Placement::Bearer { oauth2: false, .. }) {
        problems.push(spec.error(
            &at,
            "`x-token-grant` belongs on an `http` `bearer` scheme",
            help,
        ));
        return None;
    }
    let operation = grant.get("operation").and_then(serde_json::Value::as_str);
    let lifetime = grant.get("lifetime").and_then(serde_json::Value::as_u64);
    let (Some(operation), Some(lifetime)) = (operation, lifetime.filter(|l| *l > 0)) else {
        problems.push(spec.error(
            &at,
            "`x-token-grant` needs `operation` (an operationId) and `lifetime` (seconds, above 0)",
            help,
        ));
        return None;
    };
    let found = spec
        .operations()
        .into_iter()
        .find(|op| op.id() == Some(operation));
    match found {
        Some(op) if op.template.parameters().is_empty() => Some(TokenGrant {
            path: op.path.to_owned(),
            lifetime,
        }),
        Some(op) => {
            problems.push(spec.error(
                &at,
                format!(
                    "the token operation `{operation}` ({}) has path parameters",
                    op.shown()
                ),
                help,
            ));
            None
        }
        None => {
            problems.push(spec.error(
                &format!("{at}/operation"),
                format!("`x-token-grant` names the operation `{operation}`, which the spec does not have"),
                help,
            ));
            None
        }
    }
}

/// `name`, when it is a valid `header` or `cookie` name (an RFC 9110 token);
/// otherwise the message and the help.
fn token(name: &str, kind: &str) -> Result<String, (String, String)> {
    let is_token_char = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if !name.is_empty() && name.bytes().all(is_token_char) {
        return Ok(name.to_owned());
    }
    let (what, example) = match kind {
        "header" => ("HTTP header name", "x-api-key"),
        _ => ("cookie name", "session"),
    };
    Err((
        format!("`{name}` is not a valid {what}"),
        format!("use the {kind} name the provider documents, e.g. `{example}`"),
    ))
}

/// A requirement should name a defined scheme; one that does not is a note
/// (the client cannot send what the spec does not define; the operation's
/// other alternatives still work). A defined but unsupported scheme is noted
/// where it is defined, not at every requirement.
fn check_requirements(spec: &Spec<'_>, notes: &mut Vec<crate::Diagnostic>) {
    let mut seen: Vec<&str> = Vec::new();
    for requirement in spec.security_requirements() {
        let name = requirement.scheme;
        if !spec.resolves(&pointer(["components", "securitySchemes", name]))
            && !seen.contains(&name)
        {
            seen.push(name);
            notes.push(spec.note(
                &requirement.pointer,
                &format!(
                    "security requirement `{name}` names no security scheme, so the client \
                     cannot send it; define it under `components/securitySchemes`, or fix the name"
                ),
            ));
        }
    }
}

/// progenitor cannot generate from a path item that is a `$ref`.
fn check_path_items(spec: &Spec<'_>, problems: &mut Problems) {
    for item in spec.path_items().into_iter().filter(|i| i.is_reference) {
        problems.push(spec.error(
            &format!("{}/$ref", item.pointer),
            format!(
                "path item `{}` is a `$ref`; progenitor cannot generate from referenced path items",
                item.path
            ),
            "write the path item's operations inline under `paths`",
        ));
    }
}

/// Each operation needs an operationId that makes a method of its own, and
/// parameters and responses progenitor can generate.
fn check_operations(spec: &Spec<'_>, schemes: &[SecurityScheme], problems: &mut Problems) {
    let ours = reserved_method_names().unwrap_or_else(|bug| {
        problems.push(spec.error("", bug, crate::diagnostic::BUG_HELP));
        Vec::new()
    });
    let mut reserved: BTreeMap<String, String> = ours
        .into_iter()
        .map(|m| (m, "the client's own constructor or accessor".to_owned()))
        .collect();
    for scheme in schemes {
        for method in scheme.method_names() {
            reserved.insert(
                method,
                format!("the method for security scheme `{}`", scheme.name),
            );
        }
    }
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for op in spec.operations() {
        check_operation_id(spec, &op, &reserved, &mut seen, problems);
        check_parameters(spec, &op, problems);
    }
}

fn check_operation_id(
    spec: &Spec<'_>,
    op: &Operation<'_>,
    reserved: &BTreeMap<String, String>,
    seen: &mut BTreeMap<String, String>,
    problems: &mut Problems,
) {
    // The spec layer gives every operation an id (synthesizing a missing one).
    let Some(id) = op.id() else {
        return;
    };
    let id_at = format!("{}/operationId", op.pointer);
    let [method_name, builder] = crate::upstream_names::operation_names(id);
    if let Some(owner) = reserved.get(&method_name) {
        problems.push(spec.error(
            &id_at,
            format!("`operationId: {id}` would generate `Client::{method_name}`, which is {owner}"),
            "rename the operation",
        ));
    } else if let Some(first) = seen.get(&method_name).or_else(|| seen.get(&builder)) {
        let where_first = spec
            .position(first)
            .map_or_else(|| format!("#{first}"), |(l, c)| format!("line {l}:{c}"));
        problems.push(spec.error(
            &id_at,
            format!("duplicate `operationId: {id}`: {where_first} already uses it"),
            "give each operation its own operationId; each becomes a method of the client",
        ));
    } else {
        seen.insert(method_name, id_at.clone());
        seen.insert(builder, id_at);
    }
}

fn check_parameters(spec: &Spec<'_>, op: &Operation<'_>, problems: &mut Problems) {
    let template = op.template.parameters();
    let mut declared_in_path = Vec::new();
    for parameter in op.parameters() {
        let (name, at) = (parameter.name, &parameter.pointer);
        match parameter.location {
            ParameterLocation::Cookie => problems.push(spec.error(
                &format!("{at}/in"),
                format!("cookie parameter `{name}`: progenitor cannot generate cookie parameters"),
                "if the cookie carries a credential, declare it as a security scheme \
                 (`type: apiKey`, `in: cookie`) instead; the client then sends it on every request",
            )),
            ParameterLocation::Path if !template.contains(&name) => problems.push(spec.error(
                &format!("{at}/name"),
                format!("path parameter `{name}` does not appear in the path `{}`", op.path),
                format!("write `{{{name}}}` in the path where the value goes, or declare the parameter `in: query`"),
            )),
            ParameterLocation::Path => declared_in_path.push(name),
            _ => {}
        }
        if parameter.uses_content() {
            problems.push(spec.error(
                &format!("{at}/content"),
                format!("parameter `{name}` uses `content`; progenitor supports parameters with a `schema` only"),
                "describe the parameter with `schema:` instead of `content:`",
            ));
        }
    }
    for name in template
        .iter()
        .filter(|name| !declared_in_path.contains(name))
    {
        problems.push(spec.error(
            &op.pointer,
            format!(
                "the path `{}` has `{{{name}}}`, but {} declares no path parameter `{name}`",
                op.path,
                op.method.as_http()
            ),
            format!(
                "add a parameter with `name: {name}`, `in: path`, `required: true` and a `schema`"
            ),
        ));
    }
}

/// Whether any operation declares a header parameter `name`.
fn declares_header(spec: &Spec<'_>, name: &str) -> bool {
    spec.operations().iter().any(|op| {
        op.parameters()
            .iter()
            .any(|p| p.location == ParameterLocation::Header && p.name.eq_ignore_ascii_case(name))
    })
}

/// What the rest of the generator needs of a checked operation.
fn plan_operation(
    spec: &Spec<'_>,
    op: &Operation<'_>,
    notes: &mut Vec<crate::Diagnostic>,
) -> Option<OperationPlan> {
    let id = op.id()?;
    let responses = super::responses::plan(spec, op, id, notes);
    let parameters = op.parameters();
    let path_params = op
        .template
        .parameters()
        .into_iter()
        .map(|name| {
            let integer = parameters.iter().any(|p| {
                p.location == ParameterLocation::Path
                    && p.name == name
                    && p.schema().and_then(|s| s.ty()) == Some("integer")
            });
            (name.to_owned(), integer)
        })
        .collect();
    let query = parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Query);
    let ok = op.response("200");
    Some(OperationPlan {
        pointer: op.pointer.clone(),
        id: id.to_owned(),
        method_name: crate::upstream_names::method_name(id),
        method: op.method,
        path: op.template.clone(),
        path_params,
        required_query: query
            .clone()
            .filter(|p| p.required)
            .map(|p| p.name.to_owned())
            .collect(),
        query: query
            .map(|p| QueryParam {
                name: p.name.to_owned(),
                required: p.required,
                values: p.schema().map(|s| enum_texts(spec, &s)).unwrap_or_default(),
            })
            .collect(),
        body: op
            .request_schema()
            .map(|schema| body_properties(spec, &schema)),
        body_variants: op
            .request_schema()
            .map(|schema| body_variants(spec, &schema))
            .unwrap_or_default(),
        returns: ok
            .as_ref()
            .and_then(|r| r.json_component())
            .map(str::to_owned),
        returns_array_of: ok
            .as_ref()
            .and_then(|r| r.json_array_component())
            .map(str::to_owned),
        error_schema: op
            .responses()
            .iter()
            .filter(|r| r.is_error())
            .find_map(|r| r.json_component())
            .map(str::to_owned),
        example: ok.as_ref().and_then(|r| r.json_example()),
        success: success_response(op),
        responses,
        paging: None,
        idempotency_key: None,
        server: op
            .extension("servers")
            .and_then(|(_, servers)| servers.pointer("/0/url"))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned),
        anonymous: op
            .security()
            .is_some_and(|(_, s)| s.as_array().is_some_and(Vec::is_empty)),
    })
}

/// The first success response of `op`.
fn success_response(op: &Operation<'_>) -> Option<SuccessResponse> {
    let response = op
        .responses()
        .into_iter()
        .find(|r| r.status.starts_with('2') && r.status.len() == 3)?;
    Some(SuccessResponse {
        status: response.status.parse().ok()?,
        schema: response
            .resolved()
            .pointer("/content/application~1json/schema")
            .map(|_| format!("{}/content/application~1json/schema", response.pointer)),
        component: response.json_component().map(str::to_owned),
        example: response.json_example(),
    })
}

/// The properties of a request body's object schema.
fn body_properties(spec: &Spec<'_>, schema: &Schema<'_>) -> Vec<BodyProperty> {
    let schema = spec.follow(schema.clone());
    // The schema's own properties, and those of its inline `allOf` members
    // (a subtype's own part); a `$ref` member (the base) adds none.
    let mut parts = vec![schema.clone()];
    parts.extend(
        schema
            .all_of()
            .into_iter()
            .flatten()
            .filter(|member| member.reference().is_none()),
    );
    let mut properties = Vec::new();
    for part in parts {
        let required = part.required();
        for (name, property) in part.properties() {
            let property = spec.follow(property);
            properties.push(BodyProperty {
                name: name.to_owned(),
                required: required.contains(&name),
                nullable: property.nullable(),
                ty: property.ty().map(str::to_owned),
                values: enum_texts(spec, &property),
            });
        }
    }
    properties
}

/// A request body that is a `oneOf` (or `anyOf`) of components: each
/// member's name and properties.
fn body_variants(spec: &Spec<'_>, schema: &Schema<'_>) -> Vec<(String, Vec<BodyProperty>)> {
    spec.follow(schema.clone())
        .alternatives()
        .into_iter()
        .filter_map(|member| {
            let name = member.reference()?.strip_prefix("#/components/schemas/")?;
            Some((name.to_owned(), body_properties(spec, &member)))
        })
        .collect()
}

/// The text values of a schema's `enum` or `x-extensible-enum`, its `$ref`
/// followed.
fn enum_texts(spec: &Spec<'_>, schema: &Schema<'_>) -> Vec<String> {
    let items = match spec.follow(schema.clone()).enum_declaration() {
        EnumDeclaration::Closed(Some(items)) | EnumDeclaration::Open(Some(items)) => items,
        _ => Vec::new(),
    };
    items
        .into_iter()
        .filter_map(|item| match item {
            EnumItem::Text(text) => Some(text.to_owned()),
            _ => None,
        })
        .collect()
}

/// `x-idempotency-key: <header>`: the header must be one of the operation's
/// header parameters (the caller may set it; the client fills it otherwise).
fn idempotency_key(spec: &Spec<'_>, op: &Operation<'_>, problems: &mut Problems) -> Option<String> {
    let (at, node) = op.extension("x-idempotency-key")?;
    let help = "write `x-idempotency-key: <name>` and declare `<name>` as a header parameter \
                of the operation (`in: header`, a string)";
    let Some(header) = node.as_str() else {
        problems.push(spec.error(&at, "`x-idempotency-key` must name a header", help));
        return None;
    };
    let declared = op
        .parameters()
        .into_iter()
        .any(|p| p.location == ParameterLocation::Header && p.name.eq_ignore_ascii_case(header));
    if !declared {
        problems.push(spec.error(
            &at,
            format!(
                "`x-idempotency-key` names the header `{header}`, which {} does not declare",
                op.shown()
            ),
            help,
        ));
        return None;
    }
    Some(header.to_ascii_lowercase())
}
