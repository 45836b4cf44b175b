// Checks the installed pickyassist-schema package (run from a fresh npm
// project, outside the source tree, by .ci/run): every case under
// schema/cases/ gets its verdict and exactly its pointers from validate(),
// the corpus gets the Rust verdicts, messages come from the bundle's
// x-message where it has one, validateJson reports keys given twice in a
// request, and an unknown type name fails with a hint.
//   node check_installed.mjs SCHEMA_DIR CORPUS_JSONL
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { bundle, validate, validateJson } from "pickyassist-schema";

const [schemaDir, corpus] = process.argv.slice(2);
let failed = 0;
const resolved = import.meta.resolve("pickyassist-schema");
if (!resolved.includes("/node_modules/pickyassist-schema/")) {
  console.log(`pickyassist-schema resolved to ${resolved}, not an installed package`);
  failed += 1;
}
const custom = new Set();
(function walk(v) {
  if (Array.isArray(v)) v.forEach(walk);
  else if (v && typeof v === "object") {
    if (typeof v["x-message"] === "string") custom.add(v["x-message"]);
    Object.values(v).forEach(walk);
  }
})(bundle);

const same = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));
const show = (s) => JSON.stringify([...s].sort());
let cases = 0;
let usedCustom = 0;
const casesDir = join(schemaDir, "cases");
for (const type of readdirSync(casesDir).sort()) {
  for (const verdict of ["valid", "invalid"]) {
    const dir = join(casesDir, type, verdict);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
      const doc = JSON.parse(readFileSync(join(dir, file), "utf8"));
      const [payload, want] = verdict === "valid" ? [doc, new Set()] : [doc.payload, new Set(doc.errors)];
      const errors = validate(type, payload);
      if (!errors.every((e) => typeof e.pointer === "string" && typeof e.message === "string" && e.message)) {
        console.log(`${type}/${verdict}/${file}: an error without a pointer or message`);
        failed += 1;
      }
      usedCustom += errors.filter((e) => custom.has(e.message)).length;
      const got = new Set(errors.map((e) => e.pointer));
      cases += 1;
      if (!same(got, want)) {
        failed += 1;
        console.log(`DISAGREE ${type}/${verdict}/${file}: expected ${show(want)}, got ${show(got)}`);
      }
    }
  }
}
if (usedCustom === 0) {
  console.log("no error message came from the bundle's x-message");
  failed += 1;
}
const lines = readFileSync(corpus, "utf8").split("\n").filter(Boolean);
let corpusFailed = 0;
for (const line of lines) {
  const { type, errors, payload } = JSON.parse(line);
  const got = new Set(validate(type, payload).map((e) => e.pointer));
  if (!same(got, new Set(errors))) {
    corpusFailed += 1;
    if (corpusFailed <= 20) console.log(`DISAGREE corpus ${type}: rust ${show(new Set(errors))}, js ${show(got)}`);
  }
}
// Text in: keys given twice in a request (escaped spellings too), text
// that is not JSON, nesting deeper than Rust reads.
const twice =
  '{"token":"a","to\\u006ben":"b","application":1,"globalmessage":"x",' +
  '"data":[{"number":"919000000001","number":"919000000002"}]}';
const pairs = (errors) => JSON.stringify(errors.map((e) => [e.pointer, e.keyword]));
if (pairs(validateJson("PushRequest", twice)) !== '[["/data/0/number","duplicateKey"],["/token","duplicateKey"]]') {
  console.log(`validateJson missed a key given twice: ${pairs(validateJson("PushRequest", twice))}`);
  failed += 1;
}
if (validateJson("PushResponse", '{"status":100,"status":101}').length !== 0) {
  console.log("validateJson refused a key given twice in an answer (the last copy wins)");
  failed += 1;
}
const nested = validate("PushRequest", {
  token: "a",
  application: 1,
  globalmessage: "x",
  data: [{ number: "919000000001", mesage: "typo" }],
}).find((e) => e.pointer === "/data/0/mesage");
if (!nested?.message.includes("in PushMessage")) {
  console.log(`an unknown key in a recipient does not name PushMessage: ${JSON.stringify(nested)}`);
  failed += 1;
}
// A PHP map keyed by number, and a token as a key: neither is quoted.
const keyedBy = validate("PushRequest", {
  token: "t",
  application: 1,
  globalmessage: "x",
  data: [{ number: "919000000001", 919812345678: "private message text" }],
  "3e09daea611a26691ead999715b215c7d81dbfb0": 1,
});
if (keyedBy.length !== 2 || keyedBy.some((e) => /919812345678|3e09daea/.test(e.message))) {
  console.log(`a key that could be a number or a token is quoted: ${JSON.stringify(keyedBy)}`);
  failed += 1;
}
const secret = "T0KEN-do-not-print";
for (const text of [
  `{"token": "${secret}",`,
  `{"token": ${secret}}`,
  "[".repeat(200) + "]".repeat(200),
  "[".repeat(100000) + "]".repeat(100000),
  '{"token": 1e400}',
  `{"token": ${"9".repeat(400)}}`,
  '{"token": NaN}',
  // A lone surrogate, which JSON.parse keeps and serde_json refuses.
  '{"token": "t\\ud800"}',
  '{"t\\udc00ken": "t"}',
]) {
  const errors = validateJson("PushRequest", text);
  const deep = text.startsWith("[[");
  if (
    pairs(errors) !== '[["","json"]]' ||
    errors[0].message.includes(secret) ||
    (deep && !errors[0].message.includes("nested deeper than 127 levels"))
  ) {
    console.log(`validateJson on text it cannot read: ${JSON.stringify(errors)}`);
    failed += 1;
  }
}
try {
  validate("PushReqest", {});
  console.log("an unknown type name was accepted");
  failed += 1;
} catch (e) {
  if (!String(e.message).includes('did you mean "PushRequest"')) {
    console.log(`unknown type error without a hint: ${e.message}`);
    failed += 1;
  }
}
// The parser's message can quote the text: no digits of it in the error.
{
  const quoted = validateJson("PushRequest", 'x"at position 98765"');
  if (quoted.length !== 1 || quoted[0].message.includes("98765")) {
    console.log(`validateJson quoted the text in its error: ${JSON.stringify(quoted)}`);
    failed += 1;
  }
}
for (const name of [undefined, null, 5]) {
  try {
    validate(name, {});
    console.log(`a type name ${name} was accepted`);
    failed += 1;
  } catch (e) {
    if (!(e instanceof RangeError)) {
      console.log(`a type name ${name} failed with ${e.constructor.name}, not RangeError`);
      failed += 1;
    }
  }
}
console.log(
  `pickyassist-schema (installed package): ${cases} cases, ${usedCustom} errors with the bundle's x-message; ` +
    `${lines.length - corpusFailed} of ${lines.length} corpus payloads agree with Rust; ${failed + corpusFailed} failures`,
);
process.exit(failed + corpusFailed > 0 ? 1 : 0);
