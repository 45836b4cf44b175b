#!/usr/bin/env python3
"""The published crates' rust-version is true of their dependencies: every
package they build with (all features, normal and build dependencies, as
Cargo.lock pins them) declares a rust-version no newer than ours. The code's
own use of newer std APIs is caught by clippy's incompatible_msrv lint, which
reads the same rust-version, in the clippy step.

    python3 scripts/check_msrv.py   (exit 1 naming each dependency that needs more)
"""
import json
import subprocess
import sys

PUBLISHED = ["pickyassist-model", "pickyassist", "pickyassist-mock", "pickyassist-cli"]


def version(text):
    return tuple(int(x) for x in (text.split(".") + ["0", "0"])[:3])


def main():
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked"],
        check=True, capture_output=True, text=True).stdout)
    by_id = {(p["name"], p["version"]): p for p in meta["packages"]}
    failed = checked = 0
    for crate in PUBLISHED:
        own = next(p for p in meta["packages"] if p["name"] == crate)
        msrv = version(own["rust_version"])
        tree = subprocess.run(
            ["cargo", "tree", "--locked", "-p", crate, "--all-features", "-e", "normal,build",
             "--prefix", "none", "--format", "{p}"],
            check=True, capture_output=True, text=True).stdout
        needs = []
        for line in sorted(set(tree.splitlines())):
            name, ver = line.split()[:2]
            dep = by_id.get((name, ver.lstrip("v")))
            if dep and dep.get("rust_version") and version(dep["rust_version"]) > msrv:
                needs.append(f"{name} {ver} needs {dep['rust_version']}")
        checked += 1
        if needs:
            failed += 1
            print(f"{crate} declares rust-version {own['rust_version']}, but: {'; '.join(needs)}")
        else:
            print(f"{crate}: rust-version {own['rust_version']} holds for its "
                  f"{len(set(tree.splitlines()))} packages")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
