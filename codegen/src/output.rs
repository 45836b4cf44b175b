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

/// Generated model lines per schema property: the figure that says whether
/// the generated code stays as compact as hand-written code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    /// Lines in the model crate's generated folder.
    pub lines: usize,
    /// Lines of the runtime's decoding macros, which expand into every
    /// generated type: counted too, so that code moved into a macro still
    /// weighs on the budget.
    pub macro_lines: usize,
    /// `properties` entries in the bundle (every schema object's properties).
    pub properties: usize,
    /// The type with the longest `Model` impl (its validator), and its lines.
    pub largest_validator: (String, usize),
}

impl Budget {
    /// The most generated lines (macros included) per property the project accepts.
    pub const LIMIT: f64 = 25.0;

    /// Lines per property, the runtime's macros included.
    pub fn per_property(&self) -> f64 {
        (self.lines + self.macro_lines) as f64 / self.properties.max(1) as f64
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
            "{} generated model lines + {} lines of runtime macros for {} schema properties: \
             {:.1} lines per property (budget {}); longest validator: {} ({} lines)",
            self.lines,
            self.macro_lines,
            self.properties,
            self.per_property(),
            Self::LIMIT,
            self.largest_validator.0,
            self.largest_validator.1
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
    fn the_macros_count_against_the_budget() {
        let budget = Budget {
            lines: 200,
            macro_lines: 50,
            properties: 10,
            largest_validator: (String::new(), 0),
        };
        assert_eq!(budget.per_property(), 25.0);
    }
}
