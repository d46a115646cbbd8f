package script_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/script"
)

// hoistCases declare helper functions, most of them moved out of the
// wrapper (hoist.go), some not.
var hoistCases = []string{
	"function lineTotal(i) {\n  return i.qty * parseFloat(i.price);\n}\nlet t = 0;\nfor (const i of msg.items) t += lineTotal(i);\nreturn {t}",
	`return f(2); function f(x) { return x * 3 }`,
	`function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) } return fact(10)`,
	`function deep(n) { return deep(n + 1) } return deep(0)`,
	`function a(x) { return b(x) + 1 } function b(x) { return x * 2 } return a(msg.n)`,
	`function f(x) {
  const y = x.missing;
  return y.z;
}
return f(msg)`,
	`function f() { return this === globalThis } return f()`,
	`function f() { return typeof counter === "undefined" ? (counter = 1) : ++counter } return [f(), f()]`,
	`function f() { return g } g = 5; return f()`,
	`function f(x) { let s = 0; for (const v of x) s += v; return s } return f([1, 2, 3])`,
	`function f(x) { const g = y => y + x; return g(1) } return f(msg.n)`,
	`function f(x) { function inner(k) { return k * x } return inner(2) } return f(4)`,
	`function f() { throw new Error("boom") } return f()`,
	`function f() { return Math.max(1, 2) } const Math2 = 1; return f() + Math2`,
	`function f() { return msg.n } return f()`,
	`let k = 1; function f() { return k } k = 2; return f()`,
	`function f() { return 1 } f.x = 2; return f() + f.x`,
	`function f() { return 1 } return [typeof f, f()]`,
	`function f() { return 1 } function f() { return 2 } return f()`,
	`function f(a, b) { return [a, b] } return f(1)`,
	`function F() { this.a = 1 } return new F().a`,
	`function f() { return 1 } { let f = () => 2; return f() }`,
	`function f(x) { if (x) { let q = 1; return q } return typeof q } return [f(true), f(false)]`,
	`function f() { return [].concat(arguments.length) } return f(1, 2)`,
	`"use strict"; function f() { return this } return [f() === undefined]`,
	`async function f() { return 1 } return typeof f()`,
	`function* f() { yield 1 } return [...f()]`,
	`function f(x = 1) { return x } return f()`,
	`function f({a}) { return a } return f({a: 7})`,
	`function f(...r) { return r.length } return f(1, 2)`,
	`function f() { Array.prototype.hoisted = 1; return [].hoisted } return f()`,
	`function f(s) { return s.toUpperCase() } return msg.items.map(i => f(i.price))`,
	`function f() { return msg2 } return f()`,
}

// TestHoistedFunctionsMatchDeclarations runs every case as compiled and
// with a comment naming arguments, which keeps the declarations in place:
// results and errors (positions included) must be the same, on the first
// call and on a later call of the same runtime.
func TestHoistedFunctionsMatchDeclarations(t *testing.T) {
	arg := map[string]any{"n": 3.0, "items": []any{
		map[string]any{"qty": 2.0, "price": "1.50"}, map[string]any{"qty": 1.0, "price": "2.25"}}}
	for _, src := range hoistCases {
		want := hoistRuns(t, src+"\n// arguments", arg)
		got := hoistRuns(t, src, arg)
		assert.Equal(t, want, got, src)
	}
}

// hoistRuns calls src three times on one Program and returns the JSON of
// each result or its error.
func hoistRuns(t *testing.T, src string, arg any) []string {
	t.Helper()
	p, err := script.Compile("hoist.js", src, "msg")
	require.NoError(t, err, src)
	var out []string
	for range 3 {
		res, err := p.Call(context.Background(), arg)
		out = append(out, resultText(t, res, err))
	}
	return out
}

// TestHoistedFunctionErrorPosition: an exception inside a moved function
// is reported where it is in the snippet.
func TestHoistedFunctionErrorPosition(t *testing.T) {
	p, err := script.Compile("hoist.js", "function f(x) {\n  return x.y.z;\n}\nreturn f(msg)", "msg")
	require.NoError(t, err)
	_, err = p.Call(context.Background(), map[string]any{})
	var se *script.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, [2]int{2, 14}, [2]int{se.Line, se.Column})
}

// resultText is the JSON of a call's result, "undefined", or its error.
func resultText(t *testing.T, res any, err error) string {
	t.Helper()
	if err != nil {
		return "error: " + err.Error()
	}
	if res == script.Undefined {
		return "undefined"
	}
	b, err := jsoncodec.AppendJSON(nil, res)
	require.NoError(t, err)
	return string(b)
}

// FuzzHoistedFunctions compares snippets compiled with their helper
// functions moved (hoist.go) against the same snippets with the
// declarations in place: same results, same errors.
func FuzzHoistedFunctions(f *testing.F) {
	for _, src := range hoistCases {
		f.Add(src)
	}
	arg := map[string]any{"n": 3.0, "items": []any{map[string]any{"qty": 2.0, "price": "1.50"}}}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := script.Compile("hoist.js", src, "msg")
		// On the last line, so that line numbers cannot differ.
		q, qerr := script.Compile("hoist.js", src+" // arguments", "msg")
		if err != nil || qerr != nil {
			return // a syntax error, or a comment the source leaves open
		}
		p, q = p.WithOptions(script.Options{Timeout: time.Second}), q.WithOptions(script.Options{Timeout: time.Second})
		for range 2 {
			got, gerr := p.Call(context.Background(), arg)
			want, werr := q.Call(context.Background(), arg)
			if gerr != nil || werr != nil {
				if gerr == nil || werr == nil || gerr.Error() != werr.Error() {
					t.Fatalf("%q: error %v, in place %v", src, gerr, werr)
				}
				continue
			}
			assert.Equal(t, resultText(t, want, nil), resultText(t, got, nil), src)
		}
	})
}
