#!/usr/bin/env python3
"""Checks every case under schema/cases/ against schema/pickyassist.bundle.json
with Python's jsonschema (Draft 2020-12): valid cases must pass, invalid ones
must fail at exactly the expected pointers (a missing or unknown key is
reported at the key, as the Rust validators do).

Usage: python3 scripts/check_bundle.py [--corpus FILE]   (exit 1 on any disagreement)
  --corpus FILE  also check JSON lines {"type", "errors", "payload"} written by
                 `cargo xtask fuzz --corpus FILE` (the Rust verdicts).
"""
import json
import pathlib
import sys

from jsonschema import Draft202012Validator

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUNDLE = json.loads((ROOT / "schema" / "pickyassist.bundle.json").read_text(encoding="utf-8"))


def pointer(parts):
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def locations(validator, instance):
    out = set()
    for e in validator.iter_errors(instance):
        at = list(e.absolute_path)
        if e.validator == "required":
            out.update(pointer(at + [k]) for k in e.validator_value if k not in e.instance)
        elif e.validator == "additionalProperties":
            known = e.schema.get("properties", {})
            out.update(pointer(at + [k]) for k in e.instance if k not in known)
        elif e.validator == "dependentRequired":
            for key, deps in e.validator_value.items():
                if key in e.instance:
                    out.update(pointer(at + [d]) for d in deps if d not in e.instance)
        else:
            out.add(pointer(at))
    return out


VALIDATORS = {}


def validator_for(type_name):
    if type_name not in VALIDATORS:
        VALIDATORS[type_name] = Draft202012Validator({"$ref": f"#/$defs/{type_name}", "$defs": BUNDLE["$defs"]})
    return VALIDATORS[type_name]


def check_corpus(path):
    checked = failed = 0
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            entry = json.loads(line)
            got, want = locations(validator_for(entry["type"]), entry["payload"]), set(entry["errors"])
            checked += 1
            if got != want:
                failed += 1
                if failed <= 20:
                    shown = json.dumps(entry["payload"], ensure_ascii=False)[:300]
                    print(f"DISAGREE corpus {entry['type']}: rust {sorted(want)}, python {sorted(got)}: {shown}")
    print(f"python-jsonschema: {checked - failed} corpus payloads agree with Rust, {failed} disagree")
    return failed


def check_readme_snippet():
    """Runs the README's Python snippet (from the repository root) and checks
    that it prints exactly what the README says it prints."""
    import contextlib
    import io
    import os
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    if len(blocks) != 1:
        print(f"README: expected one python snippet, found {len(blocks)}")
        return 1
    out = io.StringIO()
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)
        with contextlib.redirect_stdout(out):
            exec(blocks[0], {})
    finally:
        os.chdir(cwd)
    printed = out.getvalue()
    shown = re.search(r"```python\n.*?```\n\nprints:\n\n```text\n(.*?)```", readme, flags=re.S)
    if not shown:
        print("README: the python snippet is not followed by what it prints (a text block)")
        return 1
    if printed != shown.group(1):
        print(f"README python snippet prints:\n{printed}\nbut the README says:\n{shown.group(1)}")
        return 1
    print(f"README python snippet: ran, {len(printed.splitlines())} errors reported")
    return 0


def main():
    checked = failed = 0
    for case in sorted((ROOT / "schema" / "cases").glob("*/*/*.json")):
        type_name, verdict = case.parent.parent.name, case.parent.name
        validator = validator_for(type_name)
        doc = json.loads(case.read_text(encoding="utf-8"))
        if verdict == "valid":
            got, want = locations(validator, doc), set()
        else:
            got, want = locations(validator, doc["payload"]), set(doc["errors"])
        checked += 1
        if got != want:
            failed += 1
            print(f"DISAGREE {case.relative_to(ROOT)}: expected {sorted(want)}, got {sorted(got)}")
    print(f"python-jsonschema: {checked - failed} cases passed, {failed} failed")
    if "--corpus" in sys.argv:
        failed += check_corpus(sys.argv[sys.argv.index("--corpus") + 1])
    failed += check_readme_snippet()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
