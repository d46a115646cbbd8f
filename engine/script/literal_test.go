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

// literalCases return object literals, most of them simple enough to be
// compiled as calls of the hidden parameter (literal.go).
var literalCases = []string{
	`return {a: msg.n, b: msg.s, c: [1, {d: 2}], e: {f: msg.o}}`,
	`const a = 1, b = "x"; return {a, b, 'c d': null, "e-f": true}`,
	`return {u: undefined, n: NaN, i: -Infinity, z: -0, big: 1e21}`,
	`return {f: Math.max, s: Symbol("x"), k: 1}`,
	`return {bad: msg.missing.x}`,
	`let x = 1;
return {
  ok: 1,
  oops: x.y.z,
}`,
	`Object.prototype.toJSON = function () { return {wrapped: Object.keys(this)} }; return {a: 1, b: 2}`,
	`Object.prototype.toJSON = 5; return {a: 1}`,
	`Object.prototype.toJSON = function () { return this }; return {a: 1}`,
	`Object.defineProperty(Object.prototype, "a", {set() { throw new Error("setter") }}); return {a: 1}`,
	`return {b: 1, 2: "two", 1: "one"}`,
	`return {b: 1, "10": "ten", a: 2}`,
	`return {a: 1, a: 2, b: 3}`,
	`return {__proto__: {p: 1}, own: 2}`,
	`return {toJSON() { return "mine" }, a: 1}`,
	`return {get a() { return 1 }, b: 2}`,
	`const o = {x: 1}; return {...o, y: 2}`,
	`const k = "dyn"; return {[k]: 1, b: 2}`,
	`return {f: function () {}, g: 1}`,
	`try { return {a: 1} } finally { msg.n }`,
	`try { return {a: 1} } finally { return {b: 2} }`,
	`try { throw 1 } catch (e) { return {caught: e} }`,
	`for (const i of [1, 2, 3]) { if (i === 2) return {at: i} } return {none: true}`,
	`switch (msg.n) { case 1: return {one: 1}; default: return {other: msg.n} }`,
	`if (msg.n > 5) { return {big: true} } else return {big: false, n: msg.n}`,
	`const g = () => ({inner: 1}); return g()`,
	`function h() { return {fromH: 1} } return {h: h()}`,
	`label: { if (msg.n) return {labelled: 1}; break label } return {after: 1}`,
	`var __weftResult = 5; return {clash: __weftResult}`,
	`return {"größe": 1, ascii: 2}`,
	`return {a: "x".repeat(100)}`,
	`return {}`,
	`return {msg}`,
	`return {n: m\u0073g.n, s: "\u00e9"}`,
}

// TestReturnedLiteralsMatchObjects runs every case as compiled (literals as
// calls where possible) and with a comment naming arguments, which keeps
// the object literals: results, errors and key order must be the same.
func TestReturnedLiteralsMatchObjects(t *testing.T) {
	arg := map[string]any{"n": 1.0, "s": "str", "o": map[string]any{"k": "v"}}
	for _, strict := range []bool{false, true} {
		for _, src := range literalCases {
			opts := script.Options{Stringify: !strict, MaxOutputBytes: 80}
			want, wantErr := runLiteral(t, src+"\n// arguments", opts, arg)
			got, gotErr := runLiteral(t, src, opts, arg)
			assert.Equal(t, wantErr, gotErr, "%s (strict %v)", src, strict)
			assert.Equal(t, want, got, "%s (strict %v)", src, strict)
		}
	}
}

// runLiteral calls src twice on one runtime (so a change a call makes to
// a built-in shows in the second) and returns the JSON of the second
// result, or its error.
func runLiteral(t *testing.T, src string, opts script.Options, arg any) (string, string) {
	t.Helper()
	p, err := script.Compile("lit.js", src, "msg")
	require.NoError(t, err, src)
	p = p.WithOptions(opts)
	_, _ = p.Call(context.Background(), arg)
	res, err := p.Call(context.Background(), arg)
	if err != nil {
		return "", err.Error()
	}
	if res == script.Undefined {
		return "undefined", ""
	}
	b, err := jsoncodec.AppendJSON(nil, res)
	require.NoError(t, err, src)
	return string(b), ""
}

// TestReturnedLiteralWithFewerArguments: the hidden parameter follows the
// snippet's own, whether the call gives all of them, fewer or more.
func TestReturnedLiteralWithFewerArguments(t *testing.T) {
	p, err := script.Compile("lit.js", `return {a: typeof a, b: typeof b}`, "a", "b")
	require.NoError(t, err)
	for _, args := range [][]any{{}, {1.0}, {1.0, "x"}, {1.0, "x", true}} {
		res, err := p.Call(context.Background(), args...)
		require.NoError(t, err)
		want := map[string]any{"a": "undefined", "b": "undefined"}
		if len(args) > 0 {
			want["a"] = "number"
		}
		if len(args) > 1 {
			want["b"] = "string"
		}
		assert.Equal(t, want, jsoncodec.Plain(res), "%d arguments", len(args))
	}
}

// TestReturnedLiteralErrorPosition: an exception in a member's value is
// reported where it is in the snippet, as for the object literal.
func TestReturnedLiteralErrorPosition(t *testing.T) {
	src := "const x = null;\nreturn {\n  a: 1,\n  b: x.y,\n}"
	var pos [2][2]int
	for i, s := range []string{src, src + " // arguments"} {
		p, err := script.Compile("lit.js", s, "msg")
		require.NoError(t, err)
		_, err = p.Call(context.Background(), nil)
		var se *script.Error
		require.ErrorAs(t, err, &se)
		pos[i] = [2]int{se.Line, se.Column}
	}
	assert.Equal(t, 4, pos[0][0])
	assert.Equal(t, pos[1], pos[0])
}

// forOfCases loop with for…of over arrays and other iterables, most of
// them loops compiled as indexed ones when the array's iteration is the
// built-in one (forof.go).
const forOfPrelude = `const L123 = [1, 2, 3], L12 = [1, 2], L1 = [1], L567 = [5, 6, 7], L9 = [9], L34 = [3, 4]; `

var forOfCases = []string{
	`let t = 0; for (const i of msg.items) t += i.qty * 2; return [t, msg.items.length]`,
	`const fs = []; for (let x of L123) { fs.push(() => x); x *= 10 } return fs.map(f => f())`,
	`for (const x of L1) { x = 2 } return 1`,
	`const r = []; outer: for (const a of L123) { for (const b of L123) { if (b == 2) continue outer; if (a == 3) break outer; r.push(a * 10 + b) } } return r`,
	`const r = []; for (const a of L123) { if (a == 2) continue; r.push(a) } return r`,
	`for (const a of L567) if (a > 5) return [a]; return null`,
	`const r = []; for (const [k, v] of Object.entries(msg.o)) r.push(k + "=" + v); return r`,
	`const r = []; const objs = [{a: 1}, {a: 2, b: 3}]; for (const {a, b = 5} of objs) r.push(a, b); return r`,
	`const x = [1]; { for (const x of x) {} } return 1`,
	`const r = []; const str = "hé😀"; for (const c of str) r.push(c); return r`,
	`const r = []; const m = new Map([["a", 1]]), set = new Set([3, 3, 4]); for (const [k, v] of m) r.push(k, v); for (const s of set) r.push(s); return r`,
	`Array.prototype[Symbol.iterator] = function* () { yield 42 }; const r = []; for (const x of L12) r.push(x); return r`,
	`const a = [1, 2]; a[Symbol.iterator] = () => [7][Symbol.iterator](); const r = []; for (const x of a) r.push(x); return r`,
	`const p = Object.getPrototypeOf([][Symbol.iterator]()), n = p.next;
p.next = function () { const r = n.call(this); if (!r.done) r.value *= 2; return r };
const r = []; for (const x of L12) r.push(x); return r`,
	`const log = [], ip = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
ip.return = function () { log.push("closed"); return {} };
for (const x of L12) { break } delete ip.return; return log`,
	`const log = [], ap = Object.getPrototypeOf([][Symbol.iterator]());
ap.return = function () { log.push("closed"); return {} };
for (const x of L12) { if (x == 2) throw new Error("out") } delete ap.return; return log`,
	`const log = [], ap = Object.getPrototypeOf([][Symbol.iterator]());
ap.return = function () { log.push("closed"); return {} };
try { for (const x of L12) { if (x == 2) throw new Error("out") } } catch (e) { log.push(e.message) } delete ap.return; return log`,
	`const a = [1, 2, 3], r = []; for (const x of a) { if (a.length < 6) a.push(x * 10); r.push(x) } return r`,
	`const a = [1, 2, 3, 4], r = []; for (const x of a) { a.length = 2; r.push(x) } return r`,
	`const r = [], holes = [1, , 3]; for (const x of holes) r.push(x); return r`,
	`const p = Object.create(Array.prototype), a = [1, , 3]; p[1] = "proto"; Object.setPrototypeOf(a, p);
const r = []; for (const x of a) r.push(x); return r`,
	`for (const x of msg.missing) {} return 1`,
	`const f = () => undefined; for (const x of f()) {} return 1`,
	`for (const x of msg.o.nope()) {} return 1`,
	`const r = []; for (const c of msg.o.k.split("")) r.push(c); for (const k of Object.keys(msg.o)) r.push(k); return r`,
	`const r = []; for (const x of L123.filter(x => x > 1)) r.push(x); return r`,
	`const r = []; for (const x of L123.map(function (x) { return x * 2 })) r.push(x); return r`,
	`for (const x of msg.o.k.length) {} return 1`,
	`const u = undefined; for (const x of u) {} return 1`,
	`const o = {}; for (const x of o) {} return 1`,
	`for (const x of {}) {} return 1`,
	`const log = []; const px = new Proxy([1, 2], {get(t, k, r) { log.push(String(k)); return Reflect.get(t, k, r) }}); for (const x of px) log.push(x); return log`,
	`const a = []; a.length = 2 ** 32 - 1; for (const x of a) { break } return 1`,
	`for (var x of L12) {} let y; for (y of L34) {} return [x, y]`,
	`const a = [1, 2], r = []; Object.defineProperty(a, 1, {get() { r.push("get"); return 9 }}); for (const x of a) r.push(x); return r`,
	`const r = []; for (const x of L1) { const x = 2; r.push(x) } return r`,
	`const r = []; const u8 = new Uint8Array([1, 2]); for (const x of u8) r.push(x); return r`,
	`let t = 0;
for (const i of msg.items) t += i.nope.x;
return t`,
	`const r = []; try { for (const x of L12) { r.push(x); throw new Error("in body") } } catch (e) { r.push(e.message) } return r`,
	`const r = []; switch (1) { case 1: for (const x of L12) r.push(x) } while (r.length < 4) { for (const y of L9) r.push(y) } return r`,
	`const __weftIt = [8], r = []; for (const x of L1) r.push(x, __weftIt[0]); return r`,
	`const r = []; for (const x of L12) { function g() { return x } r.push(g()) } return [r, typeof g]`,
	`const r = []; for (const x of L12) { var v = x; r.push(() => v) } return r.map(f => f())`,
	`const r = []; for (const x of L12) for (const y of L12) for (const z of L1) r.push([x, y, z]); return r`,
}

// TestForOfMatchesIteration runs every case as compiled and with a comment
// naming arguments, which keeps the for…of loops as they are.
func TestForOfMatchesIteration(t *testing.T) {
	arg := map[string]any{"items": []any{map[string]any{"qty": 2.0}, map[string]any{"qty": 3.5}}, "o": map[string]any{"k": "v", "j": 1.0}}
	for _, src := range forOfCases {
		src = forOfPrelude + src
		opts := script.Options{Stringify: true}
		want, wantErr := runLiteral(t, src+"\n// arguments", opts, arg)
		got, gotErr := runLiteral(t, src, opts, arg)
		assert.Equal(t, wantErr, gotErr, src)
		assert.Equal(t, want, got, src)
	}
}

// TestRewrittenLoopStillTimesOut: the watchdog stops a runaway loop in a
// rewritten for…of, with the same error as in the for…of.
func TestRewrittenLoopStillTimesOut(t *testing.T) {
	src := `const a = [1]; let n = 0; for (const x of a) { n++; if (a.length < 4) a.push(x) } while (true) {} return {n}`
	for _, s := range []string{src, src + " // arguments"} {
		p, err := script.Compile("loop.js", s, "msg")
		require.NoError(t, err)
		_, err = p.WithOptions(script.Options{Timeout: 50 * time.Millisecond}).Call(context.Background(), nil)
		require.ErrorIs(t, err, script.ErrTimeout, s)
		assert.Contains(t, err.Error(), "after 50ms", s)
	}
	p, err := script.Compile("loop.js", `const a = [1]; for (const x of a) a.push(x); return {n: a.length}`, "msg")
	require.NoError(t, err)
	_, err = p.WithOptions(script.Options{Timeout: 50 * time.Millisecond}).Call(context.Background(), nil)
	require.ErrorIs(t, err, script.ErrTimeout)
}

// TestUnnamedParameterIsOnlyChecked: an argument whose parameter the
// snippet never names is not converted, but a bad one still fails the call
// as before.
func TestUnnamedParameterIsOnlyChecked(t *testing.T) {
	p, err := script.Compile("p.js", `return {a: a.x}`, "a", "out")
	require.NoError(t, err)
	res, err := p.Call(context.Background(), map[string]any{"x": 1.0}, map[string]any{"y": 2.0})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"a": 1.0}, jsoncodec.Plain(res))
	_, err = p.Call(context.Background(), map[string]any{"x": 1.0}, map[string]any{"y": struct{}{}})
	require.ErrorIs(t, err, script.ErrArgument)
	assert.Contains(t, err.Error(), "argument 2")
	// An escape can name a parameter: \u006fut is out.
	p, err = script.Compile("p.js", `return {y: \u006fut.y}`, "a", "out")
	require.NoError(t, err)
	res, err = p.Call(context.Background(), map[string]any{}, map[string]any{"y": 2.0})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"y": 2.0}, jsoncodec.Plain(res))
}

// TestNestedArgumentArrays: arrays inside arrays and objects convert in
// place, each element where it was.
func TestNestedArgumentArrays(t *testing.T) {
	arg := []any{[]any{1.0, []any{2.0, 3.0}}, []any{}, map[string]any{"a": []any{"x", []any{[]any{4.0}}}}, 5.0}
	p, err := script.Compile("arr.js", `return [msg, msg[0][1].length, msg[2].a[1][0][0], Array.isArray(msg[1])]`, "msg")
	require.NoError(t, err)
	for range 2 {
		res, err := p.Call(context.Background(), arg)
		require.NoError(t, err)
		assert.Equal(t, []any{arg, 2.0, 4.0, true}, jsoncodec.Plain(res))
	}
}
