//! IR shapes → serde types with docs, constructors and setters.

use super::{doc_attrs, ident};
use crate::ir::{Field, FieldType, IntEnumDef, Ir, Shape, StructDef, TypeDef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The type definition (nothing for runtime-provided types).
pub fn type_def(ir: &Ir, t: &TypeDef) -> TokenStream {
    match &t.shape {
        Shape::Struct(s) => struct_def(ir, t, s),
        Shape::IntEnum(e) => enum_def(t, e),
        Shape::External(_) => quote! {},
    }
}

/// The Rust type of a field value.
pub fn rust_type(ir: &Ir, ty: &FieldType) -> TokenStream {
    match ty {
        FieldType::String => quote! { String },
        FieldType::Bool => quote! { bool },
        FieldType::Integer => quote! { i64 },
        FieldType::Number => quote! { f64 },
        FieldType::Json => quote! { serde_json::Value },
        FieldType::Named(n) => match ir.get(n).map(|t| &t.shape) {
            Some(Shape::External(path)) => path
                .parse()
                .unwrap_or_else(|_| quote! { compile_error!("bad x-rust-type") }),
            _ => {
                let n = ident(n);
                quote! { super::#n }
            }
        },
        FieldType::Array(inner) => {
            let inner = rust_type(ir, inner);
            quote! { Vec<#inner> }
        }
    }
}

fn struct_def(ir: &Ir, t: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&t.name);
    let docs = doc_attrs(&t.doc);
    // With nothing required, `new()` is the default value.
    let default = s
        .fields
        .iter()
        .all(|f| !f.required)
        .then(|| quote! { #[derive(Default)] });
    let fields = s.fields.iter().map(|f| field_decl(ir, f));
    let decode = super::decode::struct_deserialize(ir, t, s);
    let extra = (!s.deny_unknown).then(|| {
        quote! {
            /// Keys the schema does not list, and known keys sent as `null`, kept so that nothing the server sent is lost.
            #[serde(flatten)]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }
    });
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|f| {
        let n = ident(&f.rust_name);
        let ty = rust_type(ir, &f.ty);
        quote! { #n: impl Into<#ty> }
    });
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        if f.required {
            quote! { #n: #n.into() }
        } else {
            quote! { #n: None }
        }
    });
    let extra_init = (!s.deny_unknown).then(|| quote! { extra: serde_json::Map::new(), });
    let new_doc = if required.is_empty() {
        format!(" An empty `{}`; add values with the setters.", t.name)
    } else {
        let names: Vec<String> = required
            .iter()
            .map(|f| format!("`{}`", f.json_name))
            .collect();
        format!(
            " A `{}` with its required values ({}); add the rest with the setters.",
            t.name,
            names.join(", ")
        )
    };
    let setters = s.fields.iter().filter(|f| !f.required).map(|f| {
        let n = ident(&f.rust_name);
        let ty = rust_type(ir, &f.ty);
        let doc = format!(" Sets `{}`: {}", f.json_name, first_sentence(&f.doc));
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #n(mut self, value: impl Into<#ty>) -> Self {
                self.#n = Some(value.into());
                self
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #default
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extra
        }

        #decode

        impl #name {
            #[doc = #new_doc]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits,)* #extra_init }
            }
            #(#setters)*
        }
    }
}

fn field_decl(ir: &Ir, f: &Field) -> TokenStream {
    let n = ident(&f.rust_name);
    let docs = doc_attrs(&f.doc);
    let ty = rust_type(ir, &f.ty);
    let rename = (f.rust_name != f.json_name).then(|| {
        let j = &f.json_name;
        quote! { #[serde(rename = #j)] }
    });
    if f.required {
        quote! { #docs #rename pub #n: #ty, }
    } else {
        quote! {
            #docs
            #rename
            #[serde(skip_serializing_if = "Option::is_none")]
            pub #n: Option<#ty>,
        }
    }
}

fn first_sentence(doc: &str) -> &str {
    match doc.find(". ") {
        Some(i) => &doc[..=i],
        None => doc,
    }
}

fn enum_def(t: &TypeDef, e: &IntEnumDef) -> TokenStream {
    let name = ident(&t.name);
    let docs = doc_attrs(&t.doc);
    let vnames: Vec<_> = e
        .variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let vdocs = e
        .variants
        .iter()
        .map(|v| doc_attrs(&format!("{} = {}", v.value, v.doc)));
    let codes: Vec<u64> = e.variants.iter().map(|v| v.value).collect();
    let type_name = &t.name;
    let (other_variant, other_code, from_code, decode) = if e.open {
        (
            quote! {
                /// A code this crate does not know (a connected channel's id, a new status, …), kept as received.
                Other(u64),
            },
            quote! { Self::Other(n) => n, },
            quote! {
                /// The variant for a code; unknown codes become `Other`.
                pub const fn from_code(code: u64) -> Self {
                    match code {
                        #(#codes => Self::#vnames,)*
                        n => Self::Other(n),
                    }
                }
            },
            quote! {
                match raw.to_u64(crate::runtime::LENIENT_INT_MAX, crate::runtime::LENIENT_INT_MAX_DIGITS) {
                    Some(n) => Ok(Self::from_code(n)),
                    None => Err(serde::de::Error::custom(format!(
                        "{} is not a valid {} (a whole number of at most 15 digits)",
                        raw.describe(),
                        #type_name
                    ))),
                }
            },
        )
    } else {
        let checks = e.variants.iter().map(|v| {
            let vn = format_ident!("{}", v.name);
            let conds = v.accepts.iter().map(|a| match a {
                serde_json::Value::String(s) => quote! { raw.is_str(#s) },
                other => {
                    let n = other.as_u64().unwrap_or(v.value);
                    quote! { raw.is_number(#n) }
                }
            });
            quote! {
                if #(#conds)||* {
                    return Ok(Self::#vn);
                }
            }
        });
        let allowed: Vec<String> = e
            .variants
            .iter()
            .flat_map(|v| v.accepts.iter().map(|a| a.to_string()))
            .collect();
        let allowed = allowed.join(", ");
        (
            quote! {},
            quote! {},
            quote! {
                /// The variant for a code, if it is one of the documented ones.
                pub const fn from_code(code: u64) -> Option<Self> {
                    match code {
                        #(#codes => Some(Self::#vnames),)*
                        _ => None,
                    }
                }
            },
            quote! {
                #(#checks)*
                Err(serde::de::Error::custom(format!(
                    "{} is not a valid {} (expected one of {})",
                    raw.describe(),
                    #type_name,
                    #allowed
                )))
            },
        )
    };
    let from_u64 = e.open.then(|| {
        quote! {
            impl From<u64> for #name {
                fn from(code: u64) -> Self {
                    Self::from_code(code)
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#vdocs #vnames,)*
            #other_variant
        }

        impl #name {
            /// The code sent on the wire.
            pub const fn code(self) -> u64 {
                match self {
                    #(Self::#vnames => #codes,)*
                    #other_code
                }
            }

            #from_code
        }

        #from_u64

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_u64(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <crate::runtime::Raw as serde::Deserialize>::deserialize(deserializer)?;
                #decode
            }
        }
    }
}
