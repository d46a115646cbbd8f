package script

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// reusable lists what a plan reuses: "$", the members ("c"), the lazy
// arrays ("items[]") and their elements ("items[i]").
func reusable(plan reusePlan) []string {
	if !plan.root {
		return nil
	}
	out := []string{"$"}
	for k, ok := range plan.members {
		if ok {
			out = append(out, k)
		}
	}
	for k, ok := range plan.lazy {
		if ok {
			out = append(out, k+"[]")
		}
	}
	for k, ok := range plan.elems {
		if ok {
			out = append(out, k+"[i]")
		}
	}
	slices.Sort(out)
	return out
}

// TestReusePlan: which views a snippet's calls may reuse.
func TestReusePlan(t *testing.T) {
	const helper = `function line(x) { return x.q * parseFloat(x.p); }
`
	tests := map[string][]string{
		`let n = 0; for (const i of $.items) n += i.q; return {n, c: $.c.x + $.c.y, l: $.items.length}`: {"$", "c", "items[i]", "items[]"},
		helper + `let n = 0; for (const i of $.items) n += line(i); return {n}`:                         {"$", "items[i]", "items[]"},
		`return {a: $.id, b: $.c.d.e}`:                             {"$", "c"}, // $.c.d is read whole
		`return {a: $.c}`:                                          {"$"},
		`return $`:                                                 nil,
		`return $["id"]`:                                           nil,
		`return {a: $.c.toString()}`:                               {"$"}, // called on $.c
		`return {a: $.c.f()}`:                                      {"$"},
		`return {a: $.c?.f()}`:                                     {"$"},
		`return {a: $.c.f?.()}`:                                    {"$"},
		`return {a: $.hasOwnProperty}`:                             nil, // an Object.prototype name
		`$.x = 1; return {a: $.id}`:                                nil,
		`$.c.x = 1; return {a: $.id}`:                              nil, // $ is in a written target
		`delete $.c.x; return {a: 1}`:                              nil,
		`return {f: () => $.id}`:                                   nil, // a closure keeps $
		`const f = () => $.c.x; return {a: f()}`:                   nil,
		`for (const i of $.items) {} return {a: arguments.length}`: nil,
		`const kept = []; for (const i of $.items) kept.push(i); return {n: kept.length}`:     {"$", "items[]"},
		`let k; for (const i of $.items) k = i; return {a: 1}`:                                {"$", "items[]"},
		`for (const i of $.items) { const f = () => i.q; } return {a: 1}`:                     {"$", "items[]"},
		`for (const i of $.items) i.q = 1; return {a: 1}`:                                     {"$", "items[]"},
		`for (const i of $.items) i.f(); return {a: 1}`:                                       {"$", "items[]"},
		`for (const i of $.items) void i.valueOf; return {a: 1}`:                              {"$", "items[]"},
		`for (const {q} of $.items) void q; return {a: 1}`:                                    {"$", "items[]"},
		`function keep(x) { return [x]; } for (const i of $.items) keep(i); return {a: 1}`:    {"$", "items[]"},
		`function g(x) { return () => x.q; } for (const i of $.items) g(i); return {a: 1}`:    {"$", "items[]"},
		`function g(x, x) { return x.q; } for (const i of $.items) g(i, 1); return {a: 1}`:    {"$", "items[]"},
		`function g(x) { return x.q; } for (const i of $.items) g(...[i]); return {a: 1}`:     {"$", "items[]"},
		`function g(x) { return x.q; } for (const i of $.items) g(1, i); return {a: 1}`:       {"$", "items[i]", "items[]"},
		`l: for (const i of $.items) void i.q; return {a: 1}`:                                 {"$"}, // not indexed
		`for (const i of $.items) void i.q; for (const i of $.items) void i.r; return {a: 1}`: {"$", "items[i]", "items[]"},
		`for (const i of $.items) void i.q; for (const j of $.items) void [j]; return {a: 1}`: {"$", "items[]"},
		`for (const i of $.items) void i.q; const i = 1; return {a: 1}`:                       {"$", "items[i]", "items[]"},
		`for (const i of $.items) void i.q; let i = 1; i = 2; return {a: 1}`:                  {"$", "items[]"},
	}
	for src, want := range tests {
		p, err := Compile("s.js", src, "$")
		require.NoError(t, err, src)
		slices.Sort(want)
		assert.Equal(t, want, reusable(p.lits.reuse), src)
	}
}

// reuseScripts are snippets whose calls reuse views, or try to keep one.
var reuseScripts = []string{
	`function line(x) { return x.q * (parseFloat(x.p) || 0); }
let n = 0; for (const i of $.items) n += line(i);
return {n, c: $.c.x + " " + $.c.y, l: $.items.length, id: $.id}`,
	`let s = ""; for (const i of $.items) for (const j of $.items) s += (i.q === j.q) + ","; return {s, x: $.c.x}`,
	`let n = 0; for (const i of $.items) { if (n > 0) break; n += i.q; } return {n, d: $.c.d}`,
	// A kept element or record reads as empty in later calls.
	`const k = parseInt.kept; let n = 0; for (const i of $.items) { parseInt.kept = i; n += i.q; } return {n, k: k ? k.q : "none"}`,
	`const k = parseInt.c; parseInt.c = $.c; return {id: $.id, k: k ? k.x : "none"}`,
	// An iterator that keeps its array: the call reuses nothing. (Made by
	// Function from pieces, as the analysis skips snippets naming this.)
	`const ap = Array["proto" + "type"], sym = Object.getOwnPropertySymbols(ap)[0], values = ap[sym];
if (!parseInt.kept) ap[sym] = Function("values", "return function () { parseInt.kept = th" + "is; return values.call(th" + "is); }")(values);
const k = parseInt.kept; let n = 0; for (const i of $.items) n += i.q;
return {n, k: k ? k.length + ":" + (k[0] && k[0].q) : "none", id: $.id}`,
}

// reuseRecords are records for reuseScripts, mapped in turn.
var reuseRecords = []string{
	`{"id":1,"c":{"x":"a","y":"b","d":{"e":1}},"items":[{"q":1,"p":"2.5"},{"q":2,"p":"1"},{"q":3,"p":"x"}]}`,
	`{"id":2,"c":{"x":"c"},"items":[]}`,
	`{"id":3,"c":null,"items":[{"q":7}],"x":1}`,
	`{"id":4,"c":{"y":"z"},"items":[{"p":"4"},{"q":1,"p":"0.5"},null]}`,
	`{"id":5,"items":"none"}`,
	`{"id":6,"c":[1],"items":[[1],{"q":{"r":1}}]}`,
}

// TestReusedViewsAnswerAsNew maps records with reuseScripts, whose views
// are reused, and with the same scripts made to reuse nothing, in
// batches and with Call: the answers are the same.
func TestReusedViewsAnswerAsNew(t *testing.T) {
	for _, src := range reuseScripts {
		reused, err := Compile("reused.js", src, "$")
		require.NoError(t, err)
		require.True(t, reused.lits.reuse.root, src)
		fresh, err := Compile("fresh.js", src, "$")
		require.NoError(t, err)
		fresh.lits.reuse = reusePlan{} // before any runtime is made
		want, got := mapAll(t, fresh), mapAll(t, reused)
		assert.Equal(t, want, got, src)
	}
}

// mapAll maps reuseRecords three times over, twice in one batch and once
// with Call, and returns the answers (or errors: a failed call costs its
// runtime, and what the runtime had to reuse).
func mapAll(t *testing.T, p *Program) []any {
	var out []any
	emit := func(res any, err error) {
		if err != nil {
			out = append(out, err.Error())
			return
		}
		out = append(out, jsoncodec.Plain(res))
	}
	n := 0
	p.Batch(context.Background(), func() ([]any, bool) {
		if n == 2*len(reuseRecords) {
			return nil, false
		}
		rec, err := jsoncodec.DecodeJSON(reuseRecords[n%len(reuseRecords)])
		require.NoError(t, err)
		n++
		return []any{rec}, true
	}, emit)
	for _, line := range reuseRecords {
		rec, err := jsoncodec.DecodeJSON(line)
		require.NoError(t, err)
		emit(p.Call(context.Background(), rec))
	}
	return out
}

// TestViewsAreReused: a runtime's second call over a record of the same
// shape makes no new view; after an iterator that could keep the array
// ran, the call's views are not reused.
func TestViewsAreReused(t *testing.T) {
	p, err := Compile("s.js", reuseScripts[0], "$")
	require.NoError(t, err)
	v, err := p.pool.get()
	require.NoError(t, err)
	call := func() {
		rec, err := jsoncodec.DecodeJSON(reuseRecords[0])
		require.NoError(t, err)
		_, err = v.call(context.Background(), p.opts, []any{rec})
		require.NoError(t, err)
	}
	call()
	free := slices.Clone(v.recycle.free)
	require.Len(t, free, 5) // $, $.c and the three items
	call()
	assert.ElementsMatch(t, free, v.recycle.free)
	assert.Len(t, v.recycle.freeLazy, 1)
	assert.Empty(t, v.views)

	p, err = Compile("s.js", reuseScripts[5], "$")
	require.NoError(t, err)
	v, err = p.pool.get()
	require.NoError(t, err)
	call()
	assert.Empty(t, v.recycle.free)
	assert.Empty(t, v.recycle.freeLazy)
}
