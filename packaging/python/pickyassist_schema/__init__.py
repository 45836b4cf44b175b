"""The Picky Assist API schemas (from pickyassist-rs) for Python.

``validate(type_name, payload)`` checks a payload against a type of the bundle
(JSON Schema 2020-12, with ``jsonschema``) and returns every error, each with
its JSON pointer and message; ``pickyassist_schema.models`` holds pydantic v2
models of every type; ``BUNDLE`` and ``OPENAPI`` are the documents themselves.
"""

import difflib
import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any, Dict, List, Tuple, Union

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

__all__ = ["BUNDLE", "OPENAPI", "TYPE_NAMES", "Error", "UnknownTypeError", "validate", "validate_json"]


def _load(name: str) -> Dict[str, Any]:
    return json.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))


BUNDLE: Dict[str, Any] = _load("pickyassist.bundle.json")
OPENAPI: Dict[str, Any] = _load("pickyassist.openapi.json")
TYPE_NAMES: Tuple[str, ...] = tuple(sorted(BUNDLE["$defs"]))


@dataclass(frozen=True)
class Error:
    """One broken rule: where (a JSON pointer into the payload), what (the
    schema's own ``x-message`` where it has one), and the keyword that failed."""

    pointer: str
    message: str
    keyword: str


class UnknownTypeError(KeyError):
    """``validate`` was given a type name the bundle does not define."""

    def __str__(self) -> str:
        return str(self.args[0])


_VALIDATORS: Dict[str, Draft202012Validator] = {}


def _validator(type_name: str) -> Draft202012Validator:
    if not isinstance(type_name, str):
        raise UnknownTypeError(f"a type name is a string, not {type(type_name).__name__} "
                               "(see pickyassist_schema.TYPE_NAMES)")
    if type_name not in _VALIDATORS:
        if type_name not in BUNDLE["$defs"]:
            near = difflib.get_close_matches(type_name, TYPE_NAMES, n=1)
            hint = f'; did you mean "{near[0]}"?' if near else ""
            raise UnknownTypeError(f'unknown type "{type_name}"{hint} (see pickyassist_schema.TYPE_NAMES)')
        _VALIDATORS[type_name] = Draft202012Validator({"$ref": f"#/$defs/{type_name}", "$defs": BUNDLE["$defs"]})
    return _VALIDATORS[type_name]


def _pointer(parts: List[Any]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _found(value: Any) -> str:
    """The value by kind and size, never its content: a payload carries phone
    numbers, message texts and the token, which must not reach a log through
    an error (jsonschema's own messages quote the value)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        text = json.dumps(value)
        return text if len(text) <= 3 else f"a number of {len(text)} characters"
    if isinstance(value, str):
        return f"a string of {len(value)} characters"
    if isinstance(value, list):
        return f"an array of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        return f"an object of {len(value)} key{'' if len(value) == 1 else 's'}"
    return f"a {type(value).__name__}"


def _message(e: ValidationError) -> str:
    """What is wrong, in words that quote the schema, never the payload."""
    rule, limit, found = e.validator, e.validator_value, _found(e.instance)
    words = {
        "type": lambda: f"expected {' or '.join(limit) if isinstance(limit, list) else limit}, found {found}",
        "enum": lambda: f"not one of the {len(limit)} allowed values (found {found})",
        "const": lambda: f"not the one allowed value (found {found})",
        "pattern": lambda: f"does not match the pattern {limit} (found {found})",
        "minLength": lambda: f"shorter than {limit} characters (found {found})",
        "maxLength": lambda: f"longer than {limit} characters (found {found})",
        "minimum": lambda: f"less than {limit} (found {found})",
        "maximum": lambda: f"more than {limit} (found {found})",
        "exclusiveMinimum": lambda: f"not more than {limit} (found {found})",
        "exclusiveMaximum": lambda: f"not less than {limit} (found {found})",
        "multipleOf": lambda: f"not a multiple of {limit} (found {found})",
        "minItems": lambda: f"fewer than {limit} items (found {found})",
        "maxItems": lambda: f"more than {limit} items (found {found})",
        "uniqueItems": lambda: "items are repeated",
        "contains": lambda: "no item is of the required form",
        "minProperties": lambda: f"fewer than {limit} keys (found {found})",
        "maxProperties": lambda: f"more than {limit} keys (found {found})",
        "anyOf": lambda: f"none of the allowed forms (found {found})",
        "oneOf": lambda: f"not exactly one of the allowed forms (found {found})",
        "not": lambda: f"a form that is not allowed here (found {found})",
    }
    make = words.get(rule)
    return make() if make else f"breaks {rule} (found {found})"


def _could_be_personal(key: str) -> bool:
    """Whether a key, used as a name, could be a phone number or a token (as
    the Rust messages decide): six digits or more, or 32 characters or more."""
    return sum(c in "0123456789" for c in key) >= 6 or len(key) >= 32


def _unknown_key(key: str, owner: str) -> str:
    if _could_be_personal(key):
        return (f"unknown key in {owner}: a name of {len(key)} characters, not quoted "
                "(it could be a phone number or a token)")
    return f'unknown key "{key}" in {owner}'


def validate(type_name: str, payload: Any) -> List[Error]:
    """Every error of ``payload`` (parsed JSON) as a ``type_name``, sorted by
    pointer; an empty list when it is valid. A missing or unknown key is
    reported at the key. Messages name keys and the schema's limits, never a
    value of the payload."""
    validator = _validator(type_name)
    try:
        return _errors(validator, type_name, payload)
    except RecursionError:
        # jsonschema recurses once per level (and formats the instance for
        # each error): input nested about a thousand levels deep is beyond
        # it. Rust checks such parsed input; JSON text is refused at 127.
        return [Error("", "nested too deep to check (about a thousand levels or more)", "json")]


def _errors(validator: Draft202012Validator, type_name: str, payload: Any) -> List[Error]:
    out: List[Error] = []
    for e in validator.iter_errors(payload):
        at = list(e.absolute_path)
        custom = e.schema.get("x-message") if isinstance(e.schema, dict) else None
        if e.validator == "required" and isinstance(e.instance, dict):
            out += [Error(_pointer(at + [k]), custom or f'missing required key "{k}"', "required")
                    for k in e.validator_value if k not in e.instance]
        elif e.validator == "additionalProperties" and isinstance(e.instance, dict):
            known = e.schema.get("properties", {})
            owner = e.schema.get("title", type_name)
            out += [Error(_pointer(at + [k]), custom or _unknown_key(k, owner), "additionalProperties")
                    for k in e.instance if k not in known]
        elif e.validator == "dependentRequired" and isinstance(e.instance, dict):
            for key, deps in e.validator_value.items():
                if key in e.instance:
                    out += [Error(_pointer(at + [d]), custom or f'"{d}" is required when "{key}" is given',
                                  "dependentRequired") for d in deps if d not in e.instance]
        else:
            out.append(Error(_pointer(at), custom or _message(e), str(e.validator)))
    return sorted(set(out), key=lambda x: (x.pointer, x.keyword, x.message))


class _Object(dict):  # type: ignore[type-arg]
    """A parsed object that remembers the copies of keys it dropped for
    later ones: the keys given more than once, and what those copies hold
    (read like the rest: serde_json refuses a document for it too)."""

    dropped: List[Tuple[str, Any]]


class _NotJson(ValueError):
    """What Python's json module reads but JSON (and serde_json) does not."""


def _refuse_constant(name: str) -> Any:
    raise _NotJson(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _NotJson("number out of range")
    return value


def _finite_int(text: str) -> int:
    # A whole number beyond f64 is out of range for serde_json too.
    if len(text) > 300 and math.isinf(float(text)):
        raise _NotJson("number out of range")
    return int(text)


def _object(pairs: List[Tuple[str, Any]]) -> _Object:
    out = _Object()
    out.dropped = []
    for key, value in pairs:
        if key in out:
            out.dropped.append((key, out[key]))
        out[key] = value  # the last copy wins, as with json.loads
    return out


def _is_text(value: str) -> bool:
    """Whether ``value`` is Unicode text: json.loads keeps a lone surrogate
    (an escaped ``"\\ud800"``), which serde_json refuses."""
    try:
        value.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


# Deepest nesting validate_json reads, as the Rust validate_json.
_MAX_DEPTH = 127


def _repeated_keys(value: Any) -> Union[List[str], str]:
    """The pointer of every key given twice in a value ``_object`` built, or
    why serde_json would not read it: nested deeper than ``_MAX_DEPTH``
    (dropped copies included), or a string that is not Unicode text."""
    found: List[str] = []
    stack: List[Tuple[Any, List[Any]]] = [(value, [])]
    while stack:
        item, at = stack.pop()
        if isinstance(item, str):
            if not _is_text(item):
                return "a lone surrogate is not Unicode text"
            continue
        if not isinstance(item, (dict, list)):
            continue
        if len(at) >= _MAX_DEPTH:
            return f"nested deeper than {_MAX_DEPTH} levels"
        if isinstance(item, _Object):
            # Each key once, however many copies it had (a dict, not a
            # scan of a list: 40 000 repeated keys took seconds that way).
            found += [_pointer(at + [k]) for k in dict.fromkeys(k for k, _ in item.dropped)]
            stack += [(child, at + [k]) for k, child in item.dropped]
        if isinstance(item, dict):
            if not all(_is_text(k) for k in item):
                return "a lone surrogate is not Unicode text"
            children = item.items()
        else:
            children = enumerate(item)
        stack += [(child, at + [step]) for step, child in children]
    return sorted(found)


def validate_json(type_name: str, text: Union[str, bytes]) -> List[Error]:
    """``validate`` of a JSON text, as the Rust ``validate_json`` reads one:
    text that is not JSON (or nested deeper than 127 levels) is one error at
    the root (keyword ``json``), and in
    a type we send (one that refuses unknown keys, such as ``PushRequest``)
    every key given twice is an error at its pointer (keyword
    ``duplicateKey``): servers differ on which copy they read. In a type we
    receive the last copy wins."""
    _validator(type_name)  # an unknown type name fails first
    try:
        # UTF-8 only, as serde_json: json.loads would guess UTF-16 or UTF-32
        # from bytes, and take an encoded surrogate.
        if isinstance(text, (bytes, bytearray)):
            text = bytes(text).decode("utf-8")
        payload = json.loads(text, object_pairs_hook=_object, parse_constant=_refuse_constant,
                             parse_float=_finite_float, parse_int=_finite_int)
    except RecursionError:
        return [Error("", "not valid JSON: nested too deep", "json")]
    except _NotJson as e:
        return [Error("", f"not valid JSON: {e}", "json")]
    except ValueError as e:
        # The decoder's own words and place, never the text around it.
        where = f" at line {e.lineno} column {e.colno}" if isinstance(e, json.JSONDecodeError) else ""
        reason = e.msg if isinstance(e, json.JSONDecodeError) else "not UTF-8"
        return [Error("", f"not valid JSON: {reason}{where}", "json")]
    repeated = _repeated_keys(payload)
    if isinstance(repeated, str):
        return [Error("", f"not valid JSON: {repeated}", "json")]
    out = validate(type_name, payload)
    if BUNDLE["$defs"][type_name].get("additionalProperties") is False:
        for pointer in repeated:
            key = pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
            named = "this key" if _could_be_personal(key) else f'"{key}"'
            out.append(Error(pointer, f'{named} is given more than once; servers differ on which copy they read, '
                                      "so give it once", "duplicateKey"))
    return sorted(set(out), key=lambda x: (x.pointer, x.keyword, x.message))
