// gen-v8.mjs writes expected.ndjson: what V8 computes for every script of
// scripts.txt over every record of ../v8/records.ndjson, as the mapping
// {"fields": [{"target": "id", "path": "id"}, {"target": "k", "const":
// {"b":1,"a":[2]}}], "script": S} should write it: the JSON text of the
// object the script returns, "<dropped>" for undefined, or null where the
// script throws or returns something other than an object.
//
// Run from the repository root after changing the scripts:
//   node testdata/mapping/script-loops/gen-v8.mjs
// The Go test engine/mapping/script_loops_test.go compares weft with it.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = dirname(fileURLToPath(import.meta.url));
const scripts = readFileSync(join(dir, "scripts.txt"), "utf8")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l !== "" && !l.startsWith("#"));
const records = readFileSync(join(dir, "../v8/records.ndjson"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "");

// out as the two fields make it: id when the record has one (a path to a
// missing key sets nothing), then the constant.
function fieldsOutput(rec) {
  const out = {};
  if (rec !== null && typeof rec === "object" && !Array.isArray(rec) && rec.id !== undefined) out.id = rec.id;
  out.k = { b: 1, a: [2] };
  return out;
}

function run(script, line) {
  try {
    const rec = JSON.parse(line);
    const res = new Function("$", "out", script)(rec, fieldsOutput(rec));
    if (res === undefined) return "<dropped>";
    if (res === null || typeof res !== "object" || Array.isArray(res)) return null;
    return JSON.stringify(res);
  } catch {
    return null;
  }
}

const out = scripts.map((script) => JSON.stringify({ script, out: records.map((r) => run(script, r)) }));
writeFileSync(join(dir, "expected.ndjson"), out.join("\n") + "\n");
console.log(`${scripts.length} scripts x ${records.length} records`);
