// Writes cases.json: strings (as UTF-16 code units, so lone surrogates
// survive) and the sign of a.localeCompare(b) for every pair, as V8 (ICU's
// root collation) gives it, one row per a: "-", "0" or "+" per b.
// Run: node engine/script/testdata/collate/gen.mjs
import { writeFileSync } from "node:fs";

const strings = ["", "a", "b", "B", "A", "z", "Z", "0", "9", "é", "e", "E", "\ufffd", "\ud83d", "\ude00", "😀",
  "a\ufffd", "\ufffda", "ab", "aB", "中", "日本", "ß", "ss", " ", "-", "_", "!", "~", "α", "Ω", "я", "\u0000",
  "\u00a0", "ﬁ", "fi", "𝒜", "a\u0301", "á", "Å", "\u212b", "\u0301", "1", "10", "2", "Ä", "ä", "ø", "ü",
  "\ufffc", "\ud83d\ude00", "\u2603", "ㄱ", "가", "ア", "あ", "ｱ", "١", "١٢", "12", "٣", "५", "१०", "１", "𝟏", "①",
  "a1", "a١", "\t", "\n", "\udc00\ud800x", "\ud83db", "\ufffdb", "b\ud83d", "b\ufffd", "中\ud83d", "\ud800\ud800",
  "\udbff", "\ud800", "a\ud83d", "A\ufffd", "ā", "mañana 🇩🇪 e\u0301", "a\u0000b\u2028c", "Ada", "ada",
  "Émile", "Zola", "zoë", "résumé", "resume", "Straße", "strasse", "ǅ", "Ǆ", "ǆ"];
const units = strings.map((s) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i)));
const signs = strings.map((a) => strings.map((b) => "-0+"[Math.sign(a.localeCompare(b)) + 1]).join(""));
writeFileSync(new URL("cases.json", import.meta.url), JSON.stringify({ units, signs }) + "\n");
