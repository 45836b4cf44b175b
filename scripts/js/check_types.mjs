// TypeScript types from the OpenAPI document, proven with the user's own
// tools: openapi-typescript generates declarations from
// schema/pickyassist.openapi.json, then `tsc --noEmit` type-checks a file that
// assigns every valid case to its type, and every invalid case that a type
// system can see (a missing required key or an unknown key of a closed
// object, at the type itself) under `// @ts-expect-error`.
//
//   node scripts/js/check_types.mjs      (after `npm ci --prefix scripts/js`)
//
// Conditionals (if/then, "required when"), "at least one of" rules
// (anyOf/oneOf of required lists), patterns, lengths and ranges have no
// TypeScript form; those cases are left to the validators.

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import { bundle, cases, root } from "./cases.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(root, "target", "types");
mkdirSync(out, { recursive: true });
const bin = (name) => join(here, "node_modules", ".bin", name);

// What we receive says "additionalProperties": true, so its types keep an index
// signature; what we send says false, so its types are exact.
execFileSync(bin("openapi-typescript"), [join(root, "schema", "pickyassist.openapi.json"), "-o", join(out, "pickyassist.d.ts")], {
  stdio: ["ignore", "ignore", "inherit"],
});

// Which invalid cases TypeScript can see: every error is a top-level
// `required` or `additionalProperties` of the case's own type.
const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addSchema(bundle, "pa");
const visible = (type, payload) => {
  // openapi-typescript turns a top-level anyOf/oneOf of `required` lists
  // ("give at least one of …") into `unknown`: such types check nothing.
  const def = bundle.$defs[type];
  if (def.anyOf || def.oneOf) return false;
  const validate = ajv.getSchema(`pa#/$defs/${type}`);
  if (validate(payload)) return false;
  return validate.errors.every(
    (e) => e.instancePath === "" && (e.schemaPath === "#/required" || e.schemaPath === "#/additionalProperties"),
  );
};

const lines = ['import type { components } from "./pickyassist";', "type S = components[\"schemas\"];", ""];
let valid = 0;
let invalid = 0;
for (const { type, verdict, file, doc } of cases()) {
  if (!bundle.$defs[type]) continue;
  const name = `${type}_${verdict}_${file.replace(/\.json$/, "")}`.replace(/[^A-Za-z0-9_]/g, "_");
  if (verdict === "valid") {
    lines.push(`export const ${name}: S[${JSON.stringify(type)}] = ${JSON.stringify(doc)};`);
    valid += 1;
  } else if (visible(type, doc.payload) && typeof doc.payload === "object" && doc.payload !== null && !Array.isArray(doc.payload)) {
    lines.push(`// @ts-expect-error ${doc.description ?? "invalid"}`.replace(/\n/g, " "));
    lines.push(`export const ${name}: S[${JSON.stringify(type)}] = ${JSON.stringify(doc.payload)};`);
    invalid += 1;
  }
}
writeFileSync(join(out, "check.ts"), lines.join("\n") + "\n");
execFileSync(bin("tsc"), ["--noEmit", "--strict", "--target", "es2022", "--moduleResolution", "bundler", "--module", "esnext", join(out, "check.ts")], {
  stdio: "inherit",
});
console.log(`typescript: ${valid} valid cases type-check against their openapi-typescript types, ${invalid} invalid ones are refused (@ts-expect-error)`);
