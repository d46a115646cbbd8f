package mapping_test

import (
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
	`let base = 1; function f(x) { return x + base; } return {v: f(1)};`:                                                                     false,
	`function f(x) { return x + $.n; } return {v: f(1)};`:                                                                                    true,
	`function f(n) { return n ? f(n - 1) : 0; } return {v: f(3)};`:                                                                           false,
	`function f() { return 1; } function g() { return f(); } return {v: g()};`:                                                               true,
	`function f(x) { return x; } const g = f; return {v: g(1)};`:                                                                             false,
	`function f(x) { return x; } f.y = 1; return {v: f(1)};`:                                                                                 false,
	`function f(x) { return x; } return {v: f(...$.arr)};`:                                                                                   false,
	`function f(x) { x = 2; return x; } return {v: f(1)};`:                                                                                   true,
	`function f(x) { return x++; } return {v: f(1)};`:                                                                                        false,
	`function f(x) { const y = x; return y; } return {v: f(1)};`:                                                                             true,
	`function f(x = 1) { return x; } return {v: f()};`:                                                                                       false,
	`function f({a}) { return a; } return {v: f($)};`:                                                                                        false,
	`function f(x) { return function () { return x; }; } return {v: f(1)()};`:                                                                false,
	`function f() { return 1; } function f() { return 2; } return {v: f()};`:                                                                 false,
	`if ($.n) { function f() { return 1; } } return {v: 1};`:                                                                                 false,
	`async function f() { return 1; } return {v: typeof f()};`:                                                                               false,
	// A helper returning its argument aliases it, as in JavaScript.
	`function id(x) { return x; } const arr = []; const b = id(arr); arr.push(1); return {b};`:       true,
	`function wrap(x) { return [x]; } const arr = []; const w = wrap(arr); arr.push(1); return {w};`: true,
	`function wrap(x) { return {x}; } const o = {}; const w = wrap(o); o.k = 1; return {w};`:         true,
	`function id(x) { return x; } const arr = [1]; let b = 0; b = id(arr); arr[1] = 5; return {b};`:  true,
	`function id(x) { return x; } const arr = []; const r = {a: id(arr)}; arr.push(1); return r;`:    true,
}
