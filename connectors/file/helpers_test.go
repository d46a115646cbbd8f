package file_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/core"
	"github.com/weftworks/weft/connectors/file"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/runtime/runtimetest"
	"github.com/weftworks/weft/engine/spec"
)

// testNodes are extra node types for tests: test.func runs fn on each
// message it receives (fn set per test through the node's id).
var testNodes sync.Map // node id → func(ctx, *message.Message)

type funcNode struct {
	fn func(context.Context, *message.Message)
}

func (f funcNode) Run(ctx context.Context, nio registry.IO) error {
	for {
		in, ok := nio.Receive(ctx)
		if !ok {
			return nil
		}
		f.fn(ctx, in.Msg)
	}
}

func newRegistry(t testing.TB) *registry.Registry {
	t.Helper()
	r := registry.New()
	require.NoError(t, core.Register(r))
	require.NoError(t, file.Register(r))
	require.NoError(t, r.Register(spec.Spec{Type: "test.func", Title: "Func", Category: spec.Action,
		Inputs: []spec.Port{{Name: "in"}}}, func(n flow.Node, _ map[string]any) (registry.Node, error) {
		fn, ok := testNodes.Load(n.ID)
		if !ok {
			return nil, fmt.Errorf("no test function for %s", n.ID)
		}
		return funcNode{fn: fn.(func(context.Context, *message.Message))}, nil
	}))
	return r
}

// newFlow builds a flow; edges are "from:port->to:port" ("from->to" means
// out->in).
var newFlow = runtimetest.Flow

// runFlow compiles and runs f to its end.
func runFlow(t *testing.T, ctx context.Context, f *flow.Flow, opts runtime.Options) (*runtime.Record, *runtimetest.Collector) {
	t.Helper()
	plan, err := runtime.Compile(f, newRegistry(t))
	require.NoError(t, err)
	d := runtimetest.NewCollector()
	also := opts.OnDebug
	opts.OnDebug = func(id string, m *message.Message) {
		d.Add(id, m)
		if also != nil {
			also(id, m)
		}
	}
	return plan.Run(ctx, opts), d
}

func manual(payloads ...string) flow.Node {
	return flow.Node{ID: "in", Type: "core.manual", Config: map[string]any{"payloads": "[" + strings.Join(payloads, ",") + "]"}}
}

var debug = runtimetest.Debug

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(data), 0o644))
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func obj(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}
