// Writes cases.json: Number.prototype.toString(radix) as V8 writes it, for
// chosen and pseudo-random doubles (a fixed seed, so the file is stable).
// Run: node engine/script/testdata/radix/gen.mjs
import { writeFileSync } from "node:fs";

let seed = 12345;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const bits = new DataView(new ArrayBuffer(8));
const xs = [0.1, 1 / 3, 123.456, -17.5, 0.5, -0.5, 255.5, 1e21, 2 ** 53 + 2, 2 ** 70, -(2 ** 70) + 2 ** 20,
  1e-7, 5e-324, 1.7976931348623157e308, 0.30000000000000004, 99.99, -1e-300, 2.5, 3.5, 0.999999999999,
  4.35, 0.7, 1e-15, 9007199254740991.5, -0, 0, NaN, Infinity, -Infinity];
for (let i = 0; i < 250; i++) xs.push((rnd() - 0.5) * 10 ** (Math.floor(rnd() * 60) - 30));
for (let i = 0; i < 15; i++) {
  bits.setUint32(0, Math.floor(rnd() * 2 ** 32));
  bits.setUint32(4, Math.floor(rnd() * 2 ** 32));
  xs.push(bits.getFloat64(0));
}
const cases = [];
for (const x of xs) for (const radix of [2, 3, 7, 16, 36]) cases.push({ x: Object.is(x, -0) ? "-0" : String(x), radix, want: x.toString(radix) });
writeFileSync(new URL("cases.json", import.meta.url), JSON.stringify(cases, null, 0).replace(/\},\{/g, "},\n{") + "\n");
