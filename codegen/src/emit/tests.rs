//! Cases → one `#[test]` per case file, grouped in a module per type.

use super::{format_file, ident};
use crate::cases::Case;
use crate::ir::Ir;
use crate::output::GeneratedFile;
use crate::{paths, Error};
use heck::ToSnakeCase;
use quote::{format_ident, quote};

/// Generated test files reach the case files from `tests/conformance/generated/`.
const TO_ROOT: &str = "../../../";
use std::path::PathBuf;

/// The generated conformance test files.
pub fn files(ir: &Ir, cases: &[Case]) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = Vec::new();
    let mut mods = Vec::new();
    for t in &ir.types {
        let mine: Vec<&Case> = cases.iter().filter(|c| c.type_name == t.name).collect();
        if mine.is_empty() {
            continue;
        }
        let ty = ident(&t.name);
        let tests = mine.iter().map(|c| {
            let kind = if c.valid { "valid" } else { "invalid" };
            let f = format_ident!("{kind}_{}", c.name);
            let kind = format_ident!("{kind}");
            let path = &c.path;
            let rel = format!("{TO_ROOT}{}", c.path);
            quote! { case!(#f, #kind, #ty, #path, #rel); }
        });
        let module = t.name.to_snake_case();
        let path = format!("{}/{module}.rs", paths::TESTS_DIR);
        let doc = format!(
            " Conformance cases for `{}` (`schema/cases/{}/`).",
            t.name, t.name
        );
        let tokens = quote! {
            #![doc = #doc]
            #(#tests)*
        };
        files.push(GeneratedFile {
            contents: format_file(&path, tokens)?,
            path: PathBuf::from(path),
        });
        mods.push(ident(&module));
    }
    let path = format!("{}/mod.rs", paths::TESTS_DIR);
    let tokens = quote! {
        //! One test per file under `schema/cases/`. Regenerate with `cargo xtask codegen`.
        #(mod #mods;)*
    };
    files.push(GeneratedFile {
        contents: format_file(&path, tokens)?,
        path: PathBuf::from(path),
    });
    Ok(files)
}

/// `tests/e2e/generated/mod.rs`: every client method against the mock, with
/// a valid docs case of its request, and every status code its page lists.
pub fn endpoint_files(
    ir: &crate::ir::Ir,
    index: &crate::endpoints::Index,
    cases: &[Case],
) -> Result<Vec<GeneratedFile>, Error> {
    let mut tests = Vec::new();
    for e in &index.endpoints {
        let case = crate::cases::preferred(cases, &e.request, |_| true).ok_or_else(|| {
            Error::new(
                "endpoints.json",
                "",
                format!("{} has no valid case to call {} with", e.request, e.name),
            )
        })?;
        let method = ident(&e.name);
        let req = ident(&e.request);
        let rel = format!("{TO_ROOT}{}", case.path);
        let codes = e
            .codes
            .iter()
            .filter(|c| **c != 100)
            .map(|c| proc_macro2::Literal::u64_unsuffixed(*c));
        // A request that is only the token: the method takes no request.
        let token_only = matches!(
            ir.get(&e.request).map(|t| &t.shape),
            Some(crate::ir::Shape::Struct(s)) if s.fields.iter().all(|f| f.json_name == "token")
        );
        tests.push(if token_only {
            quote! { endpoint_test!(#method, token_only, [#(#codes),*]); }
        } else {
            quote! { endpoint_test!(#method, #req, #rel, [#(#codes),*]); }
        });
    }
    let path = format!("{}/mod.rs", paths::E2E_DIR);
    let tokens = quote! {
        //! Every endpoint of the index against the mock: a docs case is accepted,
        //! and each status code its page lists comes back as that `Error::Api`.
        #(#tests)*
    };
    Ok(vec![GeneratedFile {
        contents: format_file(&path, tokens)?,
        path: PathBuf::from(path),
    }])
}
