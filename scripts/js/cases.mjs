// What both checks read: the workspace root, the exported bundle, and every
// case file under schema/cases/ (by type, valid before invalid, sorted).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const bundle = JSON.parse(readFileSync(join(root, "schema", "pickyassist.bundle.json"), "utf8"));

/** Yields `{ type, verdict, file, doc }` for every case file. */
export function* cases() {
  const casesDir = join(root, "schema", "cases");
  for (const type of readdirSync(casesDir).sort()) {
    for (const verdict of ["valid", "invalid"]) {
      const dir = join(casesDir, type, verdict);
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
        yield { type, verdict, file, doc: JSON.parse(readFileSync(join(dir, file), "utf8")) };
      }
    }
  }
}
