"""The OpenAPI documents and the two hand-written indexes, checked with
Python tools: openapi-spec-validator on schema/pickyassist.openapi.json (3.1)
and schema/pickyassist.openapi-3.0.json (3.0.3), jsonschema on
schema/endpoints.json and schema/docs_index.json (against
schema/meta/*.schema.json), the 3.1 document's components equal the bundle's
$defs (with #/$defs/ references pointing at #/components/schemas/), and the
3.0 document's schemas give, in an OpenAPI 3.0 validator, the verdicts the
bundle gives without its conditional rules (which 3.0 keeps as x- extensions)
on every case, and on a corpus.

    python scripts/check_openapi.py [--corpus FILE]
"""

import json
import sys
from pathlib import Path

import jsonschema
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parent.parent


def load(rel):
    return json.loads((ROOT / rel).read_text(encoding="utf-8"))


def rewrite(value):
    """#/$defs/X -> #/components/schemas/X, outside enum/const/x-enum/examples."""
    if isinstance(value, dict):
        out = {}
        for key, child in value.items():
            if key == "$ref" and isinstance(child, str) and child.startswith("#/$defs/"):
                out[key] = "#/components/schemas/" + child[len("#/$defs/"):]
            elif key in ("enum", "const", "x-enum", "examples"):
                out[key] = child
            else:
                out[key] = rewrite(child)
        return out
    if isinstance(value, list):
        return [rewrite(v) for v in value]
    return value


# Keywords the 3.0 rendering keeps only as x- extensions (codegen/src/openapi30.rs).
CONDITIONALS = ("if", "then", "else", "dependentRequired", "contains")


def without_conditionals(value):
    """The bundle's schemas without the rules 3.0 cannot state."""
    if isinstance(value, dict):
        out = {}
        for key, child in value.items():
            if key in CONDITIONALS:
                continue
            if key in ("anyOf", "oneOf") and all(isinstance(b, dict) and "required" in b and all(
                    k == "required" or k.startswith("x-") or k in ("$comment", "description", "title")
                    for k in b) for b in child):
                continue
            out[key] = child if key in ("enum", "const", "x-enum", "examples") else without_conditionals(child)
        return out
    if isinstance(value, list):
        return [without_conditionals(v) for v in value]
    return value


def check_openapi_30(bundle, corpus):
    """The 3.0 document against the bundle without its conditionals: the same
    verdict on every case and corpus payload (and so every valid case is valid)."""
    spec = load("schema/pickyassist.openapi-3.0.json")
    validate(spec)
    print(f"openapi-spec-validator: valid OpenAPI {spec['openapi']}, {len(spec['paths'])} paths, "
          f"x-webhooks {sorted(spec['x-webhooks'])}, {len(spec['components']['schemas'])} component schemas")
    components = {"components": spec["components"]}
    shapes = {"$defs": without_conditionals(bundle["$defs"])}
    full = {"$defs": bundle["$defs"]}
    cache = {}

    def verdicts(type_name, payload):
        if type_name not in cache:
            cache[type_name] = (
                OAS30Validator({"$ref": f"#/components/schemas/{type_name}", **components}),
                jsonschema.Draft202012Validator({"$ref": f"#/$defs/{type_name}", **shapes}),
                jsonschema.Draft202012Validator({"$ref": f"#/$defs/{type_name}", **full}),
            )
        return tuple(v.is_valid(payload) for v in cache[type_name])

    payloads = []
    for case in sorted((ROOT / "schema" / "cases").glob("*/*/*.json")):
        doc = json.loads(case.read_text(encoding="utf-8"))
        payload = doc if case.parent.name == "valid" else doc["payload"]
        payloads.append((str(case.relative_to(ROOT)), case.parent.parent.name, payload))
    if corpus:
        with open(corpus, encoding="utf-8") as lines:
            for n, line in enumerate(lines):
                if line.strip():
                    entry = json.loads(line)
                    payloads.append((f"corpus line {n + 1}", entry["type"], entry["payload"]))
    failures = refused = invalid = 0
    for where, type_name, payload in payloads:
        v30, v_shapes, v_full = verdicts(type_name, payload)
        invalid += not v_full
        refused += not v_full and not v30
        if v30 != v_shapes or (v_full and not v30):
            failures += 1
            if failures <= 20:
                print(f"DISAGREE {where} ({type_name}): OpenAPI 3.0 {'valid' if v30 else 'invalid'}, "
                      f"bundle without conditionals {'valid' if v_shapes else 'invalid'}, bundle {'valid' if v_full else 'invalid'}")
    print(f"openapi 3.0 (OAS30Validator): {len(payloads) - failures} of {len(payloads)} payloads (cases"
          f"{' and corpus' if corpus else ''}) get the verdict of the bundle without conditionals, {failures} do not; "
          f"it refuses {refused} of the {invalid} the bundle refuses (the rest break only conditional rules)")
    return failures


def main():
    failures = 0
    corpus = sys.argv[sys.argv.index("--corpus") + 1] if "--corpus" in sys.argv else None
    spec = load("schema/pickyassist.openapi.json")
    validate(spec)
    print(f"openapi-spec-validator: valid OpenAPI {spec['openapi']}, "
          f"{len(spec['paths'])} paths, webhooks {sorted(spec['webhooks'])}, "
          f"{len(spec['components']['schemas'])} component schemas")
    bundle = load("schema/pickyassist.bundle.json")
    if spec["components"]["schemas"] != rewrite(bundle["$defs"]):
        print("components/schemas differ from the bundle's $defs")
        failures += 1
    failures += check_openapi_30(bundle, corpus)
    for index, meta in [("schema/endpoints.json", "schema/meta/endpoints.schema.json"),
                        ("schema/docs_index.json", "schema/meta/docs_index.schema.json")]:
        errors = list(jsonschema.Draft202012Validator(load(meta)).iter_errors(load(index)))
        for e in errors:
            print(f"{index}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
        failures += len(errors)
        print(f"{index}: {'valid' if not errors else f'{len(errors)} errors'} against {meta}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
