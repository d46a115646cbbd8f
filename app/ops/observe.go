package ops

import (
	"context"
	"log/slog"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/runtime"
)

// runSeen is what a Collector has counted of one run so far.
type runSeen struct {
	nodes map[string]*nodeSeen
}

// nodeSeen is what has been counted of one node of a run.
type nodeSeen struct {
	in, out, errors int64
	errorSamples    int // error-port samples already logged
	returned        bool
}

// Observe counts what rec shows beyond what earlier snapshots of the same
// run showed: feed it every snapshot (runtime.Options.OnUpdate). The same
// or an older snapshot delivered again changes nothing; a run's final
// snapshot ends it, and later snapshots of an ended run are ignored.
func (c *Collector) Observe(rec *runtime.Record) {
	c.mu.Lock()
	defer c.mu.Unlock()
	seen, ok := c.runs[rec.ID]
	if !ok {
		if c.ended.has(rec.ID) {
			return
		}
		seen = &runSeen{nodes: map[string]*nodeSeen{}}
		c.runs[rec.ID] = seen
		c.m.started.WithLabelValues(rec.FlowID).Inc()
		c.m.active.WithLabelValues(rec.FlowID).Inc()
		c.log.Info("run started", KeyRunID, rec.ID, KeyFlowID, rec.FlowID)
	}
	for id, n := range rec.Nodes {
		ns := seen.nodes[id]
		if ns == nil {
			ns = &nodeSeen{}
			seen.nodes[id] = ns
		}
		c.observeNode(rec, id, n, ns)
	}
	if rec.Status != runtime.StatusRunning {
		c.endRun(rec)
	}
}

// Running is the number of runs seen starting and not yet ended.
func (c *Collector) Running() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.runs)
}

func (c *Collector) endRun(rec *runtime.Record) {
	delete(c.runs, rec.ID)
	c.ended.add(rec.ID)
	c.m.ended.WithLabelValues(rec.FlowID, rec.Status).Inc()
	c.m.active.WithLabelValues(rec.FlowID).Dec()
	level := slog.LevelInfo
	if rec.Status == runtime.StatusFailed {
		level = slog.LevelError
	}
	attrs := []any{KeyRunID, rec.ID, KeyFlowID, rec.FlowID, "status", rec.Status,
		"duration_ms", rec.EndedAt - rec.StartedAt}
	if rec.Error != "" {
		attrs = append(attrs, "error", rec.Error)
	}
	c.log.Log(context.Background(), level, "run ended", attrs...)
	if c.tracer != nil {
		c.tracer.Trace(rec)
	}
}

// observeNode adds the node's new counts and, once it has returned, its
// duration; it logs newly failed messages with their ids where the record
// sampled them.
func (c *Collector) observeNode(rec *runtime.Record, id string, n *runtime.NodeRecord, ns *nodeSeen) {
	labels := []string{rec.FlowID, id, n.Type}
	addDelta(c.m.in.WithLabelValues(labels...), &ns.in, n.In)
	addDelta(c.m.out.WithLabelValues(labels...), &ns.out, n.Out)
	before := ns.errors
	addDelta(c.m.errors.WithLabelValues(labels...), &ns.errors, n.Errors)
	if ns.errors > before {
		c.logFailures(rec, id, n, ns, ns.errors-before)
	}
	if !ns.returned && (n.Status == runtime.NodeDone || n.Status == runtime.NodeFailed) {
		ns.returned = true
		c.m.duration.WithLabelValues(labels...).Observe(float64(n.DurationMs) / 1000)
	}
}

// addDelta adds to ctr what now shows beyond *seen and remembers the
// larger value; a smaller one (an older snapshot) adds nothing.
func addDelta(ctr interface{ Add(float64) }, seen *int64, now int64) {
	if now > *seen {
		ctr.Add(float64(now - *seen))
		*seen = now
	}
}

// logFailures logs that node id failed count more messages, naming the
// ids of the failed messages the record sampled on the error port.
func (c *Collector) logFailures(rec *runtime.Record, id string, n *runtime.NodeRecord, ns *nodeSeen, count int64) {
	var ids []string
	i := 0
	for _, s := range n.Emitted {
		if s.Port != flow.ErrorPort {
			continue
		}
		if i >= ns.errorSamples {
			ids = append(ids, s.MessageID)
		}
		i++
	}
	ns.errorSamples = i
	attrs := []any{KeyRunID, rec.ID, KeyFlowID, rec.FlowID, KeyNode, id, "type", n.Type,
		"failed", count, "errors_total", n.Errors}
	if len(ids) == 1 {
		attrs = append(attrs, KeyMessageID, ids[0])
	} else if len(ids) > 1 {
		attrs = append(attrs, "message_ids", ids)
	}
	c.log.Warn("node failed messages", attrs...)
}

// recentIDs remembers the last n ids added.
type recentIDs struct {
	set   map[string]struct{}
	order []string
	next  int
}

func newRecentIDs(n int) *recentIDs {
	return &recentIDs{set: make(map[string]struct{}, n), order: make([]string, 0, n)}
}

func (r *recentIDs) has(id string) bool {
	_, ok := r.set[id]
	return ok
}

func (r *recentIDs) add(id string) {
	if len(r.order) < cap(r.order) {
		r.order = append(r.order, id)
	} else {
		delete(r.set, r.order[r.next])
		r.order[r.next] = id
		r.next = (r.next + 1) % len(r.order)
	}
	r.set[id] = struct{}{}
}
