// gen-v8-corpus.mjs writes expected.ndjson: what V8 computes for every
// expression of expressions.txt over every record of records.ndjson, as
// the NDJSON line a one-field mapping {"target": "v", "expr": E} should
// write (JSON.stringify({v: value})), or null where the expression throws.
//
// Run from the repository root after changing the corpus:
//   node testdata/mapping/v8/gen-v8-corpus.mjs
// A directory argument runs another corpus of the same layout:
//   node testdata/mapping/v8/gen-v8-corpus.mjs testdata/mapping/v8-builtins
// The Go test cmd/weft/v8corpus_test.go compares weft with this file.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));
const exprs = readFileSync(join(dir, "expressions.txt"), "utf8")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l !== "" && !l.startsWith("#"));
const records = readFileSync(join(dir, "records.ndjson"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "");

// The same scope weft gives an expression (engine/mapping/expr/goja.go):
// the record as $, its own top-level keys as names shadowing globals.
const prefix = `with ((function (r) {
  var s = Object.create(null);
  if (r !== null && typeof r === "object" && !Array.isArray(r)) {
    var k = Object.keys(r);
    for (var i = 0; i < k.length; i++) s[k[i]] = r[k[i]];
  }
  return s;
})($)) return (
`;

function evaluate(expr, line) {
  try {
    const fn = new Function("$", prefix + expr + "\n);");
    return JSON.stringify({ v: fn(JSON.parse(line)) });
  } catch {
    return null;
  }
}

const out = exprs.map((expr) => JSON.stringify({ expr, out: records.map((r) => evaluate(expr, r)) }));
writeFileSync(join(dir, "expected.ndjson"), out.join("\n") + "\n");
console.log(`${exprs.length} expressions x ${records.length} records`);
