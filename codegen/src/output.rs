//! What a generator run produces: files in memory, for `xtask` to write or compare.

use crate::Error;
use std::path::PathBuf;

/// One generated file: its path relative to the workspace root and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the workspace root, with `/` separators.
    pub path: PathBuf,
    /// Complete file contents.
    pub contents: String,
}

impl GeneratedFile {
    /// A JSON document, pretty-printed, ending with a newline.
    pub fn json(path: &str, doc: &serde_json::Value) -> Result<Self, Error> {
        let text =
            serde_json::to_string_pretty(doc).map_err(|e| Error::new(path, "", e.to_string()))?;
        Ok(Self {
            path: PathBuf::from(path),
            contents: format!("{text}\n"),
        })
    }
}

/// Everything one generator run produces.
#[derive(Debug, Clone)]
pub struct Output {
    /// The files, in a stable order.
    pub files: Vec<GeneratedFile>,
    /// Directories owned by the generator: any other file in them is an orphan.
    pub owned_dirs: Vec<PathBuf>,
    /// Size of the generated model against the schema it comes from.
    pub budget: Budget,
}

/// The size of the generated model, in figures that hiding code cannot
/// improve: no macro of this workspace is called from a generated file (so
/// every impl is counted where it is), lines per schema property, and the
/// longest validator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    /// Lines in the model crate's generated folder.
    pub lines: usize,
    /// `properties` entries in the bundle (every schema object's properties).
    pub properties: usize,
    /// The type with the longest `Model` impl (its validator), and its lines.
    pub largest_validator: (String, usize),
    /// `file:line` of each generated line that calls a macro of this
    /// workspace (`rt::x!`, `crate::x!`): code behind a macro is not counted.
    pub macro_calls: Vec<String>,
}

impl Budget {
    /// The most generated lines per property the project accepts.
    pub const LINES_PER_PROPERTY: f64 = 50.0;
    /// The most lines one type's validator may take (`PushRequest`, with
    /// ten `allOf` rules between its variables, is the longest). Each call
    /// of a rule states the rule's schema path, and the formatter writes a
    /// call with a long path one argument per line: about a fifth of
    /// `PushRequest`'s lines.
    pub const VALIDATOR_LINES: usize = 880;

    /// Measures the generated model files against `properties` schema properties.
    pub fn measure(files: &[GeneratedFile], properties: usize) -> Self {
        Self {
            lines: files.iter().map(|f| f.contents.lines().count()).sum(),
            properties,
            largest_validator: Self::largest_validator(files),
            macro_calls: Self::macro_calls(files),
        }
    }

    /// Lines per property.
    pub fn per_property(&self) -> f64 {
        self.lines as f64 / self.properties.max(1) as f64
    }

    /// What is over budget, one line each; empty when the model is within it.
    pub fn problems(&self) -> Vec<String> {
        let mut problems: Vec<String> = self
            .macro_calls
            .iter()
            .map(|at| format!("{at} calls a workspace macro; write the code out"))
            .collect();
        if self.per_property() > Self::LINES_PER_PROPERTY {
            problems.push(format!(
                "{:.1} generated lines per property (limit {})",
                self.per_property(),
                Self::LINES_PER_PROPERTY
            ));
        }
        if self.largest_validator.1 > Self::VALIDATOR_LINES {
            problems.push(format!(
                "the validator of {} has {} lines (limit {})",
                self.largest_validator.0,
                self.largest_validator.1,
                Self::VALIDATOR_LINES
            ));
        }
        problems
    }

    /// Generated lines that invoke a macro through `rt::` or `crate::`.
    fn macro_calls(files: &[GeneratedFile]) -> Vec<String> {
        let mut calls = Vec::new();
        for f in files {
            for (i, line) in f.contents.lines().enumerate() {
                let calls_macro = ["rt::", "crate::", "$crate::"].iter().any(|prefix| {
                    line.match_indices(prefix).any(|(at, _)| {
                        let rest = &line[at + prefix.len()..];
                        let name_end = rest
                            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                            .unwrap_or(rest.len());
                        name_end > 0 && rest[name_end..].starts_with('!')
                    })
                });
                if calls_macro {
                    calls.push(format!("{}:{}", f.path.display(), i + 1));
                }
            }
        }
        calls
    }

    /// The longest `impl rt::Model for …` block of each generated file.
    pub fn largest_validator(files: &[GeneratedFile]) -> (String, usize) {
        let mut largest = (String::new(), 0);
        for f in files {
            let lines: Vec<&str> = f.contents.lines().collect();
            let Some(start) = lines
                .iter()
                .position(|l| l.starts_with("impl rt::Model for "))
            else {
                continue;
            };
            let len = lines[start..]
                .iter()
                .position(|l| *l == "}")
                .map_or(lines.len() - start, |end| end + 1);
            if len > largest.1 {
                let name = lines[start]
                    .trim_start_matches("impl rt::Model for ")
                    .trim_end_matches(" {");
                largest = (name.to_string(), len);
            }
        }
        largest
    }
}

impl std::fmt::Display for Budget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} generated model lines for {} schema properties: {:.1} lines per property \
             (limit {}); longest validator: {} ({} lines, limit {}); \
             workspace macros called from generated files: {}",
            self.lines,
            self.properties,
            self.per_property(),
            Self::LINES_PER_PROPERTY,
            self.largest_validator.0,
            self.largest_validator.1,
            Self::VALIDATOR_LINES,
            self.macro_calls.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: PathBuf::from(name),
            contents: contents.to_string(),
        }
    }

    #[test]
    fn the_longest_model_impl_is_named_with_its_lines() {
        let files = [
            file("a.rs", "pub struct A;\nimpl rt::Model for A {\n    x\n}\n"),
            file(
                "b.rs",
                "impl rt::Model for B {\n    x\n    y\n    z\n}\nimpl Other for B {}\n",
            ),
            file("c.rs", "pub struct C;\n"),
        ];
        assert_eq!(Budget::largest_validator(&files), ("B".to_string(), 5));
    }

    #[test]
    fn a_macro_call_in_a_generated_file_is_over_budget() {
        let files = [
            file("a.rs", "fn f() {\n    rt::model_struct!(A);\n}\n"),
            file("b.rs", "let x = crate::y;\nformat!(\"{x}\");\n"),
        ];
        let budget = Budget::measure(&files, 100);
        assert_eq!(budget.macro_calls, ["a.rs:2"]);
        assert_eq!(budget.problems().len(), 1, "{:?}", budget.problems());
    }

    #[test]
    fn lines_per_property_and_the_longest_validator_have_limits() {
        let mut budget = Budget {
            lines: 5_100,
            properties: 100,
            largest_validator: ("Big".to_string(), Budget::VALIDATOR_LINES + 1),
            macro_calls: Vec::new(),
        };
        assert_eq!(budget.problems().len(), 2, "{:?}", budget.problems());
        budget.lines = 5_000;
        budget.largest_validator.1 = Budget::VALIDATOR_LINES;
        assert!(budget.problems().is_empty());
    }
}
