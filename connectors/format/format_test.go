package format_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/core"
	"github.com/weftworks/weft/connectors/format"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
)

func newRegistry(t testing.TB) *registry.Registry {
	t.Helper()
	r := registry.New()
	require.NoError(t, core.Register(r))
	require.NoError(t, format.Register(r))
	return r
}

// run sends payloads through one node of type typ with cfg and returns
// what came out of "out" and "error".
func run(t *testing.T, typ string, cfg map[string]any, payloads ...any) (out, failed []any) {
	t.Helper()
	src := manualPayloads(t, payloads)
	f := &flow.Flow{FormatVersion: flow.FormatVersion, ID: "f", Name: "f", Nodes: []flow.Node{
		{ID: "in", Type: "core.manual", Config: map[string]any{"payloads": src}},
		{ID: "n", Type: typ, Config: cfg},
		{ID: "out", Type: "core.debug"},
		{ID: "err", Type: "core.debug"},
	}}
	for i, e := range [][4]string{{"in", "out", "n", "in"}, {"n", "out", "out", "in"}, {"n", "error", "err", "in"}} {
		f.Edges = append(f.Edges, flow.Edge{ID: fmt.Sprint("e", i), From: flow.PortRef{Node: e[0], Port: e[1]}, To: flow.PortRef{Node: e[2], Port: e[3]}})
	}
	plan, err := runtime.Compile(f, newRegistry(t))
	require.NoError(t, err)
	var mu sync.Mutex
	got := map[string][]any{}
	rec := plan.Run(context.Background(), runtime.Options{OnDebug: func(node string, m *message.Message) {
		mu.Lock()
		defer mu.Unlock()
		got[node] = append(got[node], jsoncodec.Plain(jsoncodec.CloneValue(m.Payload)))
	}})
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	return got["out"], got["err"]
}

func manualPayloads(t *testing.T, payloads []any) string {
	var b strings.Builder
	b.WriteString("[")
	for i, p := range payloads {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%s", mustJSON(t, p))
	}
	return b.String() + "]"
}

func obj(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func failure(reason string, msg any) map[string]any {
	return obj("error", reason, "node", "n", "message", msg)
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		cfg     map[string]any
		payload any
		out     []any
		failed  []any
	}{
		{"csv auto, detected types", map[string]any{"detectTypes": true}, "id;name\n1;Ada\n2;Bo\n",
			[]any{obj("id", 1.0, "name", "Ada"), obj("id", 2.0, "name", "Bo")}, nil},
		{"csv bad row keeps going", map[string]any{"format": "csv"}, "a,b\n1,2\n3\n4,5\n",
			[]any{obj("a", "1", "b", "2"), obj("a", "4", "b", "5")},
			[]any{failure("record 2 (line 3): the row has 1 fields, the header has 2", "a,b\n1,2\n3\n4,5\n")}},
		{"csv no header, tab", map[string]any{"format": "csv", "header": false, "delimiter": "tab"}, "a\tb\n",
			[]any{[]any{"a", "b"}}, nil},
		{"json array from a field", map[string]any{"field": "body.text"}, obj("body", obj("text", `[{"a":1},2]`)),
			[]any{obj("a", 1.0), 2.0}, nil},
		{"ndjson as one array", map[string]any{"format": "ndjson", "output": "array"}, "{\"a\":1}\n{\"a\":2}\n",
			[]any{[]any{obj("a", 1.0), obj("a", 2.0)}}, nil},
		{"array mode: a bad record fails all", map[string]any{"format": "ndjson", "output": "array"}, "{\"a\":1}\n{bad\n",
			nil, []any{failure("record 2 (line 2): invalid JSON: invalid character 'b' looking for beginning of object key string", "{\"a\":1}\n{bad\n")}},
		{"xml", map[string]any{"format": "xml"}, `<r><o id="1"><sku>A</sku><sku>B</sku></o></r>`,
			[]any{obj("@id", "1", "sku", []any{"A", "B"})}, nil},
		{"invalid xml", map[string]any{"format": "xml"}, `<r><o></r>`,
			nil, []any{failure("record 1 (line 1): invalid XML: element <o> closed by </r>", `<r><o></r>`)}},
		{"not text", map[string]any{}, obj("a", 1.0),
			nil, []any{failure("the payload is an object, not text to parse", obj("a", 1.0))}},
		{"missing field", map[string]any{"field": "body"}, obj("a", 1.0),
			nil, []any{failure(`field "body" is missing or null, not text to parse`, obj("a", 1.0))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, failed := run(t, "format.parse", tt.cfg, tt.payload)
			assert.Equal(t, tt.out, out)
			assert.Equal(t, tt.failed, failed)
		})
	}
}

func TestSerialize(t *testing.T) {
	recs := []any{obj("id", 1.0, "name", "Ada, L"), obj("id", 2.0, "name", "Bo")}
	tests := []struct {
		name    string
		cfg     map[string]any
		payload any
		out     []any
		failed  []any
	}{
		{"json", map[string]any{}, recs, []any{`[{"id":1,"name":"Ada, L"},{"id":2,"name":"Bo"}]`}, nil},
		{"ndjson", map[string]any{"format": "ndjson"}, recs, []any{"{\"id\":1,\"name\":\"Ada, L\"}\n{\"id\":2,\"name\":\"Bo\"}\n"}, nil},
		{"csv columns", map[string]any{"format": "csv", "columns": []any{"name", "id"}, "delimiter": ";"}, recs,
			[]any{"name;id\nAda, L;1\nBo;2\n"}, nil},
		{"csv one object", map[string]any{"format": "csv"}, recs[0], []any{"id,name\n1,\"Ada, L\"\n"}, nil},
		{"csv quote all, no header", map[string]any{"format": "csv", "quoteAll": true, "header": false}, recs[1],
			[]any{"\"2\",\"Bo\"\n"}, nil},
		{"xml", map[string]any{"format": "xml", "root": "people", "item": "person"}, recs,
			[]any{"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<people>\n<person><id>1</id><name>Ada, L</name></person>\n<person><id>2</id><name>Bo</name></person>\n</people>\n"}, nil},
		{"csv needs objects", map[string]any{"format": "csv"}, []any{"x"},
			nil, []any{failure("record 1: CSV needs an object, got string", []any{"x"})}},
		{"xml bad key", map[string]any{"format": "xml"}, obj("a b", 1.0),
			nil, []any{failure(`record 1: key "a b" is not a valid XML name`, obj("a b", 1.0))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, failed := run(t, "format.serialize", tt.cfg, tt.payload)
			assert.Equal(t, tt.out, out)
			assert.Equal(t, tt.failed, failed)
		})
	}
}

// Serialize then parse gives the records back.
func TestRoundTrip(t *testing.T) {
	recs := []any{obj("id", "1", "tags", obj("t", []any{"a", "b"})), obj("id", "2", "tags", "none")}
	for _, f := range []string{"json", "ndjson", "xml"} {
		text, failed := run(t, "format.serialize", map[string]any{"format": f}, recs)
		require.Empty(t, failed, f)
		back, failed := run(t, "format.parse", map[string]any{"format": f, "output": "array"}, text[0])
		require.Empty(t, failed, f)
		assert.Equal(t, []any{recs}, back, f)
	}
}

func TestConfigErrors(t *testing.T) {
	for typ, cfg := range map[string]map[string]any{
		"format.parse":     {"delimiter": ";;"},
		"format.serialize": {"format": "xml", "root": "has space"},
	} {
		f := &flow.Flow{FormatVersion: flow.FormatVersion, ID: "f", Name: "f", Nodes: []flow.Node{
			{ID: "in", Type: "core.manual"}, {ID: "n", Type: typ, Config: cfg}},
			Edges: []flow.Edge{{ID: "e", From: flow.PortRef{Node: "in", Port: "out"}, To: flow.PortRef{Node: "n", Port: "in"}}}}
		_, err := runtime.Compile(f, newRegistry(t))
		assert.ErrorContains(t, err, `"n"`, typ)
	}
}
