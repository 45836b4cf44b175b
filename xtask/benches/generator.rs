//! The generator: a full in-memory run, and the `--check` run CI does.

use divan::Bencher;
use std::path::PathBuf;

fn main() {
    divan::main();
}

fn root() -> PathBuf {
    xtask::workspace_root()
}

#[divan::bench]
fn codegen_in_memory(bencher: Bencher) {
    let schema = root().join("schema");
    bencher.bench(|| pickyassist_codegen::generate(&schema).expect("schema is valid"));
}

#[divan::bench]
fn codegen_check(bencher: Bencher) {
    let root = root();
    bencher.bench(|| xtask::codegen(&root, xtask::ensure::Mode::Check).expect("fresh"));
}
