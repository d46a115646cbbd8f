package ops

import (
	"context"
	"fmt"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/weftworks/weft/engine/runtime"
)

// RunTracer turns each finished run into an OpenTelemetry trace: a
// "weft.run" span from start to end, a "weft.node" child span per node
// (from the run's start, as long as the node worked) and, on each node
// span, one "message" event per message the record sampled at it.
type RunTracer struct {
	tracer trace.Tracer
}

// NewRunTracer returns a RunTracer whose spans go to tp.
func NewRunTracer(tp trace.TracerProvider) *RunTracer {
	return &RunTracer{tracer: tp.Tracer("github.com/weftworks/weft/app/ops")}
}

// Trace records rec, which must have ended.
func (t *RunTracer) Trace(rec *runtime.Record) {
	start, end := time.UnixMilli(rec.StartedAt), time.UnixMilli(rec.EndedAt)
	ctx, run := t.tracer.Start(context.Background(), "weft.run", trace.WithTimestamp(start),
		trace.WithAttributes(attribute.String("weft.run_id", rec.ID), attribute.String("weft.flow_id", rec.FlowID),
			attribute.String("weft.status", rec.Status)))
	if rec.Status == runtime.StatusFailed {
		run.SetStatus(codes.Error, rec.Error)
	}
	for id, n := range rec.Nodes {
		_, span := t.tracer.Start(ctx, "weft.node", trace.WithTimestamp(start),
			trace.WithAttributes(attribute.String("weft.node_id", id), attribute.String("weft.node_type", n.Type),
				attribute.Int64("weft.in", n.In), attribute.Int64("weft.out", n.Out), attribute.Int64("weft.errors", n.Errors)))
		for _, s := range append(append([]runtime.Sample(nil), n.Received...), n.Emitted...) {
			span.AddEvent("message", trace.WithTimestamp(time.UnixMilli(s.At)),
				trace.WithAttributes(attribute.String("weft.message_id", s.MessageID), attribute.String("weft.port", s.Port)))
		}
		if n.Errors > 0 {
			span.SetStatus(codes.Error, fmt.Sprintf("%d message(s) failed", n.Errors))
		}
		span.End(trace.WithTimestamp(start.Add(time.Duration(n.DurationMs) * time.Millisecond)))
	}
	run.End(trace.WithTimestamp(end))
}

// TraceRuns makes c pass every run it sees end to t.
func (c *Collector) TraceRuns(t *RunTracer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tracer = t
}
