use quote::quote;
use serde_json::json;

use super::*;

fn file(tokens: TokenStream) -> syn::File {
    syn::parse2(tokens).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn find_names_each_field_declared_twice_and_who_keeps_it() {
    let code = file(quote! {
        pub mod types {
            pub struct Thing {
                #[serde(rename = "_links", default, skip_serializing_if = "Option::is_none")]
                pub links: Option<String>,
                pub links: Option<String>,
                pub extra: Option<String>,
                #[serde(flatten)]
                pub extra: ::std::collections::HashMap<String, i64>,
                #[serde(rename = "ID")]
                pub id: i64,
                #[serde(rename = "Id")]
                pub id: i64,
                pub name: String,
            }
            pub enum Event {
                Created { #[serde(rename = "createdAt")] created_at: String, created_at: String },
                Other,
            }
        }
    });
    let found = find(&code);
    let shown: Vec<(&str, &str, Option<&str>, Vec<&str>)> = found
        .iter()
        .map(|c| {
            (
                c.type_name.as_str(),
                c.field.as_str(),
                c.keeper.as_deref(),
                c.renamed.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("Thing", "links", Some("links"), vec!["_links"]),
            // typify's own map keeps its name, even after the property.
            ("Thing", "extra", None, vec!["extra"]),
            // Neither is written `id`: the first keeps it.
            ("Thing", "id", Some("ID"), vec!["Id"]),
            (
                "Event::Created",
                "created_at",
                Some("created_at"),
                vec!["createdAt"]
            ),
        ]
    );
}

#[test]
fn rename_gives_stand_ins_to_properties_required_entries_and_tags_not_examples() {
    let mut document = json!({ "components": { "schemas": {
        "A": {
            "type": "object",
            "required": ["_links", "id"],
            "properties": { "id": { "type": "string" }, "_links": { "type": "object" }, "Id": {} },
            "example": { "_links": {} }
        },
        "B": { "allOf": [
            { "$ref": "#/components/schemas/A" },
            { "required": ["_links"], "discriminator": { "propertyName": "_links" } }
        ]}
    }}});
    let collisions = [
        Collision {
            type_name: "A".into(),
            field: "links".into(),
            keeper: Some("links".into()),
            renamed: vec!["_links".into()],
        },
        Collision {
            type_name: "A".into(),
            field: "id".into(),
            keeper: Some("id".into()),
            renamed: vec!["Id".into()],
        },
    ];
    let renames = rename(&mut document, &collisions);
    assert_eq!(
        renames,
        [
            Renamed {
                property: "_links".into(),
                stand_in: "_links-2".into(),
                field: "links".into(),
                pointer: Some("/components/schemas/A/properties/_links".into()),
            },
            Renamed {
                property: "Id".into(),
                stand_in: "Id-2".into(),
                field: "id".into(),
                pointer: Some("/components/schemas/A/properties/Id".into()),
            },
        ]
    );
    let a = &document["components"]["schemas"]["A"];
    // The order of the properties is kept.
    let keys: Vec<&String> = a["properties"]
        .as_object()
        .map(|p| p.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys, ["id", "_links-2", "Id-2"]);
    assert_eq!(a["required"], json!(["_links-2", "id"]));
    assert_eq!(a["example"], json!({ "_links": {} }));
    let b = &document["components"]["schemas"]["B"]["allOf"][1];
    assert_eq!(b["required"], json!(["_links-2"]));
    assert_eq!(b["discriminator"]["propertyName"], "_links-2");
}

#[test]
fn rename_numbers_the_stand_ins_of_one_field_apart() {
    let mut document = json!({ "properties": { "id": {}, "ID": {}, "Id": {} } });
    let renames = rename(
        &mut document,
        &[Collision {
            type_name: "T".into(),
            field: "id".into(),
            keeper: Some("id".into()),
            renamed: vec!["ID".into(), "Id".into()],
        }],
    );
    let stand_ins: Vec<&str> = renames.iter().map(|r| r.stand_in.as_str()).collect();
    assert_eq!(stand_ins, ["ID-2", "Id-3"]);
}

/// typify's output for a renamed document: the stand-in `_links-2` is the
/// field `links_2`, in the struct, its impls and its builder.
fn renamed_output() -> syn::File {
    file(quote! {
        pub mod types {
            pub struct Thing {
                pub links: Option<String>,
                #[serde(rename = "_links-2", skip_serializing_if = "Option::is_none")]
                pub links_2: Option<ThingLinks2>,
            }
            pub struct Other {
                #[serde(rename = "_links-2", default)]
                pub links_2: Option<ThingLinks2>,
            }
            impl Thing {
                pub fn builder() -> builder::Thing { Default::default() }
            }
            pub mod builder {
                pub struct Thing {
                    links: Result<Option<String>, String>,
                    links_2: Result<Option<super::ThingLinks2>, String>,
                }
                impl Thing {
                    pub fn links_2<T>(mut self, value: T) -> Self {
                        self.links_2 = value
                            .try_into()
                            .map_err(|e| format!("error converting supplied value for links_2: {e}"));
                        self
                    }
                }
                impl ::std::convert::TryFrom<Thing> for super::Thing {
                    fn try_from(value: Thing) -> Result<Self, String> {
                        Ok(Self { links: value.links?, links_2: value.links_2? })
                    }
                }
            }
        }
    })
}

#[test]
fn restore_gives_the_property_back_and_the_field_a_readable_name() {
    let mut code = renamed_output();
    let renames = [Renamed {
        property: "_links".into(),
        stand_in: "_links-2".into(),
        field: "links".into(),
        pointer: None,
    }];
    let restored = restore(&mut code, &renames);
    assert_eq!(
        restored,
        [
            // `links` is taken in `Thing`: the underscore is kept.
            Restored {
                type_name: "Thing".into(),
                property: "_links".into(),
                field: "_links".into()
            },
            // Nothing else is `links` in `Other`: the usual name.
            Restored {
                type_name: "Other".into(),
                property: "_links".into(),
                field: "links".into()
            },
        ]
    );
    let text = quote!(#code).to_string();
    assert!(
        text.contains(
            "# [serde (rename = \"_links\" , skip_serializing_if = \"Option::is_none\")] pub _links : Option < ThingLinks2 >"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "# [serde (rename = \"_links\" , default)] pub links : Option < ThingLinks2 >"
        ),
        "{text}"
    );
    assert!(text.contains("pub fn _links < T >"), "{text}");
    assert!(text.contains("self . _links = value"), "{text}");
    assert!(text.contains("supplied value for _links: {e}"), "{text}");
    assert!(text.contains("_links : value . _links ?"), "{text}");
    assert!(
        !text.contains("links_2 "),
        "every stand-in field is renamed: {text}"
    );
    assert!(find(&code).is_empty());
}

#[test]
fn a_field_named_as_typify_would_name_it_gets_no_rename() {
    let mut code = file(quote! {
        pub mod types {
            pub struct Bag {
                #[serde(rename = "extra-2", skip_serializing_if = "Option::is_none")]
                pub extra_2: Option<String>,
            }
        }
    });
    let renames = [Renamed {
        property: "extra".into(),
        stand_in: "extra-2".into(),
        field: "extra".into(),
        pointer: None,
    }];
    restore(&mut code, &renames);
    let text = quote!(#code).to_string();
    assert!(
        text.contains(
            "# [serde (skip_serializing_if = \"Option::is_none\")] pub extra : Option < String >"
        ),
        "{text}"
    );
}
