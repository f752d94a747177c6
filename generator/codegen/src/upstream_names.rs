//! How typify and progenitor name what they generate, for the steps that
//! run before them: the spec layer renames a component, hoists a schema or
//! gives an operation a free id so that no two things get one name, and it
//! can only do so by knowing the name each will get. Each rule cites what it
//! follows (typify-impl 0.8's `util::sanitize`, progenitor-impl's
//! `sanitize(.., Case::Snake)` of an `operationId`).
//!
//! After progenitor has run, only the mock helpers ask one (a parameter's
//! builder field, [`parameter_name`]), and a miss is a named bug; otherwise
//! `client::decided`
//! reads what typify and progenitor decided (its type space, the code's
//! fields and builders), and the client check fails naming the type if a
//! prediction here and a decision there ever disagree (a type name twice, a
//! field or builder not found).

use heck::{ToSnakeCase, ToUpperCamelCase};

/// The client method of an operation: `getThread` → `get_thread`.
///
/// Made the way progenitor makes it, since progenitor names the method: a
/// character an identifier cannot hold separates words
/// (`post-/conversations/v3/actors/batch/read` →
/// `post_conversations_v3_actors_batch_read`), a leading digit gets a `_`,
/// a keyword a trailing `_`.
pub(crate) fn method_name(operation_id: &str) -> String {
    identifier(&snake_words(operation_id), "_")
}

/// A parameter's Rust name, as progenitor makes it (the field of the
/// operation's builder, the method of its mock `When`): `threadId` →
/// `thread_id`, by [`method_name`]'s rule (progenitor's
/// `sanitize(.., Case::Snake)` for both). Also progenitor's name of a status
/// helper, from its reason phrase: `Not Found` → `not_found`.
pub(crate) fn parameter_name(name: &str) -> String {
    method_name(name)
}

/// The names progenitor derives from an operation's id: its method
/// (`get_thing_2`) and its builder type (`GetThing2`). Two operations
/// sharing either would not compile (`get_thing_2` and `getThing2` differ as
/// methods, but both builders are `GetThing2`).
pub(crate) fn operation_names(operation_id: &str) -> [String; 2] {
    let method = method_name(operation_id);
    let builder = method.to_upper_camel_case();
    [method, builder]
}

/// `text` in snake case, a character an identifier cannot hold separating
/// words and apostrophes dropped: what progenitor and typify both do first.
fn snake_words(text: &str) -> String {
    text.replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect::<String>()
        .to_snake_case()
}

/// `words` made an identifier: `x` if empty, `digit_prefix` before a
/// leading digit, a trailing `_` after a keyword.
fn identifier(words: &str, digit_prefix: &str) -> String {
    let name = match words.chars().next() {
        None => "x".to_owned(),
        Some(c) if c.is_alphabetic() || c == '_' => words.to_owned(),
        Some(_) => format!("{digit_prefix}{words}"),
    };
    if syn::parse_str::<syn::Ident>(&name).is_ok() {
        name
    } else {
        format!("{name}_")
    }
}

/// The Rust field typify makes of an object's property: `createdAt` →
/// `created_at`, `2fa` → `x2fa`, `type` → `type_` (typify-impl's
/// `util::sanitize` with snake case).
pub(crate) fn field_name(property: &str) -> String {
    let words = match property {
        "+1" => "plus1".to_owned(),
        "-1" => "minus1".to_owned(),
        _ => snake_words(property),
    };
    identifier(&words, "x")
}

/// How typify names a schema that is not a component, from where it sits;
/// the hoisted enums take the same names so that the mapping code and the
/// client agree.
pub(crate) struct Schema;

impl Schema {
    /// A component: `thread_status` → `ThreadStatus`.
    pub(crate) fn component(name: &str) -> String {
        name.to_upper_camel_case()
    }

    /// A property of `parent`: `Thread` + `status` → `ThreadStatus`.
    pub(crate) fn property(parent: &str, property: &str) -> String {
        format!("{parent}{}", property.to_upper_camel_case())
    }

    /// The items of an array `parent`: `TagsItem`.
    pub(crate) fn items(parent: &str) -> String {
        format!("{parent}Item")
    }

    /// The values of a map `parent`: `LabelsValue`.
    pub(crate) fn values(parent: &str) -> String {
        format!("{parent}Value")
    }

    /// Member `index` of an `allOf`, `anyOf` or `oneOf`: `BodyVariant0`.
    pub(crate) fn member(parent: &str, index: usize) -> String {
        format!("{parent}Variant{index}")
    }

    /// The schema of a component parameter, response or request body:
    /// `thread` under `responses` → `ThreadResponse`.
    pub(crate) fn of_component(section: &str, name: &str) -> String {
        let suffix = match section {
            "responses" => "Response",
            "requestBodies" => "Body",
            _ => "",
        };
        format!("{}{suffix}", Self::component(name))
    }

    /// A schema of an operation: its parameter, `Body` or `Response`, after
    /// the operation's id (`get_thread` + `Response` → `GetThreadResponse`).
    pub(crate) fn of_operation(operation: &str, part: &str) -> String {
        format!("{}{part}", operation.to_upper_camel_case())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_named_as_typify_names_them() {
        let names: Vec<String> = [
            "createdAt",
            "created_at",
            "2fa",
            "type",
            "e-mail",
            "it's",
            "+1",
            "",
        ]
        .iter()
        .map(|p| field_name(p))
        .collect();
        assert_eq!(
            names,
            [
                "created_at",
                "created_at",
                "x2fa",
                "type_",
                "e_mail",
                "its",
                "plus1",
                "x"
            ]
        );
    }

    #[test]
    fn schema_names_follow_typify() {
        assert_eq!(Schema::component("thread_status"), "ThreadStatus");
        assert_eq!(
            Schema::property("Thread", "channel_type"),
            "ThreadChannelType"
        );
        assert_eq!(Schema::items("ThreadTags"), "ThreadTagsItem");
        assert_eq!(Schema::values("Labels"), "LabelsValue");
        assert_eq!(Schema::member("Body", 1), "BodyVariant1");
        assert_eq!(
            Schema::of_operation("get_thread", "Response"),
            "GetThreadResponse"
        );
    }

    #[test]
    fn methods_are_named_as_progenitor_names_them() {
        assert_eq!(method_name("getThread"), "get_thread");
        assert_eq!(
            operation_names("getThing2"),
            ["get_thing2".to_owned(), "GetThing2".to_owned()]
        );
    }
}
