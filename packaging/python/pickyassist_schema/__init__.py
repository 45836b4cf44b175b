"""The Picky Assist API schemas (from pickyassist-rs) for Python.

``validate(type_name, payload)`` checks a payload against a type of the bundle
(JSON Schema 2020-12, with ``jsonschema``) and returns every error, each with
its JSON pointer and message; ``pickyassist_schema.models`` holds pydantic v2
models of every type; ``BUNDLE`` and ``OPENAPI`` are the documents themselves.
"""

import difflib
import json
from dataclasses import dataclass
from importlib import resources

from jsonschema import Draft202012Validator

__all__ = ["BUNDLE", "OPENAPI", "TYPE_NAMES", "Error", "UnknownTypeError", "validate"]


def _load(name):
    return json.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))


BUNDLE = _load("pickyassist.bundle.json")
OPENAPI = _load("pickyassist.openapi.json")
TYPE_NAMES = tuple(sorted(BUNDLE["$defs"]))


@dataclass(frozen=True)
class Error:
    """One broken rule: where (a JSON pointer into the payload), what (the
    schema's own ``x-message`` where it has one), and the keyword that failed."""

    pointer: str
    message: str
    keyword: str


class UnknownTypeError(KeyError):
    """``validate`` was given a type name the bundle does not define."""

    def __str__(self):
        return self.args[0]


_VALIDATORS = {}


def _validator(type_name):
    if type_name not in _VALIDATORS:
        if type_name not in BUNDLE["$defs"]:
            near = difflib.get_close_matches(type_name, TYPE_NAMES, n=1)
            hint = f'; did you mean "{near[0]}"?' if near else ""
            raise UnknownTypeError(f'unknown type "{type_name}"{hint} (see pickyassist_schema.TYPE_NAMES)')
        _VALIDATORS[type_name] = Draft202012Validator({"$ref": f"#/$defs/{type_name}", "$defs": BUNDLE["$defs"]})
    return _VALIDATORS[type_name]


def _pointer(parts):
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def validate(type_name, payload):
    """Every error of ``payload`` (parsed JSON) as a ``type_name``, sorted by
    pointer; an empty list when it is valid. A missing or unknown key is
    reported at the key."""
    out = []
    for e in _validator(type_name).iter_errors(payload):
        at = list(e.absolute_path)
        custom = e.schema.get("x-message") if isinstance(e.schema, dict) else None
        if e.validator == "required":
            out += [Error(_pointer(at + [k]), custom or f'missing required key "{k}"', "required")
                    for k in e.validator_value if k not in e.instance]
        elif e.validator == "additionalProperties":
            known = e.schema.get("properties", {})
            out += [Error(_pointer(at + [k]), custom or f'unknown key "{k}" in {type_name}', "additionalProperties")
                    for k in e.instance if k not in known]
        elif e.validator == "dependentRequired":
            for key, deps in e.validator_value.items():
                if key in e.instance:
                    out += [Error(_pointer(at + [d]), custom or f'"{d}" is required when "{key}" is given',
                                  "dependentRequired") for d in deps if d not in e.instance]
        else:
            out.append(Error(_pointer(at), custom or e.message, e.validator))
    return sorted(set(out), key=lambda x: (x.pointer, x.keyword, x.message))
