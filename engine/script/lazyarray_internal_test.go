package script

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// TestLazyArrayKeys: the members of $ whose arrays may be lazy.
func TestLazyArrayKeys(t *testing.T) {
	tests := map[string][]string{
		`let n = 0; for (const i of $.items) n += i.q; return {n, c: $.items.length}`:           {"items"},
		`for (const i of $.items) {} return {t: $.tags.length, id: $.id}`:                       {"items", "tags"}, // $.id is read whole
		`for (const i of $.items) {} return $.items`:                                            nil,               // the array escapes
		`for (const i of $.items) {} return {f: $.items[0]}`:                                    nil,               // an index read
		`for (const i of $.items) {} $.items.length = 0; return 1`:                              nil,
		`for (const i of $.items) {} delete $.items.length; return 1`:                           nil,
		`$.items = []; for (const i of $.items) {} return 1`:                                    nil,
		`for (const i of $.items) {} const r = $; return 1`:                                     nil, // $ escapes
		`for (const i of $.items) {} return Object.keys($)`:                                     nil,
		`for (const i of $["items"]) {} return 1`:                                               nil,
		`for (const i of $.items) {} const f = ($) => $; return 1`:                              nil, // another $
		`for (const i of $.a.b) {} return 1`:                                                    nil,
		`for (const i of $.items ?? []) {} return $.items.length`:                               nil,
		`Array.prototype.x = 1; for (const i of $.items) {} return 1`:                           nil,
		`Object.defineProperty(Array.prototype, "0", {}); for (const i of $.items) {} return 1`: nil,
		`for ($.x of [1]) {} for (const i of $.items) {} return 1`:                              {"items"},
		// A method on Object.prototype sees the record as this.
		`Object.getPrototypeOf({}).f = function () { return this.items.push(1) }; for (const i of $.items) {} return $.f()`: nil,
		`Object.getPrototypeOf({}).f = () => 1; for (const i of $.items) {} return 1`:                                       nil,
		`Object.defineProperties({}, {}); for (const i of $.items) {} return 1`:                                             nil,
	}
	for src, want := range tests {
		p, err := Compile("s.js", src, "$")
		require.NoError(t, err, src)
		got := slices.Sorted(maps.Keys(p.lits.lazy))
		if want == nil {
			assert.Empty(t, got, src)
			continue
		}
		// Keys that are never arrays are harmless: only arrays become lazy.
		assert.Equal(t, want, got, src)
	}
}

// TestLazyArraysAnswerAsRealOnes runs scripts whose record arrays are lazy
// and the same scripts with $ escaping (so the arrays are real) over
// records with odd arrays: both give the same answers, and a lazy
// array's elements keep their identity.
func TestLazyArraysAnswerAsRealOnes(t *testing.T) {
	scripts := []string{
		`let n = 0, s = ""; for (const i of $.items) { n++; s += typeof i + (i && i.q) + ","; } return {n, s, c: $.items.length}`,
		`let same = 0; for (const a of $.items) for (const b of $.items) if (a === b) same++; return {same}`,
		`const out = []; for (const i of $.items) { if (out.length > 1) break; out.push(i); } return out`,
		`let n = 0; for (const row of $.items) if (Array.isArray(row)) for (const x of row) n += x; return {n}`,
		`const kept = []; for (const i of $.items) kept.push(i); return {kept, l: $.items.length}`,
		// $ may be an array: only the record's own view has lazy members,
		// never an element's (x.items is written here).
		`let n = 0; try { for (const i of $.items) n++; } catch (e) { n = -1; } return {n, m: $.map(x => { x.items.push(3); return x.items; })}`,
	}
	records := []string{
		`{"items":[{"q":1},{"q":2.5},null,"x",[1,2]]}`,
		`{"items":[]}`,
		`{"items":[[1,2],[3],[]]}`,
		`{"items":"not an array"}`,
		`{"items":{"q":1}}`,
		`{}`,
		`[{"items":[1,{"q":2}]},{"items":[]}]`,
	}
	for _, src := range scripts {
		lazy, err := Compile("lazy.js", src, "$")
		require.NoError(t, err)
		require.NotEmpty(t, lazy.lits.lazy, src)
		real, err := Compile("real.js", src+`; void $["x"]`, "$")
		require.NoError(t, err)
		require.Empty(t, real.lits.lazy)
		for _, line := range records {
			for range 2 { // the second call reuses the runtime
				rec, err := jsoncodec.DecodeJSON(line)
				require.NoError(t, err)
				want, werr := real.Call(context.Background(), rec)
				got, gerr := lazy.Call(context.Background(), rec)
				assert.Equal(t, werr != nil, gerr != nil, "%s\n%s: %v %v", src, line, werr, gerr)
				assert.Equal(t, jsoncodec.Plain(want), jsoncodec.Plain(got), "%s\n%s", src, line)
			}
		}
	}
}
