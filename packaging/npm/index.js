// The Picky Assist API schemas (from pickyassist-rs) for JavaScript:
// validate(typeName, payload) checks a payload against a type of the bundle
// (JSON Schema 2020-12, with ajv) and returns every error with its JSON
// pointer and message; validateJson(typeName, text) does the same for a JSON
// text, as the Rust validate_json reads one (keys given twice in a request);
// `bundle` and `openapi` are the documents themselves.
import Ajv2020 from "ajv/dist/2020.js";
import { readFileSync } from "node:fs";

const load = (name) => JSON.parse(readFileSync(new URL(name, import.meta.url), "utf8"));

export const bundle = load("./pickyassist.bundle.json");
export const openapi = load("./pickyassist.openapi.json");
export const typeNames = Object.keys(bundle.$defs).sort();

// verbose: each error carries its schema, for the schema's own x-message.
// The generator refuses `format`, so the bundle has none and needs no
// ajv-formats; should one appear, it stays an annotation (2020-12's default).
const ajv = new Ajv2020({
  allErrors: true,
  verbose: true,
  strict: false,
  allowUnionTypes: true,
  validateFormats: false,
});
ajv.addSchema(bundle, "pickyassist");

const compiled = new Map();
function validatorFor(typeName) {
  if (typeof typeName !== "string") {
    throw new RangeError(`a type name is a string, not ${typeName === null ? "null" : typeof typeName} (see typeNames)`);
  }
  if (!compiled.has(typeName)) {
    if (!Object.hasOwn(bundle.$defs, typeName)) {
      const near = closest(typeName);
      const hint = near ? `; did you mean "${near}"?` : "";
      throw new RangeError(`unknown type "${typeName}"${hint} (see typeNames)`);
    }
    compiled.set(typeName, ajv.compile({ $ref: `pickyassist#/$defs/${typeName}` }));
  }
  return compiled.get(typeName);
}

function distance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

function closest(name) {
  let best;
  for (const t of typeNames) {
    const d = distance(name.toLowerCase(), t.toLowerCase());
    if (d <= Math.max(2, name.length / 3) && (!best || d < best.d)) best = { t, d };
  }
  return best?.t;
}

// A key that could be a phone number or a token (six digits or more, or 32
// characters or more) is not quoted, as the Rust messages decide.
const couldBePersonal = (key) => (String(key).match(/[0-9]/g) ?? []).length >= 6 || [...String(key)].length >= 32;
const unknownKey = (key, owner) =>
  couldBePersonal(key)
    ? `unknown key in ${owner}: a name of ${[...String(key)].length} characters, not quoted (it could be a phone number or a token)`
    : `unknown key "${key}" in ${owner}`;

const escape = (key) => String(key).replaceAll("~", "~0").replaceAll("/", "~1");

/**
 * Every error of `payload` (parsed JSON) as a `typeName`, sorted by pointer;
 * an empty array when it is valid. A missing or unknown key is reported at
 * the key. Throws a RangeError for a type name the bundle does not define.
 */
export function validate(typeName, payload) {
  const check = validatorFor(typeName);
  if (check(payload)) return [];
  // ajv also reports the errors inside a failed anyOf / oneOf / contains and
  // an extra "if" error; report the combinator's own error only.
  const summaries = check.errors
    .filter((e) => ["anyOf", "oneOf", "contains"].includes(e.keyword))
    .map((e) => e.schemaPath);
  const out = new Map();
  for (const e of check.errors) {
    if (e.keyword === "if") continue;
    if (summaries.some((s) => e.schemaPath !== s && e.schemaPath.startsWith(s + "/"))) continue;
    const custom = e.parentSchema?.["x-message"];
    let pointer = e.instancePath;
    let message = custom ?? e.message;
    if (e.keyword === "required" || e.keyword === "dependentRequired") {
      pointer = `${e.instancePath}/${escape(e.params.missingProperty)}`;
      message = custom ?? `missing required key "${e.params.missingProperty}"`;
    } else if (e.keyword === "additionalProperties") {
      pointer = `${e.instancePath}/${escape(e.params.additionalProperty)}`;
      // The object's own type (a nested PushMessage, say), as Rust and Python name it.
      const owner = e.parentSchema?.title ?? typeName;
      message = custom ?? unknownKey(e.params.additionalProperty, owner);
    }
    const error = { pointer, message, keyword: e.keyword };
    out.set(JSON.stringify(error), error);
  }
  return [...out.values()].sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
}

// Deepest nesting validateJson reads, as the Rust validate_json.
const MAX_DEPTH = 127;
const SPACE = new Set([" ", "\t", "\n", "\r"]);
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The pointer of every key given twice in `text`, which JSON.parse has
 * accepted (so the scan need not check the grammar), or why serde_json would
 * not read it: nesting deeper than MAX_DEPTH, or a number beyond a double
 * (JSON.parse reads 1e400 as Infinity).
 */
function repeatedKeys(text) {
  const found = [];
  let refused = null;
  let i = 0;
  const space = () => {
    while (SPACE.has(text[i])) i += 1;
  };
  const string = () => {
    const start = i;
    i += 1;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i += 1;
    const read = JSON.parse(text.slice(start, i));
    // JSON.parse keeps a lone surrogate ("\ud800"); it is no Unicode text.
    if (LONE_SURROGATE.test(read)) refused = "a lone surrogate is not Unicode text";
    return read;
  };
  const value = (at, depth) => {
    space();
    const c = text[i];
    if (c === "{" || c === "[") {
      if (depth >= MAX_DEPTH) {
        refused = `nested deeper than ${MAX_DEPTH} levels`;
        return false;
      }
      i += 1;
      space();
      const close = c === "{" ? "}" : "]";
      const keys = new Set();
      const reported = new Set();
      for (let index = 0; text[i] !== close; index += 1) {
        let step = index;
        if (c === "{") {
          step = string();
          space();
          i += 1; // the colon
          if (keys.has(step) && !reported.has(step)) {
            reported.add(step);
            found.push(`${at}/${escape(step)}`);
          }
          keys.add(step);
        }
        if (!value(`${at}/${escape(step)}`, depth + 1)) return false;
        space();
        if (text[i] === ",") {
          i += 1;
          space();
        }
      }
      i += 1;
    } else if (c === '"') {
      string();
    } else {
      const start = i;
      while (i < text.length && !SPACE.has(text[i]) && !",]}".includes(text[i])) i += 1;
      const token = text.slice(start, i);
      if (!"tfn".includes(token[0]) && !Number.isFinite(Number(token))) {
        refused = "number out of range";
        return false;
      }
    }
    return true;
  };
  return value("", 0) && refused === null ? found.sort() : refused;
}

/**
 * `validate` of a JSON text, as the Rust validate_json reads one: text that
 * is not JSON (or nested deeper than 127 levels) is one error at the root
 * (keyword "json"), and in a type we send (one that refuses unknown keys,
 * such as PushRequest) every key given twice is an error at its pointer
 * (keyword "duplicateKey"): servers differ on which copy they read. In a
 * type we receive the last copy wins, as with JSON.parse.
 */
export function validateJson(typeName, text) {
  validatorFor(typeName); // an unknown type name fails first
  const notJson = (reason) => [{ pointer: "", message: `not valid JSON: ${reason}`, keyword: "json" }];
  let payload;
  try {
    payload = JSON.parse(text);
  } catch (e) {
    // The parser's words without the text it quotes, and where.
    const message = String(e.message);
    // Only V8's own closing words: the message can quote the text, which
    // may hold such words too.
    const place = /at position (\d+)(?: \(line (\d+) column (\d+)\))?$/.exec(message);
    const where = !place || Number(place[1]) > text.length
      ? ""
      : place[2] ? ` at line ${place[2]} column ${place[3]}` : ` at position ${place[1]}`;
    const reason = message
      .split(/[:"',]/)[0]
      .replace(/\s*(in JSON)?\s*at position \d+.*$/, "")
      .trim();
    return notJson((reason || "a syntax error") + where);
  }
  const repeated = repeatedKeys(text);
  if (typeof repeated === "string") return notJson(repeated);
  const out = validate(typeName, payload);
  if (bundle.$defs[typeName].additionalProperties === false) {
    for (const pointer of repeated) {
      const key = pointer.slice(pointer.lastIndexOf("/") + 1).replaceAll("~1", "/").replaceAll("~0", "~");
      out.push({
        pointer,
        message: `${couldBePersonal(key) ? "this key" : `"${key}"`} is given more than once; servers differ on which copy they read, so give it once`,
        keyword: "duplicateKey",
      });
    }
  }
  return out.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
}
