package expr_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping/expr"
)

func TestPaths(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{`customer.first + " " + customer.last`, []string{"customer.first", "customer.last"}},
		{`customer.email.toLowerCase()`, []string{"customer.email"}},
		{`items.length`, []string{"items"}},
		{`Math.round(items.reduce((s, i) => s + i.qty * parseFloat(i.price), 0) * 100) / 100`, []string{"items[*].price", "items[*].qty"}},
		{`$.id`, []string{"id"}},
		{`items[0].sku`, []string{"items[0].sku"}},
		{`customer?.address?.city ?? "x"`, []string{"customer.address.city"}},
		{`sum(items, i => i.qty)`, []string{"items[*].qty"}},
		{`items.map(i => tags.map(t => t + i.sku))`, []string{"items[*].sku", "tags[*]"}},
		{`items.map(function (i) { return i.sku })`, []string{"items[*].sku"}},
		{`1 + 2`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			p, err := expr.Compile(tt.src, expr.Options{})
			require.NoError(t, err)
			assert.Equal(t, tt.want, p.Paths())
		})
	}
}

func TestErrorsCarryPositions(t *testing.T) {
	tests := []struct {
		name, src  string
		native     bool
		line, col  int
		msgPrefix  string
		compileErr bool
	}{
		{"syntax", "customer.first +", false, 1, 17, "SyntaxError", true},
		{"syntax second line", "1 +\n  * 2", false, 2, 3, "SyntaxError", true},
		{"statements refused", "1); foo(); (2", false, 1, 1, "SyntaxError", true},
		{"empty", "  ", false, 1, 1, "SyntaxError", true},
		{"native type error", "customer.middle.x", true, 1, 17, "TypeError", false},
		{"native reference error", "1 +\nnope", true, 2, 1, "ReferenceError", false},
		{"goja type error", "[1].map(function (x) { return x.y.z })", false, 1, 35, "TypeError", false},
		{"helper error", "lookup(\"nope\", 1)", true, 1, 1, "Error: lookup", false},
	}
	rec := map[string]any{"customer": map[string]any{"first": "A"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := expr.Compile(tt.src, expr.Options{})
			if !tt.compileErr {
				require.NoError(t, err)
				assert.Equal(t, tt.native, p.Native())
				_, err = p.Eval(context.Background(), rec)
			}
			var e *expr.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.line, e.Line, e.Error())
			assert.Equal(t, tt.col, e.Column, e.Error())
			assert.Contains(t, e.Message, tt.msgPrefix)
		})
	}
}

func TestUndefinedAndNonJSONResults(t *testing.T) {
	for _, src := range []string{"customer.middle", "undefined", "void 0"} {
		p, err := expr.Compile(src, expr.Options{})
		require.NoError(t, err)
		got, err := p.Eval(context.Background(), map[string]any{"customer": map[string]any{}})
		require.NoError(t, err)
		assert.Equal(t, expr.Undefined, got, src)
	}
	// By default NaN and Infinity follow JSON.stringify (null); Strict
	// makes them errors, on both paths.
	stringified := map[string]any{"0/0": nil, "[1/0]": []any{nil}, "({a: -1/0})": map[string]any{"a": nil}}
	for src, want := range stringified {
		for _, compile := range []func(string, expr.Options) (expr.Program, error){expr.Compile, expr.CompileGoja} {
			p, err := compile(src, expr.Options{})
			require.NoError(t, err)
			got, err := p.Eval(context.Background(), nil)
			require.NoError(t, err, src)
			assert.Equal(t, want, jsoncodec.Plain(got), src)
			p, err = compile(src, expr.Options{Strict: true})
			require.NoError(t, err)
			_, err = p.Eval(context.Background(), nil)
			assert.ErrorIs(t, err, expr.ErrResult, src)
		}
	}
	p, err := expr.CompileGoja("[() => 1, {f: () => 1, n: 1}]", expr.Options{})
	require.NoError(t, err)
	got, err := p.Eval(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, []any{nil, map[string]any{"n": 1.0}}, jsoncodec.Plain(got))
}

func TestNativeResultsDoNotAliasTheRecord(t *testing.T) {
	rec := map[string]any{"customer": map[string]any{"first": "A"}}
	p, err := expr.Compile("customer", expr.Options{})
	require.NoError(t, err)
	got, err := p.Eval(context.Background(), rec)
	require.NoError(t, err)
	got.(map[string]any)["first"] = "changed"
	assert.Equal(t, "A", rec["customer"].(map[string]any)["first"])
}

func TestGojaTimeout(t *testing.T) {
	p, err := expr.Compile("(() => { while (true) {} })()", expr.Options{Timeout: 50 * time.Millisecond})
	require.NoError(t, err)
	require.False(t, p.Native())
	_, err = p.Eval(context.Background(), nil)
	require.ErrorIs(t, err, expr.ErrTimeout)
	var e *expr.Error
	require.True(t, errors.As(err, &e))
}

func TestRecordKeysShadowGlobals(t *testing.T) {
	p, err := expr.Compile("Math.round(x)", expr.Options{})
	require.NoError(t, err)
	require.True(t, p.Native())
	got, err := p.Eval(context.Background(), map[string]any{"x": 2.5})
	require.NoError(t, err)
	assert.Equal(t, 3.0, got)
	_, err = p.Eval(context.Background(), map[string]any{"x": 2.5, "Math": map[string]any{}})
	assert.Error(t, err, "a record key named Math hides the global, as in JavaScript's with")
}

func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, compile := range []func(string, expr.Options) (expr.Program, error){expr.Compile, expr.CompileGoja} {
		p, err := compile("1 + 1", expr.Options{})
		require.NoError(t, err)
		_, err = p.Eval(ctx, nil)
		require.ErrorIs(t, err, context.Canceled)
	}
}

// TestGojaBitwiseBeyond2To63 checks that the goja path wraps operands of
// bitwise operators into 32 bits as ECMAScript does (goja alone gives 0
// from 2^63 on); the expected values are what Node prints.
func TestGojaBitwiseBeyond2To63(t *testing.T) {
	rec := map[string]any{"x": 18446744073709555712.0, "y": -1e19}
	src := `[x | 0, x >>> 0, ~x, y >>> 0, y | 0, x << 1, y >> 1, 1.5e300 | 0, NaN | 0, x & 0xffff, x ^ 1, (7 | 8) + 1]`
	want := []any{4096.0, 4096.0, -4097.0, 1981284352.0, 1981284352.0, 8192.0, 990642176.0, 0.0, 0.0, 4096.0, 4097.0, 16.0}
	for _, compile := range []func(string, expr.Options) (expr.Program, error){expr.Compile, expr.CompileGoja} {
		p, err := compile(src, expr.Options{})
		require.NoError(t, err)
		got, err := p.Eval(context.Background(), rec)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	p, err := expr.CompileGoja("x | nope", expr.Options{})
	require.NoError(t, err)
	_, err = p.Eval(context.Background(), rec)
	var e *expr.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 1, e.Line)
	assert.Contains(t, e.Message, "nope is not defined")
}

// TestObjectKeyOrder: objects built by expressions have JavaScript's key
// order (array indexes first, ascending, then insertion order), on both
// paths, and objects read from an ordered record keep its order; the
// expected texts are what V8 writes with JSON.stringify.
func TestObjectKeyOrder(t *testing.T) {
	rec, err := jsoncodec.DecodeJSON(`{"obj":{"b":1,"a":2,"1":3},"customer":{"last":"L","first":"F"}}`)
	require.NoError(t, err)
	for src, want := range map[string]string{
		`({b: 1, a: 2, 1: "x", 0: "y"})`:                          `{"0":"y","1":"x","b":1,"a":2}`,
		`({"10": 1, "9": 2, "x": 3, "-1": 4, "1.5": 5, "01": 6})`: `{"9":2,"10":1,"x":3,"-1":4,"1.5":5,"01":6}`,
		`({z: 1, ...obj})`:                                        `{"1":3,"z":1,"b":1,"a":2}`,
		`({...obj, z: 1, b: 9})`:                                  `{"1":3,"b":9,"a":2,"z":1}`,
		`({...customer, first: "X"})`:                             `{"last":"L","first":"X"}`,
		`obj`:                                                     `{"1":3,"b":1,"a":2}`,
		`({name: customer.first, city: 1})`:                       `{"name":"F","city":1}`,
		`[...["q", "p"]].map(k => ({[k]: 1}))`:                    `[{"q":1},{"p":1}]`,
		`({...["a", "b"], x: 1})`:                                 `{"0":"a","1":"b","x":1}`,
	} {
		for name, compile := range map[string]func(string, expr.Options) (expr.Program, error){"native": expr.Compile, "goja": expr.CompileGoja} {
			p, err := compile(src, expr.Options{})
			require.NoError(t, err, src)
			got, err := p.Eval(context.Background(), rec)
			require.NoError(t, err, src)
			out, err := jsoncodec.AppendJSON(nil, got)
			require.NoError(t, err, src)
			assert.Equal(t, want, string(out), "%s: %s", name, src)
		}
	}
}
