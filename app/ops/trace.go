package ops

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/weftworks/weft/engine/runtime"
)

// RunTracer turns each finished run into an OpenTelemetry trace: a
// "weft.run" span from start to end, a "weft.node" child span per node
// (from the run's start, as long as the node worked) and, on each node
// span, one "message" event per message the record sampled at it. Given
// the runtime's message spans (Message, from runtime.Options.OnMessage),
// each node span also gets a "weft.message" child span per message, as
// MessageSampling allows; those are sent as they end, and the run and
// node spans are started then and ended by Trace.
type RunTracer struct {
	tracer   trace.Tracer
	sampling MessageSampling

	mu   sync.Mutex
	live map[string]*liveRun // by run id
}

// NewRunTracer returns a RunTracer whose spans go to tp, with message
// spans limited by sampling.
func NewRunTracer(tp trace.TracerProvider, sampling MessageSampling) *RunTracer {
	return &RunTracer{tracer: tp.Tracer("github.com/weftworks/weft/app/ops"), sampling: sampling,
		live: map[string]*liveRun{}}
}

// Trace records rec, which must have ended.
func (t *RunTracer) Trace(rec *runtime.Record) {
	start, end := time.UnixMilli(rec.StartedAt), time.UnixMilli(rec.EndedAt)
	live := t.takeLive(rec.ID)
	if live == nil {
		live = &liveRun{nodes: map[string]*liveNode{}}
		live.ctx, live.span = t.tracer.Start(context.Background(), "weft.run", trace.WithTimestamp(start))
	}
	live.span.SetAttributes(attribute.String("weft.run_id", rec.ID), attribute.String("weft.flow_id", rec.FlowID),
		attribute.String("weft.status", rec.Status))
	if rec.Status == runtime.StatusFailed {
		live.span.SetStatus(codes.Error, rec.Error)
	}
	for id, n := range rec.Nodes {
		ln := live.nodes[id]
		if ln == nil {
			ln = &liveNode{}
			ln.ctx, ln.span = t.tracer.Start(live.ctx, "weft.node", trace.WithTimestamp(start))
		}
		t.endNode(ln, id, n, start)
	}
	live.span.End(trace.WithTimestamp(end))
}

// endNode sets a node span's attributes and events from the record and
// ends it when the node stopped working.
func (t *RunTracer) endNode(ln *liveNode, id string, n *runtime.NodeRecord, start time.Time) {
	span := ln.span
	span.SetAttributes(attribute.String("weft.node_id", id), attribute.String("weft.node_type", n.Type),
		attribute.Int64("weft.in", n.In), attribute.Int64("weft.out", n.Out), attribute.Int64("weft.errors", n.Errors))
	if ln.dropped > 0 {
		span.SetAttributes(attribute.Int64("weft.message_spans_dropped", ln.dropped))
	}
	for _, s := range append(append([]runtime.Sample(nil), n.Received...), n.Emitted...) {
		span.AddEvent("message", trace.WithTimestamp(time.UnixMilli(s.At)),
			trace.WithAttributes(attribute.String("weft.message_id", s.MessageID), attribute.String("weft.port", s.Port)))
	}
	if n.Errors > 0 {
		span.SetStatus(codes.Error, fmt.Sprintf("%d message(s) failed", n.Errors))
	}
	span.End(trace.WithTimestamp(start.Add(time.Duration(n.DurationMs) * time.Millisecond)))
}

// TraceRuns makes c pass every run it sees end to t.
func (c *Collector) TraceRuns(t *RunTracer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tracer = t
}
