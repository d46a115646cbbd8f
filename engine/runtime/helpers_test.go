package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/runtime/runtimetest"
	"github.com/weftworks/weft/engine/spec"
)

// env is shared state between a test and its test node types.
type env struct {
	mu       sync.Mutex
	got      map[string][]*message.Message // per sink node id
	produced atomic.Int64                  // messages test.source emitted
	started  chan struct{}                 // closed when test.wait starts
	// beforeReceive runs in test.sink before each Receive.
	beforeReceive func(ctx context.Context)
}

func newEnv() *env {
	return &env{got: map[string][]*message.Message{}, started: make(chan struct{})}
}

func (e *env) messages(node string) []*message.Message {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.got[node]
}

type nodeFunc = runtimetest.NodeFunc

func num(cfg map[string]any, key string) int {
	switch v := cfg[key].(type) {
	case float64:
		return int(v)
	case int:
		return v
	}
	return -1
}

var (
	in  = []spec.Port{{Name: "in"}}
	out = []spec.Port{{Name: "out"}}
)

// testRegistry registers the small node types the runtime tests use.
func testRegistry(t *testing.T, e *env) *registry.Registry {
	t.Helper()
	r := registry.New()
	intField := func(name string) spec.Field { return spec.Field{Name: name, Title: name, Type: spec.Integer} }
	require.NoError(t, r.Register(spec.Spec{Type: "test.source", Title: "Source", Category: spec.Trigger,
		Outputs: out, Config: []spec.Field{intField("count"), {Name: "size", Title: "size", Type: spec.Integer}}}, e.source))
	require.NoError(t, r.Register(spec.Spec{Type: "test.map", Title: "Map", Category: spec.Transform,
		Inputs: in, Outputs: out, Config: []spec.Field{intField("failAt"), intField("panicAt"), intField("errorAt"), intField("stopAt")}}, e.mapper))
	require.NoError(t, r.Register(spec.Spec{Type: "test.sink", Title: "Sink", Category: spec.Action,
		Inputs: in, Outputs: out}, e.sink))
	require.NoError(t, r.Register(spec.Spec{Type: "test.wait", Title: "Wait", Category: spec.Trigger,
		Outputs: out}, e.wait))
	require.NoError(t, r.Register(spec.Spec{Type: "test.broken", Title: "Broken", Category: spec.Trigger,
		Outputs: out}, func(flow.Node, map[string]any) (registry.Node, error) { return nil, errors.New("cannot build") }))
	return r
}

// source emits count messages {"i": k} (with a "pad" string of size bytes).
func (e *env) source(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	count, size := num(cfg, "count"), num(cfg, "size")
	return nodeFunc(func(ctx context.Context, io registry.IO) error {
		for k := range count {
			p := map[string]any{"i": float64(k)}
			if size > 0 {
				p["pad"] = strings.Repeat("x", size)
			}
			if err := io.Emit(ctx, "out", message.New(p)); err != nil {
				return err
			}
			e.produced.Add(1)
		}
		return nil
	}), nil
}

// mapper adds "mapped": true; at the configured indexes it fails the
// message, panics, returns an error or returns early without one.
func (e *env) mapper(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	failAt, panicAt, errorAt, stopAt := num(cfg, "failAt"), num(cfg, "panicAt"), num(cfg, "errorAt"), num(cfg, "stopAt")
	return nodeFunc(func(ctx context.Context, io registry.IO) error {
		for {
			input, ok := io.Receive(ctx)
			if !ok {
				return nil
			}
			p := input.Msg.Payload.(map[string]any)
			switch int(p["i"].(float64)) {
			case failAt:
				if err := io.Fail(ctx, input.Msg, fmt.Errorf("bad %v", p["i"])); err != nil {
					return err
				}
				continue
			case panicAt:
				panic("boom")
			case errorAt:
				return errors.New("broke")
			case stopAt:
				return nil
			}
			p["mapped"] = true
			if err := io.Emit(ctx, "out", input.Msg); err != nil {
				return err
			}
		}
	}), nil
}

// sink keeps every message it receives, marks it as seen by this node
// (to show that copies are independent), debugs it and passes it on.
func (e *env) sink(n flow.Node, _ map[string]any) (registry.Node, error) {
	return nodeFunc(func(ctx context.Context, io registry.IO) error {
		for {
			if e.beforeReceive != nil {
				e.beforeReceive(ctx)
			}
			input, ok := io.Receive(ctx)
			if !ok {
				return nil
			}
			if p, ok := input.Msg.Payload.(map[string]any); ok {
				p["seenBy"] = n.ID
			}
			e.mu.Lock()
			e.got[n.ID] = append(e.got[n.ID], input.Msg)
			e.mu.Unlock()
			io.Debug(input.Msg)
			if err := io.Emit(ctx, "out", input.Msg); err != nil {
				return err
			}
		}
	}), nil
}

// wait signals that it started and waits for the run to be cancelled.
func (e *env) wait(flow.Node, map[string]any) (registry.Node, error) {
	return nodeFunc(func(ctx context.Context, _ registry.IO) error {
		close(e.started)
		<-ctx.Done()
		return ctx.Err()
	}), nil
}

// newFlow builds flow "f1" of nodes and edges "from:port->to:port".
func newFlow(nodes []flow.Node, edges ...string) *flow.Flow {
	f := runtimetest.Flow(nodes, edges...)
	f.ID, f.Name = "f1", "test"
	return f
}

var node = runtimetest.Node

// runFlow compiles and runs f.
func runFlow(t *testing.T, e *env, f *flow.Flow, opts runtime.Options) *runtime.Record {
	t.Helper()
	plan, err := runtime.Compile(f, testRegistry(t, e))
	require.NoError(t, err)
	return plan.Run(context.Background(), opts)
}

func payloads(ms []*message.Message) []any {
	out := make([]any, len(ms))
	for i, m := range ms {
		out[i] = m.Payload
	}
	return out
}
