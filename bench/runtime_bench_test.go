package bench_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/spec"
)

// messages is how many messages one pipeline run carries.
const messages = 20000

type nodeFunc func(ctx context.Context, io registry.IO) error

func (f nodeFunc) Run(ctx context.Context, io registry.IO) error { return f(ctx, io) }

// pipelineRegistry has a source of `messages` payloads, a pass-through
// that adds a field, and a counting sink.
func pipelineRegistry(received *atomic.Int64) *registry.Registry {
	r := registry.New()
	ports := []spec.Port{{Name: "in"}}
	outs := []spec.Port{{Name: "out"}}
	r.MustRegister(spec.Spec{Type: "bench.source", Title: "Source", Category: spec.Trigger, Outputs: outs},
		func(flow.Node, map[string]any) (registry.Node, error) {
			return nodeFunc(func(ctx context.Context, io registry.IO) error {
				for i := range messages {
					if err := io.Emit(ctx, "out", message.New(map[string]any{"i": float64(i)})); err != nil {
						return err
					}
				}
				return nil
			}), nil
		})
	r.MustRegister(spec.Spec{Type: "bench.pass", Title: "Pass", Category: spec.Transform, Inputs: ports, Outputs: outs},
		func(flow.Node, map[string]any) (registry.Node, error) {
			return nodeFunc(func(ctx context.Context, io registry.IO) error {
				for in, ok := io.Receive(ctx); ok; in, ok = io.Receive(ctx) {
					p := in.Msg.Payload.(map[string]any)
					p["seen"] = true
					if err := io.Emit(ctx, "out", in.Msg); err != nil {
						return err
					}
				}
				return nil
			}), nil
		})
	r.MustRegister(spec.Spec{Type: "bench.sink", Title: "Sink", Category: spec.Action, Inputs: ports},
		func(flow.Node, map[string]any) (registry.Node, error) {
			return nodeFunc(func(ctx context.Context, io registry.IO) error {
				for _, ok := io.Receive(ctx); ok; _, ok = io.Receive(ctx) {
					received.Add(1)
				}
				return nil
			}), nil
		})
	return r
}

func pipelineFlow() *flow.Flow {
	edge := func(id, from, to string) flow.Edge {
		return flow.Edge{ID: id, From: flow.PortRef{Node: from, Port: "out"}, To: flow.PortRef{Node: to, Port: "in"}}
	}
	return &flow.Flow{FormatVersion: flow.FormatVersion, ID: "bench", Name: "bench",
		Nodes: []flow.Node{{ID: "src", Type: "bench.source"}, {ID: "p1", Type: "bench.pass"},
			{ID: "p2", Type: "bench.pass"}, {ID: "sink", Type: "bench.sink"}},
		Edges: []flow.Edge{edge("e1", "src", "p1"), edge("e2", "p1", "p2"), edge("e3", "p2", "sink")}}
}

// runWeft runs the four-node pipeline through the Weft runtime.
func runWeft(b *testing.B) {
	var received atomic.Int64
	plan, err := runtime.Compile(pipelineFlow(), pipelineRegistry(&received))
	if err != nil {
		b.Fatal(err)
	}
	rec := plan.Run(context.Background(), runtime.Options{})
	if rec.Status != runtime.StatusSucceeded || received.Load() != messages {
		b.Fatalf("run %s (%s), %d messages", rec.Status, rec.Error, received.Load())
	}
}

// runBaseline is the same pipeline written by hand: goroutines and bounded
// channels, no runtime.
func runBaseline(b *testing.B) {
	c1, c2, c3 := make(chan *message.Message, 16), make(chan *message.Message, 16), make(chan *message.Message, 16)
	go func() {
		defer close(c1)
		for i := range messages {
			c1 <- message.New(map[string]any{"i": float64(i)})
		}
	}()
	pass := func(in <-chan *message.Message, out chan<- *message.Message) {
		defer close(out)
		for m := range in {
			m.Payload.(map[string]any)["seen"] = true
			out <- m
		}
	}
	go pass(c1, c2)
	go pass(c2, c3)
	n := 0
	for range c3 {
		n++
	}
	if n != messages {
		b.Fatalf("baseline got %d messages", n)
	}
}

// BenchmarkPipeline measures messages through source → pass → pass → sink,
// Weft's runtime against the hand-written baseline, and reports the ratio.
func BenchmarkPipeline(b *testing.B) {
	var weft, base time.Duration
	for b.Loop() {
		start := time.Now()
		runBaseline(b)
		base += time.Since(start)
		start = time.Now()
		runWeft(b)
		weft += time.Since(start)
	}
	perMsg := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(b.N*messages) }
	b.ReportMetric(perMsg(base), "baseline-ns/msg")
	b.ReportMetric(perMsg(weft), "weft-ns/msg")
	b.ReportMetric(float64(weft)/float64(base), "weft/baseline")
	fmt.Printf("pipeline: baseline %.0f ns/msg, weft %.0f ns/msg, ratio %.2fx\n",
		perMsg(base), perMsg(weft), float64(weft)/float64(base))
}
