package core_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/spec"
)

func mappingNode(fields ...any) flow.Node {
	return flow.Node{ID: "map", Type: "core.mapping", Config: map[string]any{
		"mapping": map[string]any{"formatVersion": 1.0, "fields": fields}}}
}

func field(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func TestMappingNode(t *testing.T) {
	node := mappingNode(
		field("target", "id", "path", "id"),
		field("target", "name", "expr", `first + " " + last`),
		field("target", "qty", "path", "qty", "type", "integer"),
		field("target", "lines[].sku", "path", "items[*].sku"),
	)
	f := chain([]flow.Node{
		manual(`[{"id": 1, "first": "Ada", "last": "L", "qty": "2", "items": [{"sku": "A"}]},
		         {"id": 2, "first": "Bo", "last": "M", "qty": "lots"},
		         {"id": 3, "first": "Cy", "last": "N", "qty": 4}]`),
		node, debug("ok"), debug("errors")}, "map:error->errors:in")
	f.Edges = append(f.Edges[:2], f.Edges[3:]...) // drop ok→errors
	rec, d := run(t, f)

	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	assert.Equal(t, []any{
		map[string]any{"id": 1.0, "name": "Ada L", "qty": 2.0, "lines": []any{map[string]any{"sku": "A"}}},
		map[string]any{"id": 3.0, "name": "Cy N", "qty": 4.0},
	}, d.payloads("ok"), "the record after the failing one continues")
	b, err := json.Marshal(d.msgs["ok"][0].Payload)
	require.NoError(t, err)
	assert.Equal(t, `{"id":1,"name":"Ada L","qty":2,"lines":[{"sku":"A"}]}`, string(b),
		"the message keeps the mapping's field order, as the preview does")
	errs := d.payloads("errors")
	require.Len(t, errs, 1)
	e := errs[0].(map[string]any)
	assert.Equal(t, `field "qty": cannot convert "lots" to an integer`, e["error"])
	assert.Equal(t, "map", e["node"])
	assert.Equal(t, 2.0, e["message"].(map[string]any)["id"])
	assert.Equal(t, int64(1), rec.Nodes["map"].Errors)
}

func TestMappingNodeConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		node flow.Node
		want string
	}{
		{"expression syntax", mappingNode(field("target", "a", "expr", "1 +")), `field "mapping": field 1 "a": line 1`},
		{"unknown key", mappingNode(field("target", "a", "paht", "x")), `field "mapping": unknown key "paht"`},
		{"not an object", flow.Node{ID: "map", Type: "core.mapping", Config: map[string]any{"mapping": "x"}}, `must be an object`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runtime.Compile(chain([]flow.Node{manual(`{}`), tt.node}), newRegistry(t))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestMappingSpec(t *testing.T) {
	s, ok := newRegistry(t).Spec("core.mapping")
	require.True(t, ok)
	assert.Equal(t, spec.Transform, s.Category)
	require.Len(t, s.Config, 1)
	assert.Equal(t, spec.EditorMapping, s.Config[0].Editor)
	assert.Equal(t, spec.Object, s.Config[0].Type)
}
