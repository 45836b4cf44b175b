#!/usr/bin/env python3
"""Checks the installed pickyassist_schema wheel (run from a fresh venv, outside
the source tree, by .ci/run): every case under schema/cases/ gets its verdict
and exactly its pointers from validate(), the corpus gets the Rust verdicts,
messages come from the bundle's x-message where it has one and never quote
the payload, validate_json reports keys given twice in a request, an unknown type
name fails with a hint, and the pydantic models parse every valid case.

    python check_installed.py SCHEMA_DIR CORPUS_JSONL
"""
import json
import sys
from importlib.metadata import version
from pathlib import Path

import pickyassist_schema
from pickyassist_schema import UnknownTypeError, validate


def x_messages(value, found):
    if isinstance(value, dict):
        if isinstance(value.get("x-message"), str):
            found.add(value["x-message"])
        for child in value.values():
            x_messages(child, found)
    elif isinstance(value, list):
        for child in value:
            x_messages(child, found)
    return found


def main(schema_dir, corpus):
    failed = 0
    if "site-packages" not in pickyassist_schema.__file__:
        print(f"pickyassist_schema imported from {pickyassist_schema.__file__}, not an installed wheel")
        failed += 1
    custom = x_messages(pickyassist_schema.BUNDLE, set())
    cases = used_custom = 0
    for case in sorted(Path(schema_dir, "cases").glob("*/*/*.json")):
        type_name, verdict = case.parent.parent.name, case.parent.name
        doc = json.loads(case.read_text(encoding="utf-8"))
        payload, want = (doc, set()) if verdict == "valid" else (doc["payload"], set(doc["errors"]))
        errors = validate(type_name, payload)
        if not all(isinstance(e.pointer, str) and isinstance(e.message, str) and e.message for e in errors):
            print(f"{case}: an error without a pointer or message: {errors}")
            failed += 1
        used_custom += sum(e.message in custom for e in errors)
        got = {e.pointer for e in errors}
        cases += 1
        if got != want:
            failed += 1
            print(f"DISAGREE {case}: expected {sorted(want)}, got {sorted(got)}")
    if used_custom == 0:
        print("no error message came from the bundle's x-message")
        failed += 1
    lines = [json.loads(line) for line in Path(corpus).read_text(encoding="utf-8").splitlines() if line.strip()]
    corpus_failed = 0
    for entry in lines:
        got = {e.pointer for e in validate(entry["type"], entry["payload"])}
        if got != set(entry["errors"]):
            corpus_failed += 1
            if corpus_failed <= 20:
                print(f"DISAGREE corpus {entry['type']}: rust {sorted(entry['errors'])}, python {sorted(got)}")
    # No message quotes the payload: it carries numbers, texts and the token.
    secret, number, text = "T0KEN-do-not-print", "919812345678", "private message text"
    leaky = [
        ("PushRequest", {"token": [secret, number], "application": text, "globalmessage": 7,
                         "data": {"number": number, "message": text}, "media_name": f"{text} {number}"}),
        ("PushRequest", {"token": secret, "application": 1, "globalmessage": "x",
                         "data": [{"number": f"+{number}", "message": [text]}], "priority": text}),
        ("WebhookReply", {"message-out": "", "delay": f"{number}"}),
        ("PushResponse", {"status": text, "data": number}),
        # A PHP map keyed by number, and a token as a key.
        ("PushRequest", {"token": "t", "application": 1, "globalmessage": "x",
                         "data": [{"number": "919000000001", number: text}], "3e09daea611a26691ead999715b215c7d81dbfb0": 1}),
    ]
    quoted = 0
    for type_name, payload in leaky:
        for e in validate(type_name, payload):
            if any(s in e.message for s in (secret, number, text)):
                quoted += 1
                print(f"a message quotes the payload: {e}")
    failed += quoted
    # Text in: keys given twice in a request, and text that is not JSON.
    from pickyassist_schema import validate_json
    twice = ('{"token":"a","token":"b","application":1,"globalmessage":"x",'
             '"data":[{"number":"919000000001","number":"919000000002"}]}')
    got = [(e.pointer, e.keyword) for e in validate_json("PushRequest", twice)]
    if got != [("/data/0/number", "duplicateKey"), ("/token", "duplicateKey")]:
        print(f"validate_json missed a key given twice: {got}")
        failed += 1
    if validate_json("PushResponse", '{"status":100,"status":101}'):
        print("validate_json refused a key given twice in an answer (the last copy wins)")
        failed += 1
    for text in ['{"token": "' + secret + '",', "[" * 200 + "]" * 200, "[" * 100000 + "]" * 100000,
                 '{"token": 1e400}', '{"token": ' + "9" * 400 + "}", '{"token": NaN}', "[-Infinity]"]:
        broken = validate_json("PushRequest", text)
        if [(e.pointer, e.keyword) for e in broken] != [("", "json")] or secret in broken[0].message:
            print(f"validate_json on text it cannot read: {broken}")
            failed += 1
    # What serde_json refuses: not UTF-8 (UTF-16, an encoded surrogate), a
    # byte order mark, a lone surrogate escape, and a copy dropped for a
    # later one that was nested too deep.
    valid = '{"token":"t","application":1,"globalmessage":"x","data":[{"number":"919000000001"}]}'
    for raw in [valid.encode("utf-16"), valid.encode("utf-32"), b"\xef\xbb\xbf" + valid.encode(),
                valid.replace('"x"', '"x\\ud800"').encode(), valid.encode().replace(b'"x"', b'"x\xed\xa0\x80"'),
                valid.replace('"token":"t"', '"token":' + "[" * 200 + "]" * 200 + ',"token":"t"').encode(),
                # What a dropped copy holds counts too, however deep in dropped copies.
                valid.replace('"token":"t"', '"token":"\\ud800","token":"t"').encode(),
                valid.replace('"token":"t"', '"token":{"x":' + "[" * 130 + "]" * 130 + ',"x":1},"token":"t"').encode()]:
        got = [(e.pointer, e.keyword) for e in validate_json("PushRequest", raw)]
        if got != [("", "json")]:
            print(f"validate_json read what serde_json refuses ({raw[:24]!r}…): {got}")
            failed += 1
    if validate_json("PushRequest", valid.encode()) or validate_json("PushRequest", valid):
        print("validate_json refused a valid request")
        failed += 1
    # Keys given twice by the thousand: a set, not a list, remembers them
    # (a list made this take seconds).
    many = "{" + ",".join(f'"k{i}":1,"k{i}":2' for i in range(40000)) + "}"
    if validate_json("WebhookMessage", many):
        print("validate_json refused a received object with keys given twice")
        failed += 1
    # Parsed input nested past the limit is an error, not a RecursionError.
    deep: object = "x"
    for _ in range(100000):
        deep = [deep]
    if [(e.pointer, e.keyword) for e in validate("PushRequest", {"token": deep})] != [("", "json")]:
        print("validate on deep input did not refuse it")
        failed += 1
    try:
        validate("PushReqest", {})
        print("an unknown type name was accepted")
        failed += 1
    except UnknownTypeError as e:
        if 'did you mean "PushRequest"' not in str(e):
            print(f"unknown type error without a hint: {e}")
            failed += 1
    for name in [None, 5]:
        try:
            validate(name, {})  # type: ignore[arg-type]
            print(f"a type name {name!r} was accepted")
            failed += 1
        except UnknownTypeError:
            pass
        except Exception as e:
            print(f"a type name {name!r} failed with {type(e).__name__}, not UnknownTypeError")
            failed += 1
    from pickyassist_schema import models
    parsed = 0
    for case in sorted(Path(schema_dir, "cases").glob("*/valid/*.json")):
        model = getattr(models, case.parent.parent.name, None)
        if model is None:
            print(f"no pydantic model for {case.parent.parent.name}")
            failed += 1
            continue
        try:
            model.model_validate(json.loads(case.read_text(encoding="utf-8")))
            parsed += 1
        except Exception as error:  # a pydantic ValidationError, shown whole
            failed += 1
            print(f"FAIL {case}: {error}")
    # A model's error names the place and the rule, never the value.
    try:
        models.PushRequest.model_validate({"token": secret, "application": "10", "globalmessage": [text],
                                           "data": [{"number": f"+91 {number}"}]})
        print("the PushRequest model accepted a broken request")
        failed += 1
    except Exception as error:
        if any(s in str(error) for s in (secret, number, text)):
            print(f"a model's error quotes the payload: {error}")
            failed += 1
    print(f"pickyassist_schema {version('pickyassist_schema')} (installed wheel): {cases} cases, "
          f"{used_custom} errors with the bundle's x-message; {len(lines) - corpus_failed} of {len(lines)} corpus "
          f"payloads agree with Rust; {parsed} valid cases parse with the pydantic models; {failed + corpus_failed} failures")
    return 1 if failed + corpus_failed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
