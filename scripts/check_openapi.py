"""The OpenAPI 3.1 document and the two hand-written indexes, checked with
Python tools: openapi-spec-validator on schema/pickyassist.openapi.json,
jsonschema on schema/endpoints.json and schema/docs_index.json (against
schema/meta/*.schema.json), and the document's components equal the bundle's
$defs (with #/$defs/ references pointing at #/components/schemas/).

    python scripts/check_openapi.py
"""

import json
import sys
from pathlib import Path

import jsonschema
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


def main():
    failures = 0
    spec = load("schema/pickyassist.openapi.json")
    validate(spec)
    print(f"openapi-spec-validator: valid OpenAPI {spec['openapi']}, "
          f"{len(spec['paths'])} paths, webhooks {sorted(spec['webhooks'])}, "
          f"{len(spec['components']['schemas'])} component schemas")
    if spec["components"]["schemas"] != rewrite(load("schema/pickyassist.bundle.json")["$defs"]):
        print("components/schemas differ from the bundle's $defs")
        failures += 1
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
