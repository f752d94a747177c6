//! The model's types as Rust items, for the `conversations` crate.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Field, FieldType, Model, ModelType};
use crate::names::{ident, variant};

/// The Rust type of a model field.
pub(crate) fn rust_type(ty: &FieldType) -> TokenStream {
    match ty {
        FieldType::Text => quote! { ::std::string::String },
        FieldType::Bool => quote! { bool },
        FieldType::Integer => quote! { i64 },
        FieldType::DateTime => quote! { ::chrono::DateTime<::chrono::Utc> },
        // The payload verbatim, as JSON text.
        FieldType::Json => quote! { client_runtime::Raw },
        FieldType::Enum(name) | FieldType::Struct(name) => {
            let name = ident(name);
            quote! { #name }
        }
        FieldType::List(inner) => {
            let inner = rust_type(inner);
            quote! { ::std::vec::Vec<#inner> }
        }
        FieldType::Nullable(inner) => {
            let inner = rust_type(inner);
            quote! { ::std::option::Option<#inner> }
        }
    }
}

/// Every type of the model, in the model's order.
pub(crate) fn items(model: &Model) -> TokenStream {
    let items = model.types.iter().map(|t| match t {
        ModelType::Struct {
            name,
            description,
            fields,
        } => struct_item(name, description.as_deref(), fields),
        ModelType::Enum {
            name,
            description,
            values,
        } => enum_item(name, description.as_deref(), values),
    });
    quote! {
        #(#items)*

        /// Text that is not a value of one of the model's enums: the error of
        /// their `FromStr`.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct UnknownValue {
            /// The enum, e.g. `Provider`.
            pub type_name: &'static str,
            /// The text that was given.
            pub value: ::std::string::String,
        }

        impl ::std::fmt::Display for UnknownValue {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "`{}` is not a {} value", self.value, self.type_name)
            }
        }

        impl ::std::error::Error for UnknownValue {}
    }
}

fn struct_item(name: &str, description: Option<&str>, fields: &[Field]) -> TokenStream {
    let ident = ident(name);
    let doc = description.map_or_else(
        || format!("`{name}` of the normalized model."),
        str::to_owned,
    );
    let fields = fields.iter().map(|f| {
        let field = crate::names::ident(&f.name);
        let ty = rust_type(&f.ty);
        let doc = f.description.as_deref().map(str::trim).unwrap_or_default();
        let doc = (!doc.is_empty()).then(|| quote! { #[doc = #doc] });
        quote! { #doc pub #field: #ty, }
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #ident { #(#fields)* }
    }
}

fn enum_item(name: &str, description: Option<&str>, values: &[String]) -> TokenStream {
    let ident = ident(name);
    let doc = description.map_or_else(
        || format!("`{name}` of the normalized model."),
        str::to_owned,
    );
    let variants: Vec<_> = values.iter().map(|v| variant(v)).collect();
    let variant_docs = values.iter().map(|v| format!("`{v}`"));
    let listed = values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let err_doc = format!("The text is not one of {listed}.");
    quote! {
        #[doc = #doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        pub enum #ident { #( #[doc = #variant_docs] #[serde(rename = #values)] #variants, )* }

        impl #ident {
            /// Every value, in the model's order.
            pub const ALL: &'static [Self] = &[#(Self::#variants),*];

            /// The value as it is written in JSON.
            pub fn as_str(self) -> &'static str {
                match self { #( Self::#variants => #values, )* }
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #ident {
            type Err = UnknownValue;
            #[doc = #err_doc]
            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                match text {
                    #( #values => Ok(Self::#variants), )*
                    _ => Err(UnknownValue { type_name: #name, value: text.to_owned() }),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_types_map_to_rust_types() {
        let nullable_list = FieldType::Nullable(Box::new(FieldType::List(Box::new(
            FieldType::Enum("Kind".into()),
        ))));
        let cases = [
            (FieldType::Text, "::std::string::String"),
            (FieldType::DateTime, "::chrono::DateTime<::chrono::Utc>"),
            (FieldType::Json, "client_runtime::Raw"),
            (
                nullable_list,
                "::std::option::Option<::std::vec::Vec<Kind>>",
            ),
        ];
        for (ty, expected) in cases {
            assert_eq!(rust_type(&ty).to_string().replace(' ', ""), expected);
        }
    }
}
