package mapping_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping"
)

func TestInfer(t *testing.T) {
	recs := []any{
		decodeJSON(t, `{"id":1,"customer":{"email":"a@x"},"items":[{"sku":"A","qty":1.5},{"sku":"B"}],"tag":null}`),
		decodeJSON(t, `{"id":2,"customer":{"email":"b@x"},"items":[],"tag":"x","odd.key":true}`),
		decodeJSON(t, `{"id":3.5,"customer":{}}`),
	}
	got := map[string]mapping.SchemaField{}
	var order []string
	for _, f := range mapping.Infer(recs) {
		got[f.Path] = f
		order = append(order, f.Path)
	}
	assert.Equal(t, []string{"customer", "customer.email", "id", "items", "items[*]", "items[*].qty", "items[*].sku", "tag", `["odd.key"]`}, order)
	assert.Equal(t, []string{"number"}, got["id"].Types)
	assert.Equal(t, []any{1.0, 2.0, 3.5}, got["id"].Examples)
	assert.False(t, got["id"].Nullable)
	assert.True(t, got["customer.email"].Nullable, "missing in the third record")
	assert.Equal(t, []string{"null", "string"}, got["tag"].Types)
	assert.True(t, got["tag"].Nullable)
	assert.True(t, got["items[*].qty"].Nullable, "missing in the second element")
	assert.Equal(t, []string{"object"}, got["items[*]"].Types)
	assert.Empty(t, got["customer"].Examples)
	assert.Equal(t, []string{"boolean"}, got[`["odd.key"]`].Types)
}

func TestPreview(t *testing.T) {
	m := &mapping.Mapping{Fields: []mapping.Field{
		{Target: "id", Path: "id", Type: "integer"},
		{Target: "name", Expr: "first + ' ' + last"},
		{Target: "skus", Path: "items[*].sku"},
		{Target: "kind", Const: []byte(`"order"`)},
	}}
	res := mapping.Preview(t.Context(), m, []any{
		decodeJSON(t, `{"id":"7","first":"Ada","last":"L","items":[{"sku":"A"}]}`),
		decodeJSON(t, `{"id":"x","first":"Bo","last":"M"}`),
	})
	require.Empty(t, res.Error)
	require.Len(t, res.Records, 2)
	assert.Equal(t, map[string]any{"id": 7.0, "name": "Ada L", "skus": []any{"A"}, "kind": "order"}, jsoncodec.Plain(res.Records[0].Output))
	out, err := json.Marshal(res.Records[0].Output)
	require.NoError(t, err)
	assert.Equal(t, `{"id":7,"name":"Ada L","skus":["A"],"kind":"order"}`, string(out), "fields in the mapping's order")
	assert.Empty(t, res.Records[0].Errors)
	require.Len(t, res.Records[1].Errors, 1)
	assert.Equal(t, "id", res.Records[1].Errors[0].Target)
	require.Len(t, res.Lineage, 4)
	assert.Equal(t, "name", res.Lineage[1].Target)
	res.Lineage[1] = mapping.Lineage{} // expression paths are expr's to test
	assert.Equal(t, []mapping.Lineage{
		{Target: "id", Sources: []string{"id"}, Kind: "path"},
		{},
		{Target: "skus", Sources: []string{"items[*].sku"}, Kind: "path"},
		{Target: "kind", Sources: []string{}, Kind: "const"},
	}, res.Lineage)
	var paths []string
	for _, f := range res.Schema {
		paths = append(paths, f.Path)
	}
	assert.Equal(t, []string{"id", "kind", "name", "skus", "skus[*]"}, paths)
	assert.True(t, res.Schema[0].Nullable, "id failed in the second record")
}

func TestPreviewCompileError(t *testing.T) {
	res := mapping.Preview(t.Context(), &mapping.Mapping{Fields: []mapping.Field{{Target: "a", Expr: "1 +"}}}, []any{map[string]any{}})
	assert.Contains(t, res.Error, `field 1 "a": line 1`)
	require.Len(t, res.CompileErrors, 1)
	assert.Equal(t, 1, res.CompileErrors[0].Line)
	assert.Empty(t, res.Records, "nothing ran")
}

func TestRunTests(t *testing.T) {
	m := &mapping.Mapping{
		Fields: []mapping.Field{{Target: "a", Path: "x"}, {Target: "b.c", Path: "y", Type: "number"}},
		Tests: []mapping.TestCase{
			{Name: "passes", Input: map[string]any{"x": 1.0, "y": "2"}, Expected: map[string]any{"a": 1, "b": map[string]any{"c": 2}}},
			{Input: map[string]any{"x": "1", "y": "z"}, Expected: map[string]any{"a": 1.0, "d": true}},
		},
	}
	res := mapping.RunTests(t.Context(), m)
	require.Len(t, res, 2)
	assert.True(t, res[0].Passed, "%+v", res[0])
	assert.False(t, res[1].Passed)
	assert.Equal(t, "test 2", res[1].Name)
	assert.Equal(t, []mapping.Diff{
		{Path: "a", Expected: 1.0, Actual: "1"},
		{Path: "d", Expected: true, Missing: "actual"},
	}, res[1].Diffs)
	require.Len(t, res[1].Errors, 1)
	assert.Equal(t, "b.c", res[1].Errors[0].Target)

	m.Fields[0].Expr = "oops("
	res = mapping.RunTests(t.Context(), m)
	assert.False(t, res[0].Passed)
	assert.NotEmpty(t, res[0].Errors)
}

func TestCompare(t *testing.T) {
	d := mapping.Compare(decodeJSON(t, `{"l":[1,{"a":2}],"s":"x"}`), decodeJSON(t, `{"l":[1,{"a":3}],"s":"x","extra":null}`))
	assert.Equal(t, []mapping.Diff{{Path: "extra", Missing: "expected"}, {Path: "l[1].a", Expected: 2.0, Actual: 3.0}}, d)
	assert.Equal(t, []mapping.Diff{{Path: "$", Expected: "a", Actual: nil}}, mapping.Compare("a", nil))
}
