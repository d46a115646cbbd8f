package script_test

import (
	"context"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/script"
)

// TestOrderedRecordObjects: a view over a *jsoncodec.Object enumerates
// its members in their order; keys a script adds follow, array indexes
// first as in JavaScript; results keep the order JavaScript gives them.
func TestOrderedRecordObjects(t *testing.T) {
	for src, want := range map[string]string{
		`return Object.keys(msg)`:                                      `["z","a","m"]`,
		`return Object.keys(msg.a)`:                                    `["1","9","y","x"]`,
		`return JSON.stringify(msg)`:                                   `"{\"z\":1,\"a\":{\"1\":3,\"9\":2,\"y\":1,\"x\":0},\"m\":[{\"q\":1,\"p\":2}]}"`,
		`msg.b = 1; msg[3] = 2; delete msg.a; return Object.keys(msg)`: `["3","z","m","b"]`,
		`return msg`:                    `{"z":1,"a":{"1":3,"9":2,"y":1,"x":0},"m":[{"q":1,"p":2}]}`,
		`return {...msg.a, k: 1, 0: 0}`: `{"0":0,"1":3,"9":2,"y":1,"x":0,"k":1}`,
		`const o = {}; for (const k in msg.m[0]) o[k] = k; return o`: `{"q":"q","p":"p"}`,
	} {
		rec, err := jsoncodec.DecodeJSON(`{"z":1,"a":{"y":1,"9":2,"x":0,"1":3},"m":[{"q":1,"p":2}]}`)
		require.NoError(t, err)
		p, err := script.Compile("order.js", src, "msg")
		require.NoError(t, err)
		got, err := p.Call(context.Background(), rec)
		require.NoError(t, err, src)
		out, err := jsoncodec.AppendJSON(nil, got)
		require.NoError(t, err)
		assert.Equal(t, want, string(out), src)
	}
}

func TestRecordObjects(t *testing.T) {
	msg := map[string]any{"b": 1.0, "a": map[string]any{"x": "y"}, "c": []any{map[string]any{"k": 1.0}}, "n": nil}
	tests := []struct {
		name string
		src  string
		want any
	}{
		{"keys sorted", `return Object.keys(msg)`, []any{"a", "b", "c", "n"}},
		{"added keys last", `msg.z = 1; msg.aa = 2; return Object.keys(msg)`, []any{"a", "b", "c", "n", "z", "aa"}},
		{"re-added key moves last", `delete msg.a; msg.a = 0; return Object.keys(msg)`, []any{"b", "c", "n", "a"}},
		{"deleted key gone", `delete msg.b; return ["b" in msg, msg.b === undefined, Object.keys(msg).length]`, []any{false, true, 3.0}},
		{"objects keep identity", `return [msg.a === msg.a, msg.c === msg.c, msg.c[0] === msg.c[0]]`, []any{true, true, true}},
		{"nested writes stick", `msg.a.x = "z"; msg.c[0].k++; return [msg.a.x, msg.c[0].k]`, []any{"z", 2.0}},
		{"own properties", `return [msg.hasOwnProperty("a"), msg.hasOwnProperty("toString"), "toString" in msg]`, []any{true, false, true}},
		{"null member", `return msg.n === null && "n" in msg`, true},
		{"stringify", `return JSON.stringify(msg)`, `{"a":{"x":"y"},"b":1,"c":[{"k":1}],"n":null}`},
		{"spread", `return {...msg.a, w: 1}`, map[string]any{"x": "y", "w": 1.0}},
		{"entries", `return Object.entries(msg.a)`, []any{[]any{"x", "y"}}},
		{"undefined member kept", `msg.u = undefined; return ["u" in msg, Object.keys(msg).length]`, []any{true, 5.0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := call(t, tt.src, msg)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	assert.Equal(t, map[string]any{"b": 1.0, "a": map[string]any{"x": "y"}, "c": []any{map[string]any{"k": 1.0}}, "n": nil}, msg)
}

func TestKeptRecordIsDetached(t *testing.T) {
	p, err := script.Compile("keep.js", `
		const before = typeof [].constructor === 'function' ? null : Object.keys([].constructor);
		Array.prototype.constructor = msg; // prototypes take no new members, but existing ones stay writable
		return before`, "msg")
	require.NoError(t, err)
	first := map[string]any{"a": 1.0}
	got, err := p.Call(context.Background(), first)
	require.NoError(t, err)
	assert.Nil(t, got)
	first["b"] = 2.0 // the caller reuses its map
	got, err = p.Call(context.Background(), map[string]any{"c": 3.0})
	require.NoError(t, err)
	assert.Equal(t, []any{}, got, "a record kept past its call reads as empty")
}

// TestKeptNestedRecordStaysDetached: views come from per-call slabs; one
// a call kept reads as empty in the later calls, which make as many views
// as it did, and never as their records.
func TestKeptNestedRecordStaysDetached(t *testing.T) {
	p, err := script.Compile("keep.js", `
		const kept = typeof [].constructor === 'function' ? null : Object.keys([].constructor);
		Array.prototype.constructor = msg.items[1];
		return [kept, msg.items.map(i => i.k)]`, "msg")
	require.NoError(t, err)
	record := func(n float64) map[string]any {
		return map[string]any{"items": []any{map[string]any{"k": n}, map[string]any{"k": n + 1}, map[string]any{"k": n + 2}}}
	}
	got, err := p.Call(context.Background(), record(1))
	require.NoError(t, err)
	assert.Equal(t, []any{nil, []any{1.0, 2.0, 3.0}}, jsoncodec.Plain(got))
	for n := 10.0; n < 40; n += 10 {
		got, err = p.Call(context.Background(), record(n))
		require.NoError(t, err)
		assert.Equal(t, []any{[]any{}, []any{n, n + 1, n + 2}}, jsoncodec.Plain(got), "call with %v", n)
	}
}

func TestGlobalAssignmentsAreUndone(t *testing.T) {
	lib := script.Library{"helper": func(context.Context, []any) (any, error) { return "h", nil }}
	p, err := script.CompileWithLibrary("g.js", `
		const seen = [typeof Math.max, String(undefined), helper(), Object.keys(globalThis)];
		Math = 1; undefined = 2; helper = 3; second = 4; first = 5; globalThis.third = 6;
		const after = [Math, typeof undefined, helper(), Object.keys(globalThis)];
		delete first; delete Math;
		return [seen, after, typeof first, typeof Math.max, globalThis["Ma" + "th"] === Math]`, lib)
	require.NoError(t, err)
	want := []any{
		[]any{"function", "undefined", "h", []any{}},
		[]any{1.0, "undefined", "h", []any{"Math", "second", "first", "third"}},
		"undefined", "function", true,
	}
	for range 2 {
		got, err := p.Call(context.Background())
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
}

func TestStrictGlobalWrites(t *testing.T) {
	_, err := call(t, `"use strict"; undeclared = 1`, nil)
	var se *script.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "ReferenceError: undeclared is not defined", se.Message)
	got, err := call(t, `"use strict"; globalThis.declared = 1; return declared`, nil)
	require.NoError(t, err)
	assert.Equal(t, 1.0, got)
}

func TestParseFloatMatchesBuiltin(t *testing.T) {
	inputs := []string{"19.99", "5.00", "0", "007", ".5", "5.", "1.2.3", "", ".", " 1.5", "1.5 ", "+1", "-2.5",
		"1e3", "1E-2", "Infinity", "-Infinity", "12abc", "0x10", "1_000", "١٢", "\u00a01", "NaN",
		"123456789012345678901234567890", "0.1000000000000000055511151231257827"}
	ref := goja.New()
	check := `[String(parseFloat(s)), Object.is(parseFloat(s), -0)]`
	for _, in := range inputs {
		require.NoError(t, ref.Set("s", in))
		want, err := ref.RunString(check)
		require.NoError(t, err)
		got, err := script.Compile("pf.js", "return "+check, "s")
		require.NoError(t, err)
		res, err := got.Call(context.Background(), in)
		require.NoError(t, err)
		assert.Equal(t, want.Export(), res, "parseFloat(%q)", in)
	}
	got, err := call(t, `return [parseFloat === Number.parseFloat, parseFloat.name, parseFloat.length, parseFloat({toString() { return "2.5" }})]`, nil)
	require.NoError(t, err)
	assert.Equal(t, []any{true, "parseFloat", 1.0, 2.5}, got)
	_, err = call(t, `return parseFloat({toString() { throw new Error("no") }})`, nil)
	var se *script.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "Error: no", se.Message)
}

func TestContextDeadlineInterrupts(t *testing.T) {
	p, err := script.Compile("loop.js", `while (true) {}`)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err = p.WithOptions(script.Options{Timeout: time.Minute}).Call(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	got, err := script.Compile("one.js", `return 1`)
	require.NoError(t, err)
	for range 100 { // many short calls: no interrupt from an earlier call leaks into a later one
		res, err := got.WithOptions(script.Options{Timeout: 100 * time.Millisecond}).Call(context.Background())
		require.NoError(t, err)
		require.Equal(t, 1.0, res)
	}
}

func TestArgumentObjectsCannotBeFrozen(t *testing.T) {
	_, err := call(t, `Object.freeze(msg); return 1`, map[string]any{"a": 1.0})
	var se *script.Error
	require.ErrorAs(t, err, &se)
	assert.Contains(t, se.Message, "TypeError")
	got, err := call(t, `const c = {...msg}; Object.freeze(c); return Object.isFrozen(c)`, map[string]any{"a": 1.0})
	require.NoError(t, err)
	assert.Equal(t, true, got, "a copy can be frozen")
}

// TestViewWritesAndDeletesLikeAnObject runs writes, deletes and reads of
// many keys on a record view and on a plain copy of it: both must answer
// alike (a view keeps the first members it holds inline, the rest in a
// map).
func TestViewWritesAndDeletesLikeAnObject(t *testing.T) {
	rec, err := jsoncodec.DecodeJSON(`{"a":{"x":1},"b":[1],"c":{"y":2},"d":3,"e":{"z":[]},"f":[{"q":1}],"g":"s"}`)
	require.NoError(t, err)
	p, err := script.Compile("ops.js", `
		var keys = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"], o = {}, diffs = [];
		for (var k of Object.keys($)) o[k] = $[k];
		for (var i = 0; i < 400; i++) {
			var k = keys[(i * 7 + (i >> 2)) % keys.length], a, b;
			switch (i % 5) {
			case 0: $[k] = i; o[k] = i; continue;
			case 1: delete $[k]; delete o[k]; continue;
			case 2: a = k in $; b = k in o; break;
			default: a = JSON.stringify($[k]); b = JSON.stringify(o[k]);
			}
			if (a !== b) diffs.push(i + " " + k + ": " + a + " / " + b);
		}
		return {diffs, view: JSON.stringify($), copy: JSON.stringify(o)};`, "$")
	require.NoError(t, err)
	got, err := p.Call(context.Background(), rec)
	require.NoError(t, err)
	res := jsoncodec.Plain(got).(map[string]any)
	assert.Empty(t, res["diffs"])
	assert.Equal(t, res["copy"], res["view"])
}
