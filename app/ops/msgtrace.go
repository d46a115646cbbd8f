package ops

import (
	"context"
	"hash/fnv"
	"math"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/weftworks/weft/engine/runtime"
)

// DefaultMessagesPerMinute is how many message spans a node of a run
// gets per minute when MessageSampling leaves it zero.
const DefaultMessagesPerMinute = 100

// MessageSampling limits the "weft.message" spans, so that a batch of a
// million messages does not make a million spans unless asked to.
type MessageSampling struct {
	// Ratio is the share of messages traced, chosen by message id (a
	// message traced at one node is traced at every node): 0 or 1 traces
	// every message.
	Ratio float64
	// PerMinute caps the spans of each node of a run in each minute; the
	// rest are counted on the node span (weft.message_spans_dropped).
	// Zero: DefaultMessagesPerMinute; negative: no cap.
	PerMinute int
}

// liveRun is a run whose message spans are being recorded: its span and
// its node spans, started at the run's start and ended by Trace.
type liveRun struct {
	ctx   context.Context
	span  trace.Span
	nodes map[string]*liveNode
}

type liveNode struct {
	ctx     context.Context
	span    trace.Span
	minute  int64 // the minute (Unix) count belongs to
	count   int
	dropped int64
}

// Message records s as a "weft.message" span, child of its node's span
// (itself a child of the run's), unless sampling leaves it out. The run
// and node spans end when Trace is given the run's final record.
func (t *RunTracer) Message(s runtime.MessageSpan) {
	if !t.sampled(s.MessageID) {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	n := t.liveNode(s)
	if minute := s.Start.Unix() / 60; minute != n.minute {
		n.minute, n.count = minute, 0
	}
	if limit := t.perMinute(); limit >= 0 && n.count >= limit {
		n.dropped++
		return
	}
	n.count++
	_, span := t.tracer.Start(n.ctx, "weft.message", trace.WithTimestamp(s.Start),
		trace.WithAttributes(attribute.String("weft.message_id", s.MessageID), attribute.String("weft.port", s.Port),
			attribute.String("weft.node_id", s.NodeID), attribute.Int("weft.emitted", s.Emitted)))
	if s.Error != "" {
		span.SetStatus(codes.Error, s.Error)
	}
	span.End(trace.WithTimestamp(s.End))
}

// sampled reports whether the message id falls in the sampled share.
func (t *RunTracer) sampled(id string) bool {
	r := t.sampling.Ratio
	if r <= 0 || r >= 1 {
		return true
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(id))
	return float64(h.Sum64())/math.MaxUint64 < r
}

func (t *RunTracer) perMinute() int {
	if t.sampling.PerMinute == 0 {
		return DefaultMessagesPerMinute
	}
	return t.sampling.PerMinute
}

// liveNode returns the live span of s's node, starting it (and its run's)
// on first use. t.mu is held.
func (t *RunTracer) liveNode(s runtime.MessageSpan) *liveNode {
	start := time.UnixMilli(s.RunStartedAt)
	r := t.live[s.RunID]
	if r == nil {
		ctx, span := t.tracer.Start(context.Background(), "weft.run", trace.WithTimestamp(start))
		r = &liveRun{ctx: ctx, span: span, nodes: map[string]*liveNode{}}
		t.live[s.RunID] = r
	}
	n := r.nodes[s.NodeID]
	if n == nil {
		ctx, span := t.tracer.Start(r.ctx, "weft.node", trace.WithTimestamp(start))
		n = &liveNode{ctx: ctx, span: span}
		r.nodes[s.NodeID] = n
	}
	return n
}

// takeLive removes and returns the live spans of run id, nil if none.
func (t *RunTracer) takeLive(id string) *liveRun {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.live[id]
	delete(t.live, id)
	return r
}
