package control_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/control"
	"github.com/weftworks/weft/connectors/core"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/runtime/runtimetest"
	"github.com/weftworks/weft/engine/spec"
)

// harness runs flows of core, control and test.func nodes and collects
// what debug nodes show.
type harness struct {
	t        *testing.T
	reg      *registry.Registry
	funcs    map[string]func(ctx context.Context, io registry.IO) error
	services registry.Services
	*runtimetest.Collector
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, reg: registry.New(), Collector: runtimetest.NewCollector(),
		funcs: map[string]func(context.Context, registry.IO) error{}, services: registry.Services{}}
	require.NoError(t, core.Register(h.reg))
	require.NoError(t, control.Register(h.reg))
	require.NoError(t, h.reg.Register(spec.Spec{Type: "test.func", Title: "Func", Category: spec.Trigger,
		Outputs: []spec.Port{{Name: "out"}}}, func(n flow.Node, _ map[string]any) (registry.Node, error) {
		return runtimetest.NodeFunc(h.funcs[n.ID]), nil
	}))
	return h
}

// run compiles and runs f.
func (h *harness) run(f *flow.Flow) *runtime.Record {
	h.t.Helper()
	return h.runCtx(context.Background(), f)
}

// runCtx compiles and runs f under ctx (and a generous limit).
func (h *harness) runCtx(ctx context.Context, f *flow.Flow) *runtime.Record {
	h.t.Helper()
	plan, err := runtime.Compile(f, h.reg)
	require.NoError(h.t, err)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return plan.Run(ctx, runtime.Options{OnDebug: h.Add, Services: h.services})
}

// waitFor waits until node has shown n messages; it fails the test when
// that does not happen within a generous limit (liveness, not timing).
func (h *harness) waitFor(ctx context.Context, node string, n int) error {
	for h.Count(node) < n {
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %d messages at %s: %w", n, node, ctx.Err())
		case <-time.After(2 * time.Millisecond):
		}
	}
	return nil
}

// emitter returns a test.func body that emits the payloads in order,
// calling between(i) before payload i when it is set.
func emitter(payloads []any, between func(ctx context.Context, i int) error) func(context.Context, registry.IO) error {
	return func(ctx context.Context, io registry.IO) error {
		for i, p := range payloads {
			if between != nil {
				if err := between(ctx, i); err != nil {
					return err
				}
			}
			if err := io.Emit(ctx, "out", message.New(p)); err != nil {
				return err
			}
		}
		return nil
	}
}

// build makes a flow of nodes wired by edges "from:port->to:port".
var build = runtimetest.Flow

func node(id, typ string, kv ...any) flow.Node {
	cfg := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		cfg[kv[i].(string)] = kv[i+1]
	}
	return runtimetest.Node(id, typ, cfg)
}

func manual(payloads string) flow.Node { return node("src", "core.manual", "payloads", payloads) }

var debug = runtimetest.Debug

// objs builds {"n": i} payloads for i in ns.
func objs(ns ...float64) []any {
	out := make([]any, len(ns))
	for i, n := range ns {
		out[i] = map[string]any{"n": n}
	}
	return out
}

func requireOK(t *testing.T, rec *runtime.Record) {
	t.Helper()
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
}
