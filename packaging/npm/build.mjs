// Builds the pickyassist-schema npm package (run by `cargo xtask package`):
//   node packaging/npm/build.mjs VERSION OUT_DIR
// Stages the files, generates openapi.d.ts with openapi-typescript (from
// scripts/js, which CI installs with npm ci), and lets `npm pack` write the tgz.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const [version, outDir] = process.argv.slice(2);
const out = resolve(outDir);
const js = JSON.parse(readFileSync(join(root, "scripts", "js", "package.json"), "utf8")).dependencies;
const stage = mkdtempSync(join(tmpdir(), "pickyassist-schema-"));
try {
  for (const f of ["index.js", "README.md"]) copyFileSync(join(here, f), join(stage, f));
  copyFileSync(join(here, "index.d.ts.in"), join(stage, "index.d.ts"));
  for (const f of ["pickyassist.bundle.json", "pickyassist.openapi.json"]) {
    copyFileSync(join(root, "schema", f), join(stage, f));
  }
  copyFileSync(join(root, "LICENSE-MIT"), join(stage, "LICENSE-MIT"));
  copyFileSync(join(root, "LICENSE-APACHE"), join(stage, "LICENSE-APACHE"));
  const generator = join(root, "scripts", "js", "node_modules", ".bin", "openapi-typescript");
  execFileSync(generator, [join(stage, "pickyassist.openapi.json"), "-o", join(stage, "openapi.d.ts")], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const manifest = {
    name: "pickyassist-schema",
    version,
    description: "Picky Assist API schemas: JSON Schema bundle, OpenAPI document, validate() on ajv, TypeScript types",
    license: "MIT OR Apache-2.0",
    repository: { type: "git", url: "https://github.com/pickyassist-rs/pickyassist-rs" },
    type: "module",
    exports: { ".": { types: "./index.d.ts", default: "./index.js" }, "./*.json": "./*.json" },
    types: "./index.d.ts",
    files: ["index.js", "index.d.ts", "openapi.d.ts", "*.json", "README.md", "LICENSE-*"],
    engines: { node: ">=18" },
    // The versions the repository's own checks run (scripts/js/package.json).
    dependencies: { ajv: `^${js.ajv}` },
  };
  writeFileSync(join(stage, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  mkdirSync(out, { recursive: true });
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", out], { cwd: stage, encoding: "utf8" });
  console.log(join(out, packed.trim()));
} finally {
  rmSync(stage, { recursive: true, force: true });
}
