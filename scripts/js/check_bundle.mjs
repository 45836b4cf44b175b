#!/usr/bin/env node
// Checks every case under schema/cases/ against schema/pickyassist.bundle.json
// with ajv (JSON Schema 2020-12, all errors, formats): valid cases must pass,
// invalid ones must fail at exactly the expected pointers (a missing or
// unknown key is reported at the key, as the Rust validators do).
//
// Usage: node scripts/js/check_bundle.mjs [--corpus FILE]
//   --corpus FILE  also check JSON lines {"type", "errors", "payload"} written
//                  by `cargo xtask fuzz --corpus FILE` (the Rust verdicts).
// Exit 1 on any disagreement.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fs from "node:fs";
import { bundle, cases } from "./cases.mjs";

// The bundle is loaded unchanged. Its two annotation keywords are declared so
// that strict mode accepts them; strictTypes and strictRequired are off because
// conditional subschemas ("if": {"required": ["group_id"]}) rightly name keys
// that the enclosing object's "properties" define, without repeating "type".
const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
  allowUnionTypes: true,
});
ajv.addKeyword({ keyword: "x-enum" });
ajv.addKeyword({ keyword: "x-message" });
ajv.addKeyword({ keyword: "x-discriminator" });
addFormats(ajv);
ajv.addSchema(bundle, "pickyassist");

const validators = new Map();
function validatorFor(type) {
  if (!validators.has(type)) {
    validators.set(type, ajv.compile({ $ref: `pickyassist#/$defs/${type}` }));
  }
  return validators.get(type);
}

const escape = (key) => String(key).replaceAll("~", "~0").replaceAll("/", "~1");

// ajv also reports the errors inside a failed anyOf / contains and an extra
// "if" error; the other validators report the combinator's own error only.
function locations(validate, instance) {
  if (validate(instance)) return new Set();
  const errors = validate.errors;
  const summaries = errors
    .filter((e) => ["anyOf", "oneOf", "contains"].includes(e.keyword))
    .map((e) => e.schemaPath);
  const out = new Set();
  for (const e of errors) {
    if (e.keyword === "if") continue;
    if (summaries.some((s) => e.schemaPath !== s && e.schemaPath.startsWith(s + "/"))) continue;
    switch (e.keyword) {
      case "required":
      case "dependentRequired":
        out.add(`${e.instancePath}/${escape(e.params.missingProperty)}`);
        break;
      case "additionalProperties":
        out.add(`${e.instancePath}/${escape(e.params.additionalProperty)}`);
        break;
      default:
        out.add(e.instancePath);
    }
  }
  return out;
}

const same = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));
const show = (s) => JSON.stringify([...s].sort());

let checked = 0;
let failed = 0;
for (const { type, verdict, file, doc } of cases()) {
  const [payload, want] = verdict === "valid" ? [doc, new Set()] : [doc.payload, new Set(doc.errors)];
  const got = locations(validatorFor(type), payload);
  checked += 1;
  if (!same(got, want)) {
    failed += 1;
    console.log(`DISAGREE schema/cases/${type}/${verdict}/${file}: expected ${show(want)}, got ${show(got)}`);
  }
}
console.log(`ajv: ${checked - failed} cases passed, ${failed} failed`);

const corpusAt = process.argv.indexOf("--corpus");
let corpusFailed = 0;
if (corpusAt > 0) {
  const lines = fs.readFileSync(process.argv[corpusAt + 1], "utf8").split("\n").filter(Boolean);
  for (const line of lines) {
    const { type, errors, payload } = JSON.parse(line);
    const got = locations(validatorFor(type), payload);
    const want = new Set(errors);
    if (!same(got, want)) {
      corpusFailed += 1;
      if (corpusFailed <= 20) {
        console.log(`DISAGREE corpus ${type}: rust ${show(want)}, ajv ${show(got)}: ${JSON.stringify(payload).slice(0, 300)}`);
      }
    }
  }
  console.log(`ajv: ${lines.length - corpusFailed} corpus payloads agree with Rust, ${corpusFailed} disagree`);
}
process.exit(failed + corpusFailed > 0 ? 1 : 0);
