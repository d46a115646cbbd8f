package mapping_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping"
)

// order is a sample input record.
const order = `{"id":"ORD-000001","customer":{"first":"Ada","last":"Lovelace","email":"ADA@EXAMPLE.COM"},
 "items":[{"sku":"A1","qty":2,"price":"19.99"},{"sku":"B2","qty":1,"price":"5"}],
 "placed_at":"2026-03-01T10:22:33Z","country":"de","note":"","flag":"yes"}`

// applyPlain is Apply with the output's objects as maps, to compare
// values.
func applyPlain(c *mapping.Compiled, ctx context.Context, rec any) (map[string]any, []mapping.FieldError) {
	out, errs := c.Apply(ctx, rec)
	if out == nil {
		return nil, errs
	}
	return jsoncodec.Plain(out).(map[string]any), errs
}

func decodeJSON(t testing.TB, s string) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(s), &v))
	return v
}

func compile(t testing.TB, fields string) *mapping.Compiled {
	t.Helper()
	m, err := mapping.Decode([]byte(`{"formatVersion":1,"fields":` + fields + `}`))
	require.NoError(t, err)
	c, err := mapping.Compile(m)
	require.NoError(t, err)
	return c
}

func TestApply(t *testing.T) {
	tests := []struct {
		name   string
		fields string
		want   string
	}{
		{"path", `[{"target":"orderId","path":"id"}]`, `{"orderId":"ORD-000001"}`},
		{"nested path and target", `[{"target":"customer.mail","path":"customer.email"}]`, `{"customer":{"mail":"ADA@EXAMPLE.COM"}}`},
		{"index", `[{"target":"first","path":"items[0].sku"}]`, `{"first":"A1"}`},
		{"wildcard", `[{"target":"skus","path":"items[*].sku"}]`, `{"skus":["A1","B2"]}`},
		{"wildcard with a missing member is null", `[{"target":"x","path":"items[*].nope"}]`, `{"x":[null,null]}`},
		{"dollar", `[{"target":"c","path":"$.country"}]`, `{"c":"de"}`},
		{"spread into lines", `[{"target":"lines[].sku","path":"items[*].sku"},{"target":"lines[].qty","path":"items[*].qty"},{"target":"lines[].currency","const":"EUR"}]`,
			`{"lines":[{"sku":"A1","qty":2,"currency":"EUR"},{"sku":"B2","qty":1,"currency":"EUR"}]}`},
		{"spread with coercion per element", `[{"target":"prices[]","path":"items[*].price","type":"number"}]`, `{"prices":[19.99,5]}`},
		{"const object", `[{"target":"meta","const":{"v":1}}]`, `{"meta":{"v":1}}`},
		{"missing path is left out", `[{"target":"x","path":"nope.deeper"}]`, `{}`},
		{"default for missing", `[{"target":"x","path":"nope","default":"n/a"}]`, `{"x":"n/a"}`},
		{"omit empty string", `[{"target":"note","path":"note","omitEmpty":true}]`, `{}`},
		{"empty kept without omitEmpty", `[{"target":"note","path":"note"}]`, `{"note":""}`},
		{"string from number", `[{"target":"q","path":"items[0].qty","type":"string"}]`, `{"q":"2"}`},
		{"integer from string", `[{"target":"n","const":"42","type":"integer"}]`, `{"n":42}`},
		{"boolean from yes", `[{"target":"b","path":"flag","type":"boolean"}]`, `{"b":true}`},
		{"date with format", `[{"target":"d","path":"placed_at","type":"date","format":"dd.MM.yyyy HH:mm"}]`, `{"d":"01.03.2026 10:22"}`},
		{"date default format", `[{"target":"d","const":"2026-03-01","type":"date"}]`, `{"d":"2026-03-01T00:00:00Z"}`},
		{"date from millis", `[{"target":"d","const":0,"type":"date","format":"yyyy-MM-dd'T'HH:mm:ss.SSSXXX"}]`, `{"d":"1970-01-01T00:00:00.000Z"}`},
		{"array wraps", `[{"target":"a","path":"country","type":"array"}]`, `{"a":["de"]}`},
		{"object from JSON string", `[{"target":"o","const":"{\"a\":1}","type":"object"}]`, `{"o":{"a":1}}`},
		{"null stays null", `[{"target":"n","const":null,"type":"number"}]`, `{"n":null}`},
		{"expression", `[{"target":"name","expr":"customer.first + \" \" + customer.last"}]`, `{"name":"Ada Lovelace"}`},
		{"expression with $", `[{"target":"n","expr":"$.items.length"}]`, `{"n":2}`},
		{"expression returning undefined", `[{"target":"n","expr":"$.nope"}]`, `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := compile(t, tt.fields)
			out, errs := applyPlain(c, context.Background(), decodeJSON(t, order))
			require.Empty(t, errs)
			assert.Equal(t, decodeJSON(t, tt.want), any(out))
		})
	}
}

func TestApplyFieldErrorsKeepOtherFields(t *testing.T) {
	c := compile(t, `[{"target":"id","path":"id"},
		{"target":"n","path":"country","type":"number"},
		{"target":"boom","expr":"$.nope.deeper"},
		{"target":"lines[].qty","path":"items[*].price","type":"integer"}]`)
	out, errs := applyPlain(c, context.Background(), decodeJSON(t, order))
	assert.Equal(t, map[string]any{"id": "ORD-000001", "lines": []any{map[string]any{}, map[string]any{"qty": 5.0}}}, out)
	require.Len(t, errs, 3)
	assert.Equal(t, "n", errs[0].Target)
	assert.Contains(t, errs[0].Message, `cannot convert "de" to a number`)
	assert.Equal(t, "boom", errs[1].Target)
	assert.Equal(t, 1, errs[1].Line)
	assert.Positive(t, errs[1].Column)
	assert.Contains(t, errs[1].Message, "TypeError")
	assert.Contains(t, errs[2].Message, `[0]: "19.99" is not an integer`)
	assert.Contains(t, errs[1].Error(), `field "boom": line 1`)
}

func TestApplyNeverModifiesInput(t *testing.T) {
	c := compile(t, `[{"target":"customer","path":"customer"},{"target":"customer.extra","const":1},
		{"target":"items","path":"items"},{"target":"items[].x","const":true}]`)
	in := decodeJSON(t, order)
	out, errs := applyPlain(c, context.Background(), in)
	require.Empty(t, errs)
	assert.Equal(t, decodeJSON(t, order), in)
	assert.Equal(t, 1.0, out["customer"].(map[string]any)["extra"])
	assert.Equal(t, true, out["items"].([]any)[1].(map[string]any)["x"])
}

func TestTargetConflictIsAFieldError(t *testing.T) {
	c := compile(t, `[{"target":"a","const":1},{"target":"a.b","const":2},{"target":"s[]","const":[1]},{"target":"a[]","const":[1]}]`)
	out, errs := applyPlain(c, context.Background(), map[string]any{})
	assert.Equal(t, map[string]any{"a": 1.0, "s": []any{1.0}}, out)
	require.Len(t, errs, 2)
	assert.Contains(t, errs[0].Message, "non-object")
	assert.Contains(t, errs[1].Message, "non-array")
}

func TestScript(t *testing.T) {
	m := &mapping.Mapping{FormatVersion: 1,
		Fields: []mapping.Field{{Target: "id", Path: "id"}},
		Script: "if ($.drop) return undefined;\nreturn { ...out, upper: $.country.toUpperCase(), code: 'Germany' };",
		Tables: map[string]map[string]any{"c": {"de": "Germany"}},
	}
	c, err := mapping.Compile(m)
	require.NoError(t, err)
	assert.True(t, c.Native(), "the script is in the native subset")
	out, errs := applyPlain(c, context.Background(), decodeJSON(t, order))
	require.Empty(t, errs)
	assert.Equal(t, map[string]any{"id": "ORD-000001", "upper": "DE", "code": "Germany"}, out)

	out, errs = applyPlain(c, context.Background(), map[string]any{"drop": true})
	assert.Nil(t, out)
	assert.Empty(t, errs)
}

func TestScriptErrors(t *testing.T) {
	tests := []struct{ script, want string }{
		{"return 1;", "must return an object"},
		{"\n  throw new Error('nope');", "nope"},
		{"while (true) {}", "timed out"},
	}
	for _, tt := range tests {
		c, err := mapping.CompileWith(&mapping.Mapping{Script: tt.script}, mapping.Options{Timeout: 50e6})
		require.NoError(t, err)
		out, errs := applyPlain(c, context.Background(), map[string]any{})
		require.Len(t, errs, 1, tt.script)
		assert.Equal(t, mapping.ScriptTarget, errs[0].Target)
		assert.Equal(t, -1, errs[0].Index)
		assert.Contains(t, errs[0].Message, tt.want)
		assert.NotNil(t, out)
	}
	c, _ := mapping.Compile(&mapping.Mapping{Script: "\n  throw new Error('nope');"})
	_, errs := applyPlain(c, context.Background(), map[string]any{})
	assert.Equal(t, 2, errs[0].Line)
}

func TestHelpersAndTables(t *testing.T) {
	m := &mapping.Mapping{
		Fields: []mapping.Field{{Target: "name", Expr: "lookup('c', country, '?')"}},
		Script: "return { ...out, upper: upper($.country) };",
		Tables: map[string]map[string]any{"c": {"de": "Germany"}},
	}
	c, err := mapping.Compile(m)
	require.NoError(t, err)
	out, errs := applyPlain(c, context.Background(), decodeJSON(t, order))
	require.Empty(t, errs)
	assert.Equal(t, map[string]any{"name": "Germany", "upper": "DE"}, out)
}

// TestOrdersMappingRunsNatively checks the benchmark's declarative mapping
// compiles without goja: paths, and expressions all in the native subset.
func TestOrdersMappingRunsNatively(t *testing.T) {
	data, err := os.ReadFile("../../bench/mapbench/orders.mapping.json")
	require.NoError(t, err)
	m, err := mapping.Decode(data)
	require.NoError(t, err)
	c, err := mapping.Compile(m)
	require.NoError(t, err)
	assert.True(t, c.Native(), "the orders mapping must not need goja")

	paths := &mapping.Mapping{FormatVersion: 1, Fields: []mapping.Field{
		{Target: "id", Path: "id"}, {Target: "k", Const: []byte(`"x"`)}}}
	c, err = mapping.Compile(paths)
	require.NoError(t, err)
	assert.True(t, c.Native(), "a mapping without expressions never touches goja")
}

// Outputs hold 0 where a value is -0, as JSON.stringify writes it,
// whether it was computed, read from the input or returned by a script.
func TestNegativeZeroBecomesZero(t *testing.T) {
	script, err := mapping.Compile(&mapping.Mapping{FormatVersion: 1,
		Script: "return {a: -2 * $.x, b: Math.round(-0.4), c: $.y, d: $.list};"})
	require.NoError(t, err)
	for _, c := range []*mapping.Compiled{
		compile(t, `[{"target": "a", "expr": "-2 * $.x"}, {"target": "b", "expr": "Math.round(-0.4)"},
		  {"target": "c", "path": "y"}, {"target": "d", "path": "list"}]`),
		script,
	} {
		out, errs := applyPlain(c, context.Background(), decodeJSON(t, `{"x": 0, "y": -0.0, "list": [-0, 1]}`))
		require.Empty(t, errs)
		b, err := json.Marshal(out)
		require.NoError(t, err)
		assert.JSONEq(t, `{"a": 0, "b": 0, "c": 0, "d": [0, 1]}`, string(b))
		assert.NotContains(t, string(b), "-0")
	}
}
