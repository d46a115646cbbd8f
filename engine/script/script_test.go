package script_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/script"
)

// call compiles src with parameter "msg" and calls it with arg.
func call(t *testing.T, src string, arg any) (any, error) {
	t.Helper()
	p, err := script.Compile("test.js", src, "msg")
	require.NoError(t, err)
	got, err := p.Call(context.Background(), arg)
	return jsoncodec.Plain(got), err
}

// TestEnginePanicIsAnError: a Go panic under goja (here in a host
// function) fails the call instead of the process, and the program keeps
// working.
func TestEnginePanicIsAnError(t *testing.T) {
	lib := script.Library{"boom": func(_ context.Context, args []any) (any, error) {
		return args[5], nil // index out of range
	}}
	p, err := script.CompileWithLibrary("test.js", `return msg ? boom() : 1`, lib, "msg")
	require.NoError(t, err)
	_, err = p.Call(context.Background(), true)
	require.ErrorContains(t, err, "the JavaScript engine failed")
	res, err := p.Call(context.Background(), false)
	require.NoError(t, err)
	assert.Equal(t, 1.0, res)
}

// TestObjectFromEntries: goja's own Object.fromEntries panics on an entry
// that is not an object or an empty array; the fixed one gives V8's
// answers.
func TestObjectFromEntries(t *testing.T) {
	res, err := call(t, `return [Object.fromEntries([[]]), Object.fromEntries([["a", 1], ["__proto__", 2]])]`, nil)
	require.NoError(t, err)
	assert.Equal(t, []any{map[string]any{}, map[string]any{"a": 1.0, "__proto__": 2.0}}, res)
	_, err = call(t, `return Object.fromEntries([1])`, nil)
	require.ErrorContains(t, err, "TypeError: Iterator value 1 is not an entry object")
}

func TestCallResults(t *testing.T) {
	msg := map[string]any{"name": "Ada", "n": 2.0, "tags": []any{"a", "b"}}
	tests := []struct {
		name string
		src  string
		want any
	}{
		{"spread object", `return { ...msg, greeting: "Hello, " + msg.name };`,
			map[string]any{"name": "Ada", "n": 2.0, "tags": []any{"a", "b"}, "greeting": "Hello, Ada"}},
		{"integer becomes float64", `return msg.n * 21`, 42.0},
		{"fraction", `return 1 / 4`, 0.25},
		{"string", `return "x"`, "x"},
		{"bool", `return msg.n > 1`, true},
		{"null", `return null`, nil},
		{"array with hole", `const a = [1]; a[2] = 3; return a`, []any{1.0, nil, 3.0}},
		{"undefined member dropped", `return {a: undefined, b: 1}`, map[string]any{"b": 1.0}},
		{"date via toJSON", `return new Date(0)`, "1970-01-01T00:00:00.000Z"},
		{"toJSON honoured", `return {toJSON() { return [1] }}`, []any{1.0}},
		{"boxed primitives", `return [new Number(3), new String("s")]`, []any{3.0, "s"}},
		{"proto key stays a key", `return JSON.parse('{"__proto__": {"x": 1}}')`, map[string]any{"__proto__": map[string]any{"x": 1.0}}},
		{"argument arrays are arrays", `return Array.isArray(msg.tags)`, true},
		{"undefined", `return`, script.Undefined},
		{"no return", `msg.n + 1`, script.Undefined},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := call(t, tt.src, msg)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestCallResultErrors(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    error
		message string
	}{
		{"NaN", `return {a: [0/0]}`, script.ErrResult, "result is not JSON-like: NaN at result.a[0]"},
		{"Infinity", `return 1/0`, script.ErrResult, "Infinity"},
		{"function", `return {f() {}}`, script.ErrResult, "a function at result.f"},
		{"symbol", `return [Symbol("s")]`, script.ErrResult, "a symbol at result[0]"},
		{"bigint", `return 1n`, script.ErrResult, "result is not JSON-like"},
		{"promise", `return Promise.resolve(1)`, script.ErrResult, "a promise"},
		{"cycle", `const a = {}; a.self = a; return a`, script.ErrResult, "nested deeper than 100 levels"},
		{"too large", `return "x".repeat(2 << 20)`, script.ErrTooLarge, "more than 1048576 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := call(t, tt.src, nil)
			require.ErrorIs(t, err, tt.want)
			assert.Contains(t, err.Error(), tt.message)
		})
	}
}

func TestMaxOutputBytesOption(t *testing.T) {
	p, err := script.Compile("big.js", `return "x".repeat(n)`, "n")
	require.NoError(t, err)
	p = p.WithOptions(script.Options{MaxOutputBytes: 100})
	_, err = p.Call(context.Background(), 50.0)
	require.NoError(t, err)
	_, err = p.Call(context.Background(), 200.0)
	require.ErrorIs(t, err, script.ErrTooLarge)
}

func TestArgumentsAreCopies(t *testing.T) {
	msg := map[string]any{"a": map[string]any{"b": 1.0}, "list": []any{1.0}}
	meta := map[string]string{"source": "n1"}
	p, err := script.Compile("mutate.js", `
		msg.a.b = 2; msg.list.push(2); msg.added = true; meta.source = "x";
		return msg`, "msg", "meta")
	require.NoError(t, err)
	got, err := p.Call(context.Background(), msg, meta)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"a": map[string]any{"b": 2.0}, "list": []any{1.0, 2.0}, "added": true}, jsoncodec.Plain(got))
	assert.Equal(t, map[string]any{"a": map[string]any{"b": 1.0}, "list": []any{1.0}}, msg, "caller's value unchanged")
	assert.Equal(t, map[string]string{"source": "n1"}, meta)
}

func TestBadArgument(t *testing.T) {
	_, err := call(t, `return msg`, struct{}{})
	require.ErrorIs(t, err, script.ErrArgument)
	assert.Contains(t, err.Error(), "argument 1")
}

// TestArgumentDepth: an argument may nest 100 levels, counting its
// strings and numbers, and not 101.
func TestArgumentDepth(t *testing.T) {
	for _, leaf := range []any{"s", 1.0, true} {
		var arg any = leaf
		for range 100 {
			arg = []any{arg}
		}
		_, err := call(t, `return 1`, arg)
		require.NoError(t, err, "%v", leaf)
		_, err = call(t, `return 1`, []any{arg})
		require.ErrorIs(t, err, script.ErrArgument, "%v", leaf)
		assert.ErrorContains(t, err, "nested deeper than 100 levels")
	}
}

func TestBadParameterName(t *testing.T) {
	_, err := script.Compile("p.js", `return 1`, "a) { evil(); } function(")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is not an identifier")
}

func TestConcurrentCalls(t *testing.T) {
	p, err := script.Compile("double.js", `return { v: msg.v * 2 }`, "msg")
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, 8*50)
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				v := float64(g*100 + i)
				got, err := p.Call(context.Background(), map[string]any{"v": v})
				if err == nil && !assert.ObjectsAreEqual(map[string]any{"v": 2 * v}, jsoncodec.Plain(got)) {
					err = assert.AnError
				}
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
}

// TestStringifyIndent: JSON.stringify with an indent writes what V8
// writes (goja alone keeps the deeper indent after an empty array or
// object and ignores an Infinity indent).
func TestStringifyIndent(t *testing.T) {
	for src, want := range map[string]string{
		`return JSON.stringify([[], {}, [{}]], null, 2)`:            "[\n  [],\n  {},\n  [\n    {}\n  ]\n]",
		`return JSON.stringify({a: {}, b: ["x,:{}"]}, null, "\t")`:  "{\n\t\"a\": {},\n\t\"b\": [\n\t\t\"x,:{}\"\n\t]\n}",
		`return JSON.stringify({a: "q\"[1]"}, null, Infinity)`:      "{\n          \"a\": \"q\\\"[1]\"\n}",
		`return JSON.stringify([1], null, new Number(1))`:           "[\n 1\n]",
		`return JSON.stringify([1], null, "abcdefghijkl")`:          "[\nabcdefghij1\n]",
		`return JSON.stringify([1, {b: 2}], null, 0)`:               `[1,{"b":2}]`,
		`return JSON.stringify({a: [1, {b: 2}], c: "x"}, ["a"], 1)`: "{\n \"a\": [\n  1,\n  {}\n ]\n}",
	} {
		got, err := call(t, src, nil)
		require.NoError(t, err, src)
		assert.Equal(t, want, got, src)
	}
}

// TestISOStringExtendedYears: years outside 0 to 9999 have a sign and six
// digits, as in V8.
func TestISOStringExtendedYears(t *testing.T) {
	got, err := call(t, `return [new Date(1e15).toISOString(), new Date(-62198755200000).toISOString(),
		new Date(253402300800000), new Date(0).toISOString(), new Date(-8.64e15).toJSON()]`, nil)
	require.NoError(t, err)
	assert.Equal(t, []any{"+033658-09-27T01:46:40.000Z", "-000001-01-01T00:00:00.000Z",
		"+010000-01-01T00:00:00.000Z", "1970-01-01T00:00:00.000Z", "-271821-04-20T00:00:00.000Z"}, got)
}

// TestRadixNegativeFraction: goja alone drops the sign of a negative
// fraction written in another radix.
func TestRadixNegativeFraction(t *testing.T) {
	got, err := call(t, `return [(-0.5).toString(2), (-255.5).toString(16), (-3).toString(2), (0.25).toString(2)]`, nil)
	require.NoError(t, err)
	assert.Equal(t, []any{"-0.1", "-ff.8", "-11", "0.01"}, got)
}

// TestSortNegativeZeroComparison: a comparator's -0 means equal, as in V8
// (goja alone reads it as less and reorders); sort stays stable and in
// place.
func TestSortNegativeZeroComparison(t *testing.T) {
	got, err := call(t, `var a = [1, 2, 3]; var b = a.sort(() => -0);
		return [b, a === b, [3, 1, 2].sort((x, y) => x - y), [3, 1, 2].sort(), [2, 1].toSorted(() => -0)]`, nil)
	require.NoError(t, err)
	assert.Equal(t, []any{[]any{1.0, 2.0, 3.0}, true, []any{1.0, 2.0, 3.0}, []any{1.0, 2.0, 3.0}, []any{2.0, 1.0}}, got)
	_, err = call(t, `return [1].sort(5)`, nil)
	require.ErrorContains(t, err, "TypeError")
}
