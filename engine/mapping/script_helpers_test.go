package mapping_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHelperFunctionsCompileNatively: helper function declarations that
// are only called and close over nothing of the script compile natively
// (engine/mapping/expr/script_inline.go) and write what goja writes over
// the script records; the others leave the script to goja.
func TestHelperFunctionsCompileNatively(t *testing.T) {
	records := scriptRecords(t)
	for src, wantNative := range helperCases {
		n, g, ok := scriptPair(t, src, false)
		require.True(t, ok, src)
		assert.Equal(t, wantNative, n.Native(), src)
		compareScript(t, src, n, g, records)
	}
}

// FuzzHelperScripts runs scripts natively and in goja over the script
// records: where the native compiler takes one (helpers or not), both
// must write the same.
func FuzzHelperScripts(f *testing.F) {
	for src := range helperCases {
		f.Add(src)
	}
	records := scriptRecords(f)[:12]
	f.Fuzz(func(t *testing.T, src string) {
		n, g, ok := scriptPair(t, src, false)
		if ok && n.Native() {
			compareScript(t, src, n, g, records)
		}
	})
}

// helperCases are scripts with helper functions and whether they compile
// natively.
var helperCases = map[string]bool{
	`function lineTotal(i) { return i.qty * parseFloat(i.price); } let t = 0; for (const i of $.items ?? []) t += lineTotal(i); return {t};`: true,
	`let t = 0; for (const i of $.items ?? []) t += f(i); function f(i) { return i.qty; } return {t};`:                                       true,
	`function add(a, b) { return a + b; } return {s: add(add($.n, 1), add(2, $.s))};`:                                                        true,
	`function pick(a, b) { return a ?? b; } return {x: pick($.n, "none"), y: pick($.missing), z: pick(undefined, 1, 2)};`:                    true,
	`function evens(a) { return a.filter(x => x % 2 === 0); } return {e: evens($.arr ?? [])};`:                                               true,
	`function f(x) { return x.y.z; } return {v: f($)};`:                                                                                      true,
	`function f(x) { return typeof x; } return {a: f(), b: f($.n)};`:                                                                         true,
	`function f(s) { return Math.max(s, 1); } return {v: f($.n)};`:                                                                           true,
	`function f(x) { return arguments.length; } return {v: f(1)};`:                                                                           false,
	`function f(x) { return this; } return {v: f(1)};`:                                                                                       false,
	`let base = 1; function f(x) { return x + base; } return {v: f(1)};`:                                                                     true,
	`function f(x) { return x + $.n; } return {v: f(1)};`:                                                                                    true,
	`function f(n) { return n ? f(n - 1) : 0; } return {v: f(3)};`:                                                                           false,
	`function f() { return 1; } function g() { return f(); } return {v: g()};`:                                                               true,
	`function f(x) { return x; } const g = f; return {v: g(1)};`:                                                                             false,
	`function f(x) { return x; } f.y = 1; return {v: f(1)};`:                                                                                 false,
	`function f(x) { return x; } return {v: f(...$.arr)};`:                                                                                   false,
	`function f(x) { x = 2; return x; } return {v: f(1)};`:                                                                                   true,
	`function f(x) { return x++; } return {v: f(1)};`:                                                                                        false,
	`function f(x) { const y = x; return y; } return {v: f(1)};`:                                                                             true,
	`function f(x = 1) { return x; } return {v: f()};`:                                                                                       true,
	`function f({a}) { return a; } return {v: f($)};`:                                                                                        true,
	`function f(x) { return function () { return x; }; } return {v: f(1)()};`:                                                                false,
	`function f() { return 1; } function f() { return 2; } return {v: f()};`:                                                                 false,
	`if ($.n) { function f() { return 1; } } return {v: 1};`:                                                                                 false,
	`async function f() { return 1; } return {v: typeof f()};`:                                                                               false,
	// Statement bodies, each call with a scope of its own.
	`function f(x) { if (x > 1) return "big"; const y = -x; return y; } return {a: f($.n), b: f(0)};`:                                                                                                             true,
	`function f(x) { if (x) return 1; } return {a: f($.flag), b: f(0)};`:                                                                                                                                          true,
	`function f(x) { x++; return x; } let n = 1; const a = f(n); return {a, n};`:                                                                                                                                  true,
	`function f(x) { const $ = x; return $; } return {v: f(2), w: $.n};`:                                                                                                                                          true,
	`function f(x) { let out = x; return out; } return {v: f(1), o: out};`:                                                                                                                                        true,
	`function f(a) { const r = []; for (const x of a) r.push(x * 2); r.sort((p, q) => q - p); return r; } return {v: f([3, 1, 2]), w: f($.arr ?? [])};`:                                                           true,
	`function mk() { const o = {n: 0}; o.n++; return o; } const a = mk(); const b = mk(); return {a, b, same: a === b};`:                                                                                          true,
	`const r = []; [1, 2, 3].forEach(x => { if (x === 2) return; r.push(g(x)); }); function g(x) { for (const y of [x, x]) { if (y > 2) return y * 10; } return h(x); } function h(x) { return -x; } return {r};`: true,
	`function f(x) { return typeof y; } { let y = 1; } return {v: f()};`:                                                                                                                                          false,
	`function f(x) { return x; } return {v: [1].map(f => f * 2), w: f(1)};`:                                                                                                                                       false,
	`function f(a) { a = [9]; a.push(1); return a; } return {v: f([1])};`:                                                                                                                                         false,
	`function mk() { const a = []; return a; } const b = mk(); b.push(1); return {b};`:                                                                                                                            false,
	`function a0(x) { return x + 1; } function a1(x) { return a0(x) + a0(x); } function a2(x) { return a1(x) + a1(x); } function a3(x) { return a2(x) + a2(x); } function a4(x) { return a3(x) + a3(x); } function a5(x) { return a4(x) + a4(x); } function a6(x) { return a5(x) + a5(x); } function a7(x) { return a6(x) + a6(x); } function a8(x) { return a7(x) + a7(x); } return {v: a8(1)};`: false,
	// Constants of the script's top level, read after their declaration.
	`const m = 2; let s = 0; for (let i = 0; i < 2; i++) s += f(i); function f(x) { return x * m; } return {s};`:                                                        true,
	`const r = 5; function f() { const r = 1; return r; } return {v: f() + r};`:                                                                                         true,
	`const a = [3, 1, 2]; function cmp(x, y) { return x - y; } a.sort((x, y) => cmp(x, y)); return {a};`:                                                                true,
	`const a = [1]; function get() { return a; } const b = get(); a.push(2); return {b};`:                                                                               true,
	`const o = {n: 1}; function get() { return o.n; } o.n = 5; return {v: get()};`:                                                                                      true,
	`const o = {n: 1}; function get() { return o; } const r = get(); o.n = 2; return {r};`:                                                                              true,
	`const a = [1]; function get() { return a; } const r = {x: get()}; a.push(2); return r;`:                                                                            true,
	`const o = {}; function f() { Object.assign(o, {a: 1}); return 1; } f(); return {o};`:                                                                               false,
	`const o = {a: 1}; function f() { delete o.a; return 1; } f(); return {o};`:                                                                                         false,
	`const a = [2, 1]; function f() { a.sort(); return a; } return {v: f()};`:                                                                                           false,
	`const a = [2, 1]; function f() { return a.sort(); } return {v: f()};`:                                                                                              false,
	`const a = []; function f(xs) { xs.forEach(x => { a.push(x); }); return a.length; } return {n: f([1, 2])};`:                                                         false,
	`const k = 0; function f() { for (k of [1]) {} return k; } return {v: f()};`:                                                                                        false,
	`let s = 0; for (let i = 0; i < 2; i++) s += f(i); const m = 2; function f(x) { return x * m; } return {s};`:                                                        false,
	`function f() { return k; } const k = f(); return {k};`:                                                                                                             false,
	`const t = 5; function f(x) { if (x) { var t = 1; } return t; } return {v: f(1)};`:                                                                                  false,
	`const a = [3, 1, 2]; function cmp(x, y) { return a[0] - x + y; } a.sort((x, y) => cmp(x, y)); return {a};`:                                                         false,
	`const k = 3; function f(a) { { const k = 4; a += k; } return k * a; let k = 2; } return {v: f(1)};`:                                                                false,
	"const k = [1]; function f() { let n = 0; for (const k of k) n++; return n; } return {v: f()};":                                                                     false,
	"const k = {a: 1}; function f() { let n = 0; for (const k in k) n++; return n; } return {v: f()};":                                                                  false,
	"const k = [1, 2]; function f() { let n = 0; for (const x of k) n += x; return n; } return {v: f()};":                                                               true,
	"const k = [1, 2]; function f() { let n = 0; for (const k of [3]) n += k; return n + k[0]; } return {v: f()};":                                                      true,
	`const o = {}; function set(k) { o[k] = 1; return 1; } set("a"); return {o};`:                                                                                       false,
	`let base = 1; function f(x) { const b = base; return x + b; } return {v: f(1)};`:                                                                                   true,
	"function total(items) { return items.reduce((s, i) => s + i.qty, 0); } let t = 0; for (const i of $.items ?? []) t += i.qty; return {t, u: total($.items ?? [])};": true,
	// Helpers a const declares: callable after the declaration.
	`const lineTotal = i => i.qty * parseFloat(i.price); let t = 0; for (const i of $.items ?? []) t += lineTotal(i); return {t};`: true,
	`const f = (a, b = 2) => { const s = a + b; return s; }; return {v: f(1), w: f($.n, 1)};`:                                      true,
	`const f = function (x) { return x * 2; }; return {v: f($.n)};`:                                                                true,
	`function g(x) { return f(x) + 1; } const f = x => x * 2; return {v: g(1)};`:                                                   true,
	`const f = x => x * k; const k = 2; return {v: f(3)};`:                                                                         true,
	`const v = f(1); const f = x => x; return {v};`:                                                                                false,
	`function g(x) { return f(x) + 1; } const a = g(1); const f = x => x * 2; return {a};`:                                         false,
	`const f = x => x * k; const r = f(3); const k = 2; return {r};`:                                                               false,
	`const f = x => x; const g = f; return {v: g(1)};`:                                                                             false,
	`const f = x => this; return {v: f()};`:                                                                                        false,
	`const f = (...xs) => xs.length; return {v: f(1, 2)};`:                                                                         false,
	`const f = async x => x; return {v: 1};`:                                                                                       false,
	`const f = function g(x) { return x; }; return {v: f(1)};`:                                                                     false,
	`const f = x => x, g = 2; return {v: f(1)};`:                                                                                   false,
	`const f = x => f(x); return {v: 1};`:                                                                                          false,
	`let f = x => x; return {v: f(1)};`:                                                                                            false,
	// Parameters: patterns of names and defaults.
	`function f({qty, price}) { return qty * parseFloat(price); } let t = 0; for (const i of $.items ?? []) t += f(i); return {t};`: true,
	`function f([a, b]) { return a + b; } return {v: f([1, 2]), w: f($.arr ?? [])};`:                                                true,
	`function f(x, digits = 2) { return String(x).slice(0, digits); } return {a: f($.s), b: f($.s, 0)};`:                            true,
	`function f(a, b = a * 2) { return a + b; } return {v: f(1), w: f(1, undefined), z: f(1, null)};`:                               true,
	`function f({first} = {}) { return first ?? "none"; } return {v: f(), w: f($.customer)};`:                                       true,
	`function f({first}) { return first; } return {v: f($.customer)};`:                                                              true,
	`const d = 5; function f(x = d) { return x; } return {v: f(), w: f(1)};`:                                                        true,
	`function f(x = g()) { return x; } function g() { return 7; } return {v: f()};`:                                                 true,
	`function f(a = b, b = 1) { return a; } return {v: f()};`:                                                                       false,
	`function f(a = a) { return a; } return {v: f(1)};`:                                                                             false,
	`function f(x = f(1)) { return x; } return {v: f()};`:                                                                           false,
	`function f(x = this) { return x; } return {v: f(1)};`:                                                                          false,
	`function f(x = arguments.length) { return x; } return {v: f()};`:                                                               false,
	`function f(...r) { return r; } return {v: f(1, 2)};`:                                                                           false,
	`function f({a: {b}}) { return b; } return {v: f({a: {b: 1}})};`:                                                                false,
	// Top-level let and var bindings: read at the call, never assigned.
	`let base = 1; function f(x) { return x + base; } base = 5; return {v: f(1)};`:                               true,
	`let t = 0; function f(x) { return x + t; } for (const x of [1, 2, 3]) t += f(x); return {t};`:               true,
	`let a = []; function f() { return a.length; } a.push(1); const n = f(); a = [1, 2, 3]; return {n, m: f()};`: true,
	`var v = 2; function f() { return v; } return {v: f()};`:                                                     true,
	`function f() { return typeof v; } var v = 2; return {t: f()};`:                                              true,
	`function f() { return v; } const r = f(); var v = 2; return {r};`:                                           false,
	`let x = 1; function f() { x = 2; return x; } return {v: f()};`:                                              false,
	`let x = 1; function f() { x++; return 1; } f(); return {x};`:                                                false,
	`let o = {}; function f() { o.a = 1; return o; } return {v: f()};`:                                           false,
	`let a = [1]; function f() { for (a of [[2]]) {} return a; } return {v: f()};`:                               false,
	// A helper returning its argument aliases it, as in JavaScript.
	`function id(x) { return x; } const arr = []; const b = id(arr); arr.push(1); return {b};`:       true,
	`function wrap(x) { return [x]; } const arr = []; const w = wrap(arr); arr.push(1); return {w};`: true,
	`function wrap(x) { return {x}; } const o = {}; const w = wrap(o); o.k = 1; return {w};`:         true,
	`function id(x) { return x; } const arr = [1]; let b = 0; b = id(arr); arr[1] = 5; return {b};`:  true,
	`function id(x) { return x; } const arr = []; const r = {a: id(arr)}; arr.push(1); return r;`:    true,
}

// FuzzHelperBodies builds scripts with helpers from fragments the fuzzer
// chooses (helperScript) and runs them natively and in goja over the
// script records: where the native compiler takes one, both must write
// the same.
func FuzzHelperBodies(f *testing.F) {
	for i := range 64 {
		f.Add(helperChoices(i))
	}
	records := scriptRecords(f)[:12]
	f.Fuzz(func(t *testing.T, choices []byte) {
		src := helperScript(choices)
		n, g, ok := scriptPair(t, src, false)
		if ok && n.Native() {
			compareScript(t, src, n, g, records)
		}
	})
}

// TestHelperBodiesMatchGoja runs three hundred of FuzzHelperBodies'
// scripts, and checks that the fragments make scripts the native compiler
// takes as well as ones it leaves to goja.
func TestHelperBodiesMatchGoja(t *testing.T) {
	records := scriptRecords(t)[:12]
	native, goja := 0, 0
	for i := range 300 {
		src := helperScript(helperChoices(i))
		n, g, ok := scriptPair(t, src, false)
		switch {
		case !ok:
		case n.Native():
			native++
			compareScript(t, src, n, g, records)
		default:
			goja++
		}
	}
	t.Logf("generated helper scripts: %d native, %d in goja", native, goja)
	assert.Greater(t, native, 80)
	assert.Greater(t, goja, 50)
}

// helperChoices returns the i-th choice list of a fixed sequence.
func helperChoices(i int) []byte {
	b := make([]byte, 10)
	x := uint32(i)*2654435761 + 12345
	for j := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[j] = byte(x >> 8)
	}
	return b
}

// helperScript makes a script from choices: what comes before the
// helpers, the statements of helper f(a, b), the body of helper g(v),
// how the script calls f, what it declares after the calls, f's
// parameters and how g is declared.
func helperScript(choices []byte) string {
	next := func() int {
		if len(choices) == 0 {
			return 0
		}
		c := choices[0]
		choices = choices[1:]
		return int(c)
	}
	pick := func(options []string) string { return options[next()%len(options)] }
	before := pick([]string{"", "const k = 3;", "let q = 1;", "const k = [1, 2];", "const q = {a: 1};",
		"{ const k = 9; }", "let q = [1]; q.push(2);", "var q = 4;"})
	var body strings.Builder
	for range 1 + next()%5 {
		body.WriteString(pick(helperStmts) + " ")
	}
	g := pick(helperGBodies)
	call := pick(helperCalls)
	after := pick([]string{"", "", "const k = 5;", "let q = 2;"})
	sig := pick([]string{"a, b", "a, b", "a, b = 1", "a = 0, b = a", "a, {length: b} = []", "[a, b] = [1, 2]"})
	gDecl := fmt.Sprintf(pick([]string{"function g(v) { %s }", "const g = (v) => { %s };", "const g = function (v) { %s };"}), g)
	return fmt.Sprintf("%s function f(%s) { let x = a; %s} %s function h(u) { return u === undefined ? 0 : 1; } %s",
		before, sig, body.String(), gDecl, fmt.Sprintf(call, after))
}

// helperStmts are the statements helper f(a, b) is made of, after let x = a.
var helperStmts = []string{
	"const y = b ?? 1;", "x = x * 2 + 1;", "x += b ?? 1;", "return x;", "return x + 1;",
	"if (a > 1) return a;", `if (typeof a === "string") { return a.length; }`, "if (!a) { return; }",
	"for (const v of [a, b]) { if (v) x += v; }", "for (let i = 0; i < 3; i++) { if (i === 2) break; x += i; }",
	"while (x < 5 && x > -5) { x++; }", "return x;", "return g(a) + x;", "return [a, b].map(v => g(v));",
	"const o = {a, b}; o.c = x; return o;", "const r = []; r.push(a, x); return r;",
	`switch (typeof a) { case "number": return a * k; default: break; }`,
	"try { x = JSON.parse(b); } catch (e) { x = -1; }", "return k * a;", "let k = 2;", "{ const k = 4; x += k; }",
	"(Array.isArray(a) ? a : []).forEach(v => { if (v == null) return; x += v; });",
	"return typeof q;", "return q;", "var w = x; x = w;", "x = out;", "return this;", "return f(a);",
	"a = a ?? 0; x = a;", "return {x, k};", "if (a) { var z = 1; } return z;", "return h(a) + h(b);",
	"q = a;", "q.a = x;", "k.push(x);", "return [q, k];",
	"{ let q = x; x = q + 1; }", "for (const q of [a]) x += q;", "x = [1].map(k => k + x)[0];",
	"if (x) { const k = 1; return k + x; }", "return typeof k;", "x = typeof q === \"number\" ? q : x;",
	"x = [a].map(q => q ?? 0)[0];", "x += [1, 2].reduce((s, k) => s + k, 0);", "[a].forEach(q => { x = q; });",
}

// helperGBodies are bodies of helper g(v).
var helperGBodies = []string{
	"return v * 2;", "const w = v; return w + 1;", "if (v) return 1; return 0;", "return k + v;",
	"let s = 0; for (const c of String(v)) s++; return s;", "return h(v) - 1;", "return g(v);", "return q;",
}

// helperCalls are script bodies calling f; %s is what they declare after
// the calls.
var helperCalls = []string{
	"const res = {r: f($.n, $.s), s: f(f(1, 2), $.arr)}; %s return res;",
	"let t = 0; for (const it of Array.isArray($.items) ? $.items : []) t += f(it.qty, it.price); %s return {t};",
	"const m = (Array.isArray($.arr) ? $.arr : []).map(v => f(v, v)); %s return {m};",
	`const r = []; for (const x of [1, "2", null]) r.push(f(x, $.id)); %s return {r};`,
	"const a = f($.n); const b = g(a) + f(a, a); %s return {a, b};",
	"let o = 0; { const w = 7; o = f(w, $.n); } %s return {o};",
	"const r = []; for (const w of [1, 2]) { r.push(f(w, 0)); } %s return {r, x: f(r, r)};",
	"let o = 0; if ($.flag) { o = f(true, 1); } else { o = g($.s); } %s return {o};",
	"const s = [3, 1, 2, 5]; s.sort((p, r) => g(p) - g(r) || f(p, r) - f(r, p)); %s return {s};",
}
