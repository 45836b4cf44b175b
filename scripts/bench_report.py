#!/usr/bin/env python3
"""Turns divan's output (scripts/bench.sh writes it to target/bench.txt) into
the markdown tables of BENCHMARKS.md: medians, allocation counts and the ratios
the targets are stated in. Usage: python3 scripts/bench_report.py target/bench.txt
"""
import re
import sys

UNITS = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
ROW = re.compile(r"^([\s│├╰─]*)(\S+)\s+([\d.]+ (?:ns|µs|ms|s))\s+│\s+([\d.]+ \S+)\s+│\s+([\d.]+ \S+)\s+│")
HEAD = re.compile(r"^([\s│├╰─]*)(\w+)\s*(?:│|fastest)")
COUNT = re.compile(r"^[\s│├╰─]*(\d+)\s+│")


def seconds(text):
    number, unit = text.split()
    return float(number) * UNITS[unit]


def parse(lines):
    """{(bench_file, path...): {"median": s, "alloc": n}}"""
    results = {}
    stack = []  # (indent, name)
    current = None
    expect_alloc = False
    bench_file = None
    for line in lines:
        line = line.rstrip("\n")
        m = re.match(r"^\s*Running benches/(\w+)\.rs", line)
        if m:
            bench_file = m.group(1)
            stack = []
            continue
        if line.startswith(("validate ", "generator ", "client ")) and "fastest" in line:
            bench_file = line.split()[0]
            stack = []
            continue
        m = ROW.match(line)
        if m:
            indent = len(m.group(1))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            key = (bench_file,) + tuple(n for _, n in stack) + (m.group(2),)
            current = results.setdefault(key, {})
            current["median"] = seconds(m.group(5))
            expect_alloc = False
            continue
        stripped = line.strip("│├╰─ ")
        if stripped.startswith("alloc:"):
            expect_alloc = True
            continue
        if expect_alloc and current is not None:
            c = COUNT.match(line)
            if c:
                current["alloc"] = int(c.group(1))
            expect_alloc = False
            continue
        m = HEAD.match(line)
        if m and "max alloc" not in line and not stripped.startswith(("dealloc", "grow", "alloc")):
            indent = len(m.group(1))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            stack.append((indent, m.group(2)))
    return results


def fmt_time(s):
    if s is None:
        return "–"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if s >= scale:
            return f"{s / scale:.3g} {unit}"
    return f"{s:.3g} s"


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "–"


def main():
    results = parse(open(sys.argv[1], encoding="utf-8"))
    get = lambda *key: results.get(key, {})
    med = lambda *key: get(*key).get("median")
    out = []
    sizes = ["1", "100", "10000"]

    out.append("### Valid push request, from bytes\n")
    out.append("| recipients | floor: typed parse | ours: `validate_json` | ours ÷ floor | jsonschema parse + validate | jsonschema ÷ ours | jsonschema generated parse + validate | generated ÷ ours | `Value` parse |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    plain_rows = []
    for n in sizes:
        floor, ours = med("validate", "valid", "floor_typed_parse", n), med("validate", "valid", "ours_validate_json", n)
        js = med("validate", "valid", "jsonschema_parse_and_validate", n)
        gen = med("validate", "valid", "jsonschema_generated_parse_and_validate", n)
        value = med("validate", "valid", "value_parse", n)
        plain = med("validate", "valid", "plain_derive", n)
        out.append(f"| {n} | {fmt_time(floor)} | {fmt_time(ours)} | {ratio(ours, floor)} | {fmt_time(js)} | {ratio(js, ours)} | {fmt_time(gen)} | {ratio(gen, ours)} | {fmt_time(value)} |")
        plain_rows.append(f"| {n} | {fmt_time(plain)} | {ratio(floor, plain)} | {ratio(ours, plain)} |")

    out.append("\nAgainst a plain `#[derive(Deserialize)]` of the same field names (no schema, no number-or-string, unknown keys ignored):\n")
    out.append("| recipients | plain derive | floor ÷ plain derive | ours ÷ plain derive |")
    out.append("|---|---|---|---|")
    out.extend(plain_rows)

    out.append("\n### The validation pass alone, on a parsed value\n")
    out.append("| recipients | ours: `Validate::validate` | jsonschema `is_valid` | ÷ ours | jsonschema `iter_errors` | ÷ ours | jsonschema generated `is_valid` | ÷ ours |")
    out.append("|---|---|---|---|---|---|---|---|")
    for n in sizes:
        ours = med("validate", "parsed", "ours_validate", n)
        js = med("validate", "parsed", "jsonschema_is_valid", n)
        it = med("validate", "parsed", "jsonschema_iter_errors", n)
        gen = med("validate", "parsed", "jsonschema_generated_is_valid", n)
        out.append(f"| {n} | {fmt_time(ours)} | {fmt_time(js)} | {ratio(js, ours)} | {fmt_time(it)} | {ratio(it, ours)} | {fmt_time(gen)} | {ratio(gen, ours)} |")

    out.append("\n### Invalid push request (every error reported), from bytes\n")
    out.append("| recipients | `Value` parse | ours: `validate_json` | ours ÷ `Value` parse | jsonschema parse + `iter_errors` | jsonschema ÷ ours |")
    out.append("|---|---|---|---|---|---|")
    for n in sizes:
        value = med("validate", "invalid", "value_parse", n)
        ours = med("validate", "invalid", "ours_validate_json", n)
        js = med("validate", "invalid", "jsonschema_parse_and_iter_errors", n)
        out.append(f"| {n} | {fmt_time(value)} | {fmt_time(ours)} | {ratio(ours, value)} | {fmt_time(js)} | {ratio(js, ours)} |")

    out.append("\n### Invalid push request with 10 000 recipients and 101 broken places, from bytes\n")
    out.append("| `Value` parse | `Value` parse + free | ours: `validate_json` | ours ÷ `Value` parse | ours ÷ parse + free | jsonschema parse + `iter_errors` | jsonschema ÷ ours |")
    out.append("|---|---|---|---|---|---|---|")
    value = med("validate", "sparse", "value_parse")
    freed = med("validate", "sparse", "value_parse_and_drop")
    ours = med("validate", "sparse", "ours_validate_json")
    js = med("validate", "sparse", "jsonschema_parse_and_iter_errors")
    out.append(f"| {fmt_time(value)} | {fmt_time(freed)} | {fmt_time(ours)} | {ratio(ours, value)} | {ratio(ours, freed)} | {fmt_time(js)} | {ratio(js, ours)} |")

    out.append("\n### Growth and allocations (valid input)\n")
    out.append("| measure | value |")
    out.append("|---|---|")
    for name, key in (("ours `validate_json`", "ours_validate_json"), ("floor typed parse", "floor_typed_parse"),
                      ("jsonschema parse + validate", "jsonschema_parse_and_validate")):
        a, b = med("validate", "valid", key, "10000"), med("validate", "valid", key, "100")
        out.append(f"| {name}: 10 000 items ÷ 100 items | {ratio(a, b)} |")
    for n in sizes:
        fa = get("validate", "valid", "floor_typed_parse", n).get("alloc")
        oa = get("validate", "valid", "ours_validate_json", n).get("alloc")
        out.append(f"| allocations at {n}: floor {fa}, ours {oa} | {ratio(oa, fa)} |")

    out.append("\n### Push response with 10 000 receipts, from bytes\n")
    out.append("| floor: typed parse | ours: `validate_json` | ours ÷ floor | `Value` parse | ours ÷ `Value` parse | jsonschema parse + validate | jsonschema ÷ ours |")
    out.append("|---|---|---|---|---|---|---|")
    floor, ours = med("validate", "response", "floor_typed_parse"), med("validate", "response", "ours_validate_json")
    js = med("validate", "response", "jsonschema_parse_and_validate")
    value = med("validate", "response", "value_parse")
    out.append(f"| {fmt_time(floor)} | {fmt_time(ours)} | {ratio(ours, floor)} | {fmt_time(value)} | {ratio(ours, value)} | {fmt_time(js)} | {ratio(js, ours)} |")
    plain = med("validate", "response", "plain_derive")
    ours_drop, value_drop = med("validate", "response", "ours_validate_json_and_drop"), med("validate", "response", "value_parse_and_drop")
    js_drop = med("validate", "response", "jsonschema_parse_and_validate_and_drop")
    out.append("")
    out.append("| plain `#[derive(Deserialize)]` | ours ÷ plain derive | ours, freeing the answer too | `Value` parse, freeing it too | ratio of the two | jsonschema, freeing too | jsonschema ÷ ours, both freeing | allocations: ours, `Value` parse |")
    out.append("|---|---|---|---|---|---|---|---|")
    oa, va = get("validate", "response", "ours_validate_json").get("alloc"), get("validate", "response", "value_parse").get("alloc")
    out.append(f"| {fmt_time(plain)} | {ratio(ours, plain)} | {fmt_time(ours_drop)} | {fmt_time(value_drop)} | {ratio(ours_drop, value_drop)} | {fmt_time(js_drop)} | {ratio(js_drop, ours_drop)} | {oa}, {va} |")

    out.append("\n### Webhook bodies, from bytes\n")
    out.append("| body | floor: typed parse | ours: `validate_json` | ours ÷ floor | `Value` parse | ours ÷ `Value` parse | jsonschema parse + validate | jsonschema ÷ ours |")
    out.append("|---|---|---|---|---|---|---|---|")
    rows = [("incoming message", ("message_floor_typed_parse",), ("message_ours_validate_json",),
             ("message_jsonschema_parse_and_validate",), ("message_value_parse",))]
    for n in ("1", "100", "1-sorted", "100-sorted"):
        count, _, sorted_ = n.partition("-")
        order = "keys sorted (tag after the reports)" if sorted_ else "keys in the docs' order"
        rows.append((f"delivery-report event, {count} report(s), {order}", ("event_floor_typed_parse", n),
                     ("event_ours_validate_json", n), ("event_jsonschema_parse_and_validate", n),
                     ("event_value_parse", n)))
    for name, f, o, j, v in rows:
        floor, ours, js = med("validate", "webhook", *f), med("validate", "webhook", *o), med("validate", "webhook", *j)
        value = med("validate", "webhook", *v)
        out.append(f"| {name} | {fmt_time(floor)} | {fmt_time(ours)} | {ratio(ours, floor)} | {fmt_time(value)} | {ratio(ours, value)} | {fmt_time(js)} | {ratio(js, ours)} |")

    out.append("\nThe same bodies with each result freed inside the timing (what a handler pays per body):\n")
    out.append("| body | ours: `validate_json` | `Value` parse | ours ÷ `Value` parse | jsonschema parse + validate | jsonschema ÷ ours |")
    out.append("|---|---|---|---|---|---|")
    for name, _, o, j, v in rows:
        ours, js, value = (med("validate", "webhook_freed", *x) for x in (o, j, v))
        out.append(f"| {name} | {fmt_time(ours)} | {fmt_time(value)} | {ratio(ours, value)} | {fmt_time(js)} | {ratio(js, ours)} |")

    out.append("\n### Generator and client\n")
    out.append("| measure | median |")
    out.append("|---|---|")
    out.append(f"| `codegen` in memory (parse schema, lower, emit, format) | {fmt_time(med('generator', 'codegen_in_memory'))} |")
    out.append(f"| `codegen --check` (the above plus reading and comparing every file) | {fmt_time(med('generator', 'codegen_check'))} |")
    for n in ("1", "100"):
        c, r = med("client", "client_push", n), med("client", "raw_reqwest_post", n)
        out.append(f"| one push of {n} recipient(s) to the mock: client {fmt_time(c)}, raw reqwest {fmt_time(r)} | client ÷ raw {ratio(c, r)} |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
