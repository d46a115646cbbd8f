package runtime_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// outcomes collects the outcomes of tracked messages by index.
type outcomes struct {
	mu    sync.Mutex
	got   map[int]registry.Outcome
	calls map[int]int
	// early counts messages test.check saw after their outcome came.
	early int
}

func newOutcomes() *outcomes {
	return &outcomes{got: map[int]registry.Outcome{}, calls: map[int]int{}}
}

func (o *outcomes) done(i int) func(registry.Outcome) {
	return func(out registry.Outcome) {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.got[i] = out
		o.calls[i]++
	}
}

func (o *outcomes) snapshot() (map[int]registry.Outcome, map[int]int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	got, calls := map[int]registry.Outcome{}, map[int]int{}
	for k, v := range o.got {
		got[k], calls[k] = v, o.calls[k]
	}
	return got, calls
}

// counterKey names the service test.service reads.
var counterKey = registry.NewKey[*int]("test.counter")

// trackRegistry adds the node types of the tracking, catch, service and
// dynamic port tests to testRegistry.
func trackRegistry(t *testing.T, e *env, o *outcomes) *registry.Registry {
	t.Helper()
	r := testRegistry(t, e)
	intField := func(name string) spec.Field { return spec.Field{Name: name, Title: name, Type: spec.Integer} }
	strings := func(name string) spec.Field {
		return spec.Field{Name: name, Title: name, Type: spec.Array, Items: &spec.Field{Type: spec.String}}
	}
	for _, reg := range []struct {
		s spec.Spec
		f registry.Factory
	}{
		{spec.Spec{Type: "test.tracked", Title: "Tracked", Category: spec.Trigger, Outputs: out,
			Config: []spec.Field{intField("count")}}, o.tracked},
		{spec.Spec{Type: "test.batch", Title: "Batch", Category: spec.Transform, Inputs: in, Outputs: out,
			Config: []spec.Field{intField("size"), {Name: "keep", Title: "keep", Type: spec.Boolean, Default: true}}}, batch},
		{spec.Spec{Type: "test.check", Title: "Check", Category: spec.Action, Inputs: in}, o.check},
		{spec.Spec{Type: "test.hold", Title: "Hold", Category: spec.Action, Inputs: in}, e.hold},
		{spec.Spec{Type: "test.catch", Title: "Catch", Category: spec.Transform, Outputs: out,
			Catch: &spec.CatchFrom{Field: "nodes"}, Config: []spec.Field{strings("nodes")}}, e.sink},
		{spec.Spec{Type: "test.switch", Title: "Switch", Category: spec.Transform, Inputs: in,
			Outputs: []spec.Port{{Name: "otherwise"}}, OutputsFrom: &spec.PortsFrom{Field: "routes"},
			Config: []spec.Field{strings("routes"), strings("send")}}, switcher},
		{spec.Spec{Type: "test.service", Title: "Service", Category: spec.Trigger, Outputs: out}, service},
	} {
		require.NoError(t, r.Register(reg.s, reg.f))
	}
	return r
}

// tracked emits count tracked messages {"i": k}.
func (o *outcomes) tracked(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	count := num(cfg, "count")
	return nodeFunc(func(ctx context.Context, io registry.IO) error {
		for k := range count {
			if err := io.EmitTracked(ctx, "out", message.New(map[string]any{"i": float64(k)}), o.done(k)); err != nil {
				return err
			}
		}
		return nil
	}), nil
}

// batch emits {"items": [...]} per size inputs and the rest at the end.
// With keep false it forgets to Keep, so its inputs finish too early.
func batch(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	size, keep := num(cfg, "size"), cfg["keep"] == true
	return nodeFunc(func(ctx context.Context, io registry.IO) error {
		var held []*message.Message
		flush := func() error {
			items := make([]any, len(held))
			for i, m := range held {
				items[i] = m.Payload
			}
			out := message.New(map[string]any{"items": items})
			io.Adopt(out, held...)
			io.Done(held...)
			held = nil
			defer io.Done(out)
			return io.Emit(ctx, "out", out)
		}
		for {
			input, ok := io.Receive(ctx)
			if !ok {
				break
			}
			if keep {
				io.Keep(input.Msg)
			}
			if held = append(held, input.Msg); len(held) == size {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if len(held) > 0 {
			return flush()
		}
		return nil
	}), nil
}

// check counts inputs whose tracked outcome has already been reported:
// {"i": k} or {"items": [{"i": k}, ...]}.
func (o *outcomes) check(flow.Node, map[string]any) (registry.Node, error) {
	return nodeFunc(func(ctx context.Context, io registry.IO) error {
		for {
			input, ok := io.Receive(ctx)
			if !ok {
				return nil
			}
			o.seen(input.Msg.Payload.(map[string]any))
		}
	}), nil
}

// seen counts the indexes in p whose outcome came already. p is {"i": k},
// {"items": [{"i": k}, ...]} or an error message {"message": {"i": k}}.
func (o *outcomes) seen(p map[string]any) {
	if m, ok := p["message"].(map[string]any); ok {
		p = m
	}
	items, ok := p["items"].([]any)
	if !ok {
		items = []any{p}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, it := range items {
		i, _ := it.(map[string]any)["i"].(float64)
		if _, done := o.got[int(i)]; done {
			o.early++
		}
	}
}

// hold receives one message, signals and waits for cancellation.
func (e *env) hold(flow.Node, map[string]any) (registry.Node, error) {
	return nodeFunc(func(ctx context.Context, io registry.IO) error {
		if _, ok := io.Receive(ctx); ok {
			close(e.started)
		}
		<-ctx.Done()
		return nil
	}), nil
}

// switcher sends message {"i": k} out of the port send[k] names, or
// "otherwise" when that is empty or missing.
func switcher(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	send, _ := cfg["send"].([]any)
	return nodeFunc(func(ctx context.Context, io registry.IO) error {
		for {
			input, ok := io.Receive(ctx)
			if !ok {
				return nil
			}
			port := "otherwise"
			if k := int(input.Msg.Payload.(map[string]any)["i"].(float64)); k < len(send) && send[k] != "" {
				port = send[k].(string)
			}
			if err := io.Emit(ctx, port, input.Msg); err != nil {
				return io.Fail(ctx, input.Msg, err)
			}
		}
	}), nil
}

// service emits the counter the host provides and increments it.
func service(flow.Node, map[string]any) (registry.Node, error) {
	return nodeFunc(func(ctx context.Context, io registry.IO) error {
		c, ok := registry.ServiceOf(io, counterKey)
		if !ok {
			return fmt.Errorf("no service %q", counterKey.Name())
		}
		*c++
		return io.Emit(ctx, "out", message.New(map[string]any{"counter": float64(*c)}))
	}), nil
}
