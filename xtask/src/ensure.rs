//! The one place that writes generated files (after rust-analyzer's
//! `ensure_file_contents`): compare with disk, write only what changed, and in
//! check mode fail with the file names, a diff and the command to run.

use pickyassist_codegen::{GeneratedFile, Output};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Write the files, or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Bring the tree up to date.
    Write,
    /// Change nothing; fail if anything is stale.
    Check,
}

/// Applies a generator run to the tree at `root`. Returns a report of what was
/// written, or (check mode) an error naming every stale file.
pub fn apply(root: &Path, out: &Output, mode: Mode) -> Result<String, String> {
    apply_files(root, &out.files, &out.owned_dirs, mode)
}

/// [`apply`] for any set of files and the folders they own.
pub fn apply_files(
    root: &Path,
    files: &[GeneratedFile],
    owned_dirs: &[PathBuf],
    mode: Mode,
) -> Result<String, String> {
    let mut report = String::new();
    let mut stale = Vec::new();
    let produced: BTreeSet<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    for f in files {
        let abs = root.join(&f.path);
        // A checkout with CRLF line ends (git on Windows without our
        // .gitattributes) holds the same text.
        let current = std::fs::read_to_string(&abs)
            .ok()
            .map(|text| text.replace("\r\n", "\n"));
        if current.as_deref() == Some(f.contents.as_str()) {
            continue;
        }
        match mode {
            Mode::Check => stale.push(Stale::Differs {
                path: f.path.clone(),
                diff: diff(current.as_deref().unwrap_or(""), &f.contents),
            }),
            Mode::Write => {
                if let Some(dir) = abs.parent() {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                }
                std::fs::write(&abs, &f.contents)
                    .map_err(|e| format!("cannot write {}: {e}", abs.display()))?;
                let _ = writeln!(report, "wrote {}", f.path.display());
            }
        }
    }
    for dir in owned_dirs {
        for orphan in orphans(root, dir, &produced) {
            match mode {
                Mode::Check => stale.push(Stale::Orphan(orphan)),
                Mode::Write => {
                    std::fs::remove_file(root.join(&orphan))
                        .map_err(|e| format!("cannot remove {}: {e}", orphan.display()))?;
                    let _ = writeln!(report, "removed {}", orphan.display());
                }
            }
        }
    }
    if !stale.is_empty() {
        let mut msg = String::new();
        for s in &stale {
            match s {
                Stale::Differs { path, diff } => {
                    let _ = writeln!(msg, "stale generated file: {}\n{diff}", path.display());
                }
                Stale::Orphan(path) => {
                    let _ = writeln!(
                        msg,
                        "orphaned generated file (no schema produces it): {}",
                        path.display()
                    );
                }
            }
        }
        let _ = write!(
            msg,
            "{} generated file(s) out of date; run `cargo xtask codegen` and commit the result",
            stale.len()
        );
        return Err(msg);
    }
    let _ = writeln!(
        report,
        "{} generated files {}",
        files.len(),
        if mode == Mode::Check {
            "are up to date"
        } else {
            "checked"
        }
    );
    Ok(report)
}

enum Stale {
    Differs { path: PathBuf, diff: String },
    Orphan(PathBuf),
}

fn orphans(root: &Path, dir: &Path, produced: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .map(|e| dir.join(e.file_name()))
        .filter(|p| !produced.contains(p))
        .collect();
    found.sort();
    found
}

fn diff(old: &str, new: &str) -> String {
    let d = similar::TextDiff::from_lines(old, new);
    let text = d
        .unified_diff()
        .context_radius(2)
        .header("on disk", "generated")
        .to_string();
    const LIMIT: usize = 4000;
    if text.len() > LIMIT {
        let cut = (0..=LIMIT)
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0);
        format!("{}\n… (diff truncated)", &text[..cut])
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-ensure-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    fn one(contents: &str) -> Vec<GeneratedFile> {
        vec![GeneratedFile {
            path: PathBuf::from("a.rs"),
            contents: contents.to_string(),
        }]
    }

    #[test]
    fn crlf_line_ends_are_not_stale() {
        let root = scratch("crlf");
        std::fs::write(root.join("a.rs"), "// one\r\n// two\r\n").expect("write");
        assert!(apply_files(&root, &one("// one\n// two\n"), &[], Mode::Check).is_ok());
    }

    #[test]
    fn a_changed_line_is_stale_and_named() {
        let root = scratch("stale");
        std::fs::write(root.join("a.rs"), "// one\n// two\n").expect("write");
        let err =
            apply_files(&root, &one("// one\n// three\n"), &[], Mode::Check).expect_err("stale");
        assert!(err.contains("stale generated file: a.rs"), "{err}");
        assert!(err.contains("three"), "{err}");
    }
}
