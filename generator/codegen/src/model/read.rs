//! `specs/conversations.yaml` → [`Model`], through the spec layer.

use heck::{ToSnakeCase, ToUpperCamelCase};

use super::{Field, FieldType, Model, ModelType, ROOTS};
use crate::diagnostic::{Diagnostic, Problems, child};
use crate::spec::{EnumDeclaration, EnumItem, Schema, Spec};

/// Reads the model's types, every field typed, every reference resolved.
///
/// # Errors
/// Names that are not UpperCamelCase (types) or snake_case (values), fields
/// not in `required`, shapes the model does not support, references to types
/// it does not define, and missing [`ROOTS`].
pub(crate) fn read(spec: &Spec<'_>) -> Result<Model, Vec<Diagnostic>> {
    let mut problems = Problems::default();
    let mut types = Vec::new();
    for (name, schema) in spec.component_schemas() {
        let at = &schema.pointer;
        if name.to_upper_camel_case() != name {
            problems.push(spec.error(
                at,
                format!("model type `{name}` is not UpperCamelCase"),
                "name model types like Rust types, e.g. `Thread`",
            ));
            continue;
        }
        let description = schema.description().map(str::to_owned);
        if let EnumDeclaration::Closed(Some(items)) = schema.enum_declaration() {
            let values: Vec<String> = items
                .iter()
                .filter_map(|item| match item {
                    EnumItem::Text(text) => Some((*text).to_owned()),
                    _ => None,
                })
                .collect();
            if let Some(bad) = values.iter().find(|v| v.to_snake_case() != **v) {
                problems.push(spec.error(
                    &format!("{at}/enum"),
                    format!("enum value `{bad}` is not snake_case"),
                    "model values are lower snake_case, e.g. `not_loaded`",
                ));
            }
            types.push(ModelType::Enum {
                name: name.to_owned(),
                description,
                values,
            });
            continue;
        }
        let required = schema.required();
        let mut fields = Vec::new();
        for (field, property) in schema.properties() {
            let field_at = &property.pointer;
            if !required.contains(&field) {
                problems.push(spec.error(
                    field_at,
                    format!("model field `{name}.{field}` is not in `required`"),
                    "list every model field in `required`: a value a provider lacks is null, never absent (add `nullable: true`)",
                ));
            }
            match field_type(&property) {
                Ok(ty) => fields.push(Field {
                    name: field.to_owned(),
                    ty,
                    description: property.description().map(str::to_owned),
                }),
                Err(why) => problems.push(spec.error(
                    field_at,
                    format!("model field `{name}.{field}`: {why}"),
                    "the model supports string (optionally `format: date-time`), integer, boolean, arrays, \
                     `$ref`s, `{}` (any JSON), `nullable`, and `allOf: [$ref]` with `nullable`",
                )),
            }
        }
        types.push(ModelType::Struct {
            name: name.to_owned(),
            description,
            fields,
        });
    }
    for root in ROOTS {
        let defined = types.iter().any(|t| {
            matches!(t, ModelType::Struct { name, .. } | ModelType::Enum { name, .. } if name == root)
        });
        if !defined {
            problems.push(spec.error(
                "/components/schemas",
                format!("the model defines no `{root}`"),
                format!(
                    "define `{root}` under components/schemas: the generated conversions produce it"
                ),
            ));
        }
    }
    let mut model = problems.finish(Model { types })?;
    resolve(&mut model, spec)?;
    Ok(model)
}

fn field_type(schema: &Schema<'_>) -> Result<FieldType, String> {
    let base = if let Some(reference) = schema.reference() {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .ok_or_else(|| {
                format!("`{reference}` is not a reference to `#/components/schemas/…`")
            })?;
        // Enum or struct is settled once every type is read: see `resolve`.
        FieldType::Struct(name.to_owned())
    } else if let Some(all_of) = schema.all_of() {
        match all_of.as_slice() {
            [only] => field_type(only)?,
            _ => return Err("`allOf` must hold exactly one `$ref`".into()),
        }
    } else {
        match schema.ty() {
            Some("string") if schema.format() == Some("date-time") => FieldType::DateTime,
            Some("string") => FieldType::Text,
            Some("integer") => FieldType::Integer,
            Some("boolean") => FieldType::Bool,
            Some("array") => {
                let items = schema.items().ok_or("an array needs `items`")?;
                FieldType::List(Box::new(field_type(&items)?))
            }
            None if schema.is_description_only() => FieldType::Json,
            Some(other) => return Err(format!("type `{other}` is not supported here")),
            None => return Err("the schema has no type".into()),
        }
    };
    Ok(if schema.nullable() {
        FieldType::Nullable(Box::new(base))
    } else {
        base
    })
}

/// Turns references to enums into `FieldType::Enum`, and reports references
/// to types the model does not define.
fn resolve(model: &mut Model, spec: &Spec<'_>) -> Result<(), Vec<Diagnostic>> {
    let enums: Vec<String> = model.enum_names().into_iter().map(str::to_owned).collect();
    let structs: Vec<String> = model
        .struct_names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    let mut problems = Problems::default();
    for t in &mut model.types {
        let ModelType::Struct { name, fields, .. } = t else {
            continue;
        };
        for field in fields {
            if let Err(missing) = resolve_type(&mut field.ty, &enums, &structs) {
                let at = child(
                    &child(&child("/components/schemas", name), "properties"),
                    &field.name,
                );
                problems.push(spec.error(
                    &at,
                    format!(
                        "model field `{name}.{}` refers to `{missing}`, which the model does not define",
                        field.name
                    ),
                    "define it under components/schemas, or fix the name",
                ));
            }
        }
    }
    problems.finish(())
}

fn resolve_type(ty: &mut FieldType, enums: &[String], structs: &[String]) -> Result<(), String> {
    match ty {
        FieldType::Struct(name) if enums.contains(name) => {
            *ty = FieldType::Enum(name.clone());
            Ok(())
        }
        FieldType::Struct(name) if !structs.contains(name) => Err(name.clone()),
        FieldType::List(inner) | FieldType::Nullable(inner) => resolve_type(inner, enums, structs),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::tests::{MINIMAL, with_spec};

    const ROOT_TYPES: &str = "    Provider: { type: string, enum: [acme] }\n    Message: { type: object }\n    ConversationEvent: { type: object }\n";

    fn model_of(schemas: &str) -> Result<Model, Vec<String>> {
        let text = format!("{MINIMAL}paths: {{}}\ncomponents:\n  schemas:\n{ROOT_TYPES}{schemas}");
        with_spec(&text, |spec| {
            read(spec).map_err(|d| d.iter().map(ToString::to_string).collect())
        })
    }

    #[test]
    fn fields_are_typed_and_references_resolved() {
        let model = model_of(
            "    Thread:\n      type: object\n      required: [id, at, tags, by, status, raw]\n      properties:\n        \
             id: { type: string }\n        at: { type: string, format: date-time, nullable: true }\n        \
             tags: { type: array, items: { type: string } }\n        \
             by: { allOf: [{ $ref: \"#/components/schemas/Message\" }], nullable: true }\n        \
             status: { $ref: \"#/components/schemas/Provider\" }\n        raw: { description: The payload. }\n",
        )
        .expect("a valid model");
        let fields = model.fields("Thread").expect("Thread");
        let types: Vec<(&str, &FieldType)> =
            fields.iter().map(|f| (f.name.as_str(), &f.ty)).collect();
        let nullable = |t| FieldType::Nullable(Box::new(t));
        assert_eq!(
            types,
            [
                ("id", &FieldType::Text),
                ("at", &nullable(FieldType::DateTime)),
                ("tags", &FieldType::List(Box::new(FieldType::Text))),
                ("by", &nullable(FieldType::Struct("Message".into()))),
                ("status", &FieldType::Enum("Provider".into())),
                ("raw", &FieldType::Json),
            ]
        );
        assert_eq!(
            model.enum_values("Provider"),
            Some(&["acme".to_owned()][..])
        );
        assert_eq!(
            model.struct_names(),
            ["ConversationEvent", "Message", "Thread"]
        );
    }

    #[test]
    fn the_model_is_strict_about_names_required_fields_and_shapes() {
        let problems = model_of(
            "    thread: { type: object }\n    Kind: { type: string, enum: [NotLoaded] }\n    \
             Thread:\n      type: object\n      required: [a]\n      properties:\n        a: { type: number }\n        \
             b: { type: string }\n        c: { $ref: \"#/components/schemas/Nope\" }\n",
        )
        .expect_err("five problems");
        let messages: Vec<&str> = problems
            .iter()
            .filter_map(|p| p.lines().next()?.split(": error: ").nth(1))
            .collect();
        assert_eq!(
            messages,
            [
                "model type `thread` is not UpperCamelCase",
                "enum value `NotLoaded` is not snake_case",
                "model field `Thread.a`: type `number` is not supported here",
                "model field `Thread.b` is not in `required`",
                "model field `Thread.c` is not in `required`",
            ]
        );
        let unresolved = model_of(
            "    Thread:\n      type: object\n      required: [c]\n      properties:\n        c: { $ref: \"#/components/schemas/Nope\" }\n",
        )
        .expect_err("an unknown type");
        assert!(
            unresolved[0].contains(
                "model field `Thread.c` refers to `Nope`, which the model does not define"
            )
        );
    }
}
