//! `cargo xtask package`: the Python wheel and the npm package of the exported
//! schemas, versioned with the crates, under `target/package/{python,npm}/`.
//! The work is done by `packaging/python/build_wheel.py` (needs
//! datamodel-code-generator in `$PYTHON`, default `target/pyenv/bin/python`
//! when present) and `packaging/npm/build.mjs` (needs `scripts/js`'s
//! openapi-typescript, installed here with `npm ci` when missing).

use std::path::Path;
use std::process::Command;

/// Builds both packages; returns the files written.
pub fn run(root: &Path) -> Result<String, String> {
    let version = workspace_version(root)?;
    let out = root.join("target/package");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| {
        let venv = root.join("target/pyenv/bin/python");
        if venv.exists() {
            venv.display().to_string()
        } else {
            "python3".into()
        }
    });
    let generator = root.join("scripts/js/node_modules/.bin/openapi-typescript");
    if !generator.exists() {
        let npm_ci = ["ci", "--prefix", "scripts/js", "--no-audit", "--no-fund"];
        run_in(root, Command::new("npm").args(npm_ci))?;
    }
    let wheel = run_in(
        root,
        Command::new(&python)
            .args(["-W", "ignore", "packaging/python/build_wheel.py", &version])
            .arg(out.join("python")),
    )?;
    let npm = run_in(
        root,
        Command::new("node")
            .args(["packaging/npm/build.mjs", &version])
            .arg(out.join("npm")),
    )?;
    Ok(format!("{wheel}{npm}"))
}

/// `version` of `[workspace.package]` in the root manifest (the crates' version).
pub fn workspace_version(root: &Path) -> Result<String, String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let section = manifest
        .split("[workspace.package]")
        .nth(1)
        .ok_or("no [workspace.package] in Cargo.toml")?;
    section
        .lines()
        .take_while(|l| !l.starts_with('['))
        .find_map(|l| l.strip_prefix("version = "))
        .map(|v| v.trim().trim_matches('"').to_owned())
        .ok_or_else(|| "no version in [workspace.package]".into())
}

/// Runs `command` in `root`; its stdout, or an error naming it.
fn run_in(root: &Path, command: &mut Command) -> Result<String, String> {
    let shown = format!("{command:?}");
    let output = command
        .current_dir(root)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if !output.status.success() {
        return Err(format!("{shown} failed ({})", output.status));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
