package script_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/script"
)

// TestHugeArraysAreNotWalkedByIterationApplyOrStringify: copying it
// (toSorted and kin), shift and unshift, spreading, iterating, applying or
// writing as JSON an array with a huge length runs a Go loop no interrupt
// stops (or allocates all of it at once), so it throws a RangeError up
// front instead of running past the time limit.
func TestHugeArraysAreNotWalkedByIterationApplyOrStringify(t *testing.T) {
	const huge = `const a = []; a.length = 2**32 - 1; `
	for _, src := range []string{
		`return [...a].length`,
		`return Math.max(...a)`,
		`return Array.of(...a).length`,
		`const [x, ...rest] = a; return rest.length`,
		`return new Set(a).size`,
		`return Array.from(a.keys()).length`,
		`for (const [i] of a.entries()) {} return 1`,
		`return Math.max.apply(null, a)`,
		`return Reflect.apply(Math.max, null, a)`,
		`return Reflect.construct(Array, a).length`,
		`return JSON.stringify(a).length`,
		`return JSON.stringify({a}).length`,
		`return JSON.stringify({x: [{a}]}, null, 2).length`,
		`return JSON.stringify({x: {toJSON: () => a}}).length`,
		`return JSON.stringify({x: 1}, (k, v) => k === 'x' ? a : v).length`,
		`return JSON.stringify({x: a, y: 1}, ['x']).length`,
		`return JSON.stringify({x: 1}, a).length`,
		`return a.toReversed().length`,
		`return a.toSorted().length`,
		`return a.toSpliced(0, 1).length`,
		`return a.with(0, 1).length`,
		`a.shift(); return 1`,
		`return a.unshift(1)`,
		`return new Uint8Array(2**24 + 1).fill(1).length`, // small enough to make, past MaxArrayLength
		`return new Int8Array(2**24 + 1).indexOf(1)`,
		`return new Uint8Array(2**24 + 1).join(',').length`,
		`return [...new Uint8Array(2**24 + 1)].length`,
		`return Uint8Array.from({length: 2**31}).length`,
		`return JSON.stringify({x: new Uint8Array(2**24 + 1)}).length`,
		`return Object.keys(new Uint8Array(2**24 + 1)).length`,
		`return Object.entries(new Uint8Array(2**24 + 1)).length`,
		`return Object.assign({}, new Uint8Array(2**24 + 1))`,
		`return Reflect.ownKeys(new Uint8Array(2**24 + 1)).length`,
		`return ({...new Uint8Array(2**31)})`,
		`return Object.keys(new Float64Array({length: 2**28})).length`,
		`return new ArrayBuffer(2**32 - 1).byteLength`,
		`return Reflect.construct(Int32Array, [2**30]).length`,
		`class Big extends Uint8Array {}; return new Big(2**31).length`,
		`return new (new Uint8Array(1).constructor)(2**31).length`,
		`return JSON.stringify({x: new Proxy([], {get: (t, k) => k === 'length' ? 2**32 - 1 : t[k]})}).length`,
	} {
		t.Run(src, func(t *testing.T) {
			_, err := call(t, huge+src, nil)
			var se *script.Error
			require.ErrorAs(t, err, &se)
			assert.Regexp(t, `^RangeError: Invalid (array|typed array|array buffer) length: more than \d+ (elements|bytes)`, se.Message)
		})
	}
}

func TestGuardedIterationApplyAndStringifyWorkAsBefore(t *testing.T) {
	got, err := call(t, `const a = [3, 1, 2]; const [h, ...t] = a;
		return [[...a], Math.max(...a), Math.max.apply(null, a), Reflect.apply(Math.min, null, a), Reflect.construct(Array, a),
			[...new Set([1, 1, 2])], [...a.keys()], [...a.entries()][1], h, t, [...'hi'], Array.from(a.values()),
			[1, 2].toReversed(), [2, 1].toSorted(), [1, 2].with(0, 5), [1, 2, 3].toSpliced(1, 1), [1, 2].shift(), [1].unshift(0),
			new Uint8Array(new ArrayBuffer(8), 4).length, new Uint8Array(2).constructor === Uint8Array,
			new Uint8Array([1, 2]).map(x => x * 2) instanceof Uint8Array, new ArrayBuffer(1) instanceof ArrayBuffer,
			new (class extends Uint8Array {})(3) instanceof Uint8Array, (class extends Uint8Array {}).from([1]).length,
			Uint8Array.name, Object.getPrototypeOf(Int8Array) === Object.getPrototypeOf(Uint8Array), ({...new Uint8Array([5])}),
			Object.keys(new Uint8Array(2)), Object.values({a: 1}), Object.assign({}, {a: 1}, new Uint8Array(1)), Reflect.ownKeys([1]),
			new Uint8Array([3, 1, 2]).sort().join(), JSON.stringify([new Uint8Array([7])]), [...new Uint8Array([1, 2])], Uint8Array.from([1, 2]).indexOf(2),
			{length: 2**40}.length, JSON.stringify({length: 2**40, a: [1, , 3]}),
			JSON.stringify({b: 1, a: [1, {c: 2, d: 3}]}, ['a', 'c']), JSON.stringify({a: [1, {b: 2}]}, null, 1),
			JSON.stringify({a: 1, b: 'x'}, function (k, v) { return typeof v === 'number' ? v * 10 : v }),
			JSON.stringify({d: new Date(0), n: undefined, f() {}}), JSON.stringify(undefined) === undefined]`, nil)
	require.NoError(t, err)
	assert.Equal(t, []any{
		[]any{3.0, 1.0, 2.0}, 3.0, 3.0, 1.0, []any{3.0, 1.0, 2.0},
		[]any{1.0, 2.0}, []any{0.0, 1.0, 2.0}, []any{1.0, 1.0}, 3.0, []any{1.0, 2.0}, []any{"h", "i"}, []any{3.0, 1.0, 2.0},
		[]any{2.0, 1.0}, []any{1.0, 2.0}, []any{5.0, 2.0}, []any{1.0, 3.0}, 1.0, 2.0,
		4.0, true, true, true, true, 1.0, "Uint8Array", true, map[string]any{"0": 5.0},
		[]any{"0", "1"}, []any{1.0}, map[string]any{"a": 1.0, "0": 0.0}, []any{"0", "length"},
		"1,2,3", `[{"0":7}]`, []any{1.0, 2.0}, 1.0,
		float64(1 << 40), `{"length":1099511627776,"a":[1,null,3]}`,
		`{"a":[1,{"c":2}]}`, "{\n \"a\": [\n  1,\n  {\n   \"b\": 2\n  }\n ]\n}",
		`{"a":10,"b":"x"}`,
		`{"d":"1970-01-01T00:00:00.000Z"}`, true,
	}, got)
}
