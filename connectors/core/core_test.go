package core_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/core"
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
	return r
}

// chain builds a flow of nodes wired out→in in order; extra edges are
// "from:port->to:port".
func chain(nodes []flow.Node, extra ...string) *flow.Flow {
	f := &flow.Flow{FormatVersion: flow.FormatVersion, ID: "f", Name: "f", Nodes: nodes}
	add := func(from, fp, to, tp string) {
		f.Edges = append(f.Edges, flow.Edge{ID: fmt.Sprintf("e%d", len(f.Edges)+1),
			From: flow.PortRef{Node: from, Port: fp}, To: flow.PortRef{Node: to, Port: tp}})
	}
	for i := 1; i < len(nodes); i++ {
		add(nodes[i-1].ID, "out", nodes[i].ID, "in")
	}
	for _, e := range extra {
		from, to, _ := strings.Cut(e, "->")
		fn, fp, _ := strings.Cut(from, ":")
		tn, tp, _ := strings.Cut(to, ":")
		add(fn, fp, tn, tp)
	}
	return f
}

type debugged struct {
	mu   sync.Mutex
	msgs map[string][]*message.Message
}

func (d *debugged) add(id string, m *message.Message) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.msgs[id] = append(d.msgs[id], m)
}

func (d *debugged) payloads(id string) []any {
	out := []any{}
	for _, m := range d.msgs[id] {
		out = append(out, jsoncodec.Plain(jsoncodec.CloneValue(m.Payload)))
	}
	return out
}

// run compiles and runs f, returning the record and what each node debugged.
func run(t *testing.T, f *flow.Flow) (*runtime.Record, *debugged) {
	t.Helper()
	plan, err := runtime.Compile(f, newRegistry(t))
	require.NoError(t, err)
	d := &debugged{msgs: map[string][]*message.Message{}}
	rec := plan.Run(context.Background(), runtime.Options{OnDebug: d.add})
	return rec, d
}

func manual(payloads string) flow.Node {
	return flow.Node{ID: "trigger", Type: "core.manual", Config: map[string]any{"payloads": payloads}}
}

func scriptNode(code string) flow.Node {
	return flow.Node{ID: "script", Type: "core.script", Config: map[string]any{"code": code}}
}

func debug(id string) flow.Node {
	return flow.Node{ID: id, Type: "core.debug"}
}

func TestHelloFlow(t *testing.T) {
	f := chain([]flow.Node{manual(`{"name": "Ada"}`), {ID: "script", Type: "core.script"}, debug("debug")})
	rec, d := run(t, f)

	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	assert.Equal(t, []any{map[string]any{"name": "Ada", "greeting": "Hello, Ada"}}, d.payloads("debug"))
	assert.Equal(t, rec.Nodes["trigger"].Emitted[0].MessageID, d.msgs["debug"][0].ID)
	assert.Equal(t, int64(1), rec.Nodes["debug"].Out, "debug passes messages on")
}

func TestManualPayloads(t *testing.T) {
	tests := []struct {
		name     string
		payloads any // nil: use the default
		want     []any
	}{
		{"default", nil, []any{map[string]any{"hello": "world"}}},
		{"array: one message each", `[1, "two", {"three": 3}]`, []any{1.0, "two", map[string]any{"three": 3.0}}},
		{"single value", `"just this"`, []any{"just this"}},
		{"nested array is one element", `[[1, 2]]`, []any{[]any{1.0, 2.0}}},
		{"empty array", `[]`, []any{}},
		{"blank", "  ", []any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := flow.Node{ID: "trigger", Type: "core.manual"}
			if tt.payloads != nil {
				n.Config = map[string]any{"payloads": tt.payloads}
			}
			rec, d := run(t, chain([]flow.Node{n, debug("debug")}))
			require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
			assert.Equal(t, tt.want, d.payloads("debug"))
		})
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		node flow.Node
		want []string
	}{
		{"bad payload JSON", manual("[1,\n  2,,]"), []string{`"trigger"`, `field "payloads": invalid JSON at line 2, column 5`}},
		{"two payload values", manual(`1 2`), []string{`field "payloads": invalid JSON`}},
		{"script syntax error", scriptNode("const a = 1;\nreturn a +;"), []string{`"script"`, `field "code": line 2, column 11: SyntaxError`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runtime.Compile(chain([]flow.Node{tt.node}), newRegistry(t))
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestScript(t *testing.T) {
	tests := []struct {
		name string
		code string
		want []any
	}{
		{"filter: undefined drops", `if (msg.n % 2) return msg;`, []any{map[string]any{"n": 1.0}, map[string]any{"n": 3.0}}},
		{"replace the payload", `return msg.n * 10`, []any{0.0, 10.0, 20.0, 30.0}},
		{"null is kept", `return null`, []any{nil, nil, nil, nil}},
		{"meta is readable", `return typeof meta`, []any{"object", "object", "object", "object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := chain([]flow.Node{manual(`[{"n": 0}, {"n": 1}, {"n": 2}, {"n": 3}]`), scriptNode(tt.code), debug("debug")})
			rec, d := run(t, f)
			require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
			assert.Equal(t, tt.want, d.payloads("debug"))
		})
	}
}

func TestScriptErrorsGoToErrorPort(t *testing.T) {
	code := "if (msg.n === 1) {\n  throw new Error('odd one');\n}\nreturn msg;"
	f := chain([]flow.Node{manual(`[{"n": 0}, {"n": 1}]`), scriptNode(code), debug("ok"), debug("errors")},
		"script:error->errors:in")
	f.Edges = append(f.Edges[:2], f.Edges[3:]...) // drop ok→errors
	rec, d := run(t, f)

	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	assert.Equal(t, []any{map[string]any{"n": 0.0}}, d.payloads("ok"))
	assert.Equal(t, []any{map[string]any{
		"error":   "line 2, column 9: Error: odd one",
		"node":    "script",
		"message": map[string]any{"n": 1.0},
	}}, d.payloads("errors"))
	assert.Equal(t, int64(1), rec.Nodes["script"].Errors)
}

func TestScriptFailureWithoutErrorPortFailsRun(t *testing.T) {
	f := chain([]flow.Node{manual(`{}`), scriptNode("return msg.a.b;")})
	rec, _ := run(t, f)
	assert.Equal(t, runtime.StatusFailed, rec.Status)
	assert.Equal(t, `node "script": line 1, column 14: TypeError: Cannot read property 'b' of undefined`, rec.Error)
}

func TestScriptTimeout(t *testing.T) {
	n := scriptNode("while (true) {}")
	n.Config["timeoutMs"] = 50.0
	rec, _ := run(t, chain([]flow.Node{manual(`{}`), n}))
	assert.Equal(t, runtime.StatusFailed, rec.Status)
	assert.Equal(t, `node "script": script timed out after 50ms`, rec.Error)
}

func TestDebugLabel(t *testing.T) {
	labelled := flow.Node{ID: "debug", Type: "core.debug", Config: map[string]any{"label": "after script"}}
	rec, d := run(t, chain([]flow.Node{manual(`{"a": 1}`), labelled, debug("plain")}))
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	require.Len(t, d.msgs["debug"], 1)
	assert.Equal(t, "after script", d.msgs["debug"][0].Meta[core.LabelMeta])
	require.Len(t, d.msgs["plain"], 1)
	assert.NotContains(t, d.msgs["plain"][0].Meta, core.LabelMeta, "the passed-on message is unchanged")
}

func TestRegisterSpecs(t *testing.T) {
	r := newRegistry(t)
	for typ, ports := range map[string][2][]string{
		"core.manual": {nil, {"out"}},
		"core.script": {{"in"}, {"out"}},
		"core.debug":  {{"in"}, {"out"}},
	} {
		s, ok := r.Spec(typ)
		require.True(t, ok, typ)
		var ins, outs []string
		for _, p := range s.Inputs {
			ins = append(ins, p.Name)
		}
		for _, p := range s.Outputs {
			outs = append(outs, p.Name)
		}
		assert.Equal(t, ports, [2][]string{ins, outs}, typ)
	}
	assert.Error(t, core.Register(r), "registering twice is refused")
}
