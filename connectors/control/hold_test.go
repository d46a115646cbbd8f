package control_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/control"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
)

func TestAggregate(t *testing.T) {
	tests := []struct {
		name string
		cfg  []any
		in   string
		want []any
	}{
		{"by count, rest on shutdown", []any{"count", 2.0}, `[1, 2, 3, 4, 5]`,
			[]any{[]any{1.0, 2.0}, []any{3.0, 4.0}, []any{5.0}}},
		{"no limit: all on shutdown", []any{"count", 0.0}, `[1, 2, 3]`, []any{[]any{1.0, 2.0, 3.0}}},
		{"by key", []any{"count", 2.0, "key", "k"}, `[{"k": "a", "v": 1}, {"k": "b", "v": 2}, {"k": "a", "v": 3}, {"k": "b", "v": 4}, {"k": "c", "v": 5}]`,
			[]any{
				[]any{map[string]any{"k": "a", "v": 1.0}, map[string]any{"k": "a", "v": 3.0}},
				[]any{map[string]any{"k": "b", "v": 2.0}, map[string]any{"k": "b", "v": 4.0}},
				[]any{map[string]any{"k": "c", "v": 5.0}},
			}},
		{"max held emits the oldest early", []any{"count", 0.0, "key", "$ % 2", "maxMessages", 3.0}, `[1, 2, 3, 4]`,
			[]any{[]any{1.0, 3.0}, []any{2.0, 4.0}}},
		{"empty input emits nothing", []any{"count", 2.0}, `[]`, []any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			rec := h.run(build([]flow.Node{manual(tt.in), node("a", "control.aggregate", tt.cfg...), debug("out")},
				"src:out->a:in", "a:out->out:in"))
			requireOK(t, rec)
			assert.Equal(t, tt.want, h.Payloads("out"))
		})
	}
}

func TestAggregateMeta(t *testing.T) {
	h := newHarness(t)
	rec := h.run(build([]flow.Node{manual(`[{"k": 1}, {"k": 1}]`), node("a", "control.aggregate", "key", "k"), debug("out")},
		"src:out->a:in", "a:out->out:in"))
	requireOK(t, rec)
	out := h.Messages("out")
	require.Len(t, out, 1)
	assert.Equal(t, "1", out[0].Meta[control.AggregateKeyMeta])
	assert.Equal(t, "2", out[0].Meta[control.AggregateCountMeta])
}

func TestAggregateBadKey(t *testing.T) {
	h := newHarness(t)
	rec := h.run(build([]flow.Node{manual(`[{"k": 1}, {}, {"k": null}, {"k": 1}]`), node("a", "control.aggregate", "key", "$.k"),
		debug("out"), debug("errors")}, "src:out->a:in", "a:out->out:in", "a:error->errors:in"))
	requireOK(t, rec)
	assert.Equal(t, []any{[]any{map[string]any{"k": 1.0}, map[string]any{"k": 1.0}}}, h.Payloads("out"))
	errs := h.Payloads("errors")
	require.Len(t, errs, 2)
	assert.Equal(t, "the key is empty", errs[0].(map[string]any)["error"])
}

func TestSplitThenCompleteSplits(t *testing.T) {
	h := newHarness(t)
	rec := h.run(build([]flow.Node{
		manual(`[{"items": [1, 2, 3]}, {"items": [4]}, {"items": [5, 6]}]`),
		node("x", "control.split", "array", "items"),
		node("m", "core.script", "code", "return msg * 10;"),
		node("a", "control.aggregate", "completeSplits", true, "count", 0.0),
		debug("out"), debug("errors"),
	}, "src:out->x:in", "x:out->m:in", "m:out->a:in", "a:out->out:in", "a:error->errors:in"))
	requireOK(t, rec)
	assert.Equal(t, []any{[]any{10.0, 20.0, 30.0}, []any{40.0}, []any{50.0, 60.0}}, h.Payloads("out"))
	emitted := rec.Nodes["src"].Emitted
	for i, m := range h.Messages("out") {
		assert.Equal(t, emitted[i].MessageID, m.ID, "the whole comes back with the original id")
		assert.NotContains(t, m.Meta, control.SplitIDMeta)
	}
	assert.Empty(t, h.Payloads("errors"))
}

func TestCompleteSplitsNeedsSplitMeta(t *testing.T) {
	h := newHarness(t)
	rec := h.run(build([]flow.Node{manual(`[1]`), node("a", "control.aggregate", "completeSplits", true), debug("errors")},
		"src:out->a:in", "a:error->errors:in"))
	requireOK(t, rec)
	errs := h.Payloads("errors")
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].(map[string]any)["error"], "put a split before")
}

// TestAggregateTimeWindow emits one message, waits until the window has
// emitted it as a batch of one, then emits the next: a batch of 100 would
// never fill, so only the window can have emitted it.
func TestAggregateTimeWindow(t *testing.T) {
	h := newHarness(t)
	h.funcs["src"] = emitter([]any{1.0, 2.0}, func(ctx context.Context, i int) error { return h.waitFor(ctx, "out", i) })
	rec := h.run(build([]flow.Node{{ID: "src", Type: "test.func"}, node("a", "control.aggregate", "count", 100.0, "windowMs", 5.0),
		debug("out")}, "src:out->a:in", "a:out->out:in"))
	requireOK(t, rec)
	assert.Equal(t, []any{[]any{1.0}, []any{2.0}}, h.Payloads("out"))
}

// outcomes collects tracked outcomes and what the sink had seen when each
// arrived.
type outcomes struct {
	mu       sync.Mutex
	statuses []string
	seen     []int
}

// trackedSource emits payloads with EmitTracked; each outcome records how
// many messages node had shown by then.
func trackedSource(h *harness, o *outcomes, sink string, payloads ...any) func(context.Context, registry.IO) error {
	return func(ctx context.Context, io registry.IO) error {
		for _, p := range payloads {
			err := io.EmitTracked(ctx, "out", message.New(p), func(out registry.Outcome) {
				o.mu.Lock()
				defer o.mu.Unlock()
				o.statuses = append(o.statuses, out.Status)
				o.seen = append(o.seen, len(h.Messages(sink)))
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
}

func TestHeldMessagesFinishTrackedWorkWhenEmitted(t *testing.T) {
	tests := []struct {
		name  string
		node  flow.Node
		edges []string
		// minSeen is how many messages the sink must have shown before the
		// outcome of input i.
		minSeen []int
	}{
		{"aggregate", node("h", "control.aggregate", "count", 2.0), []string{"src:out->h:in"}, []int{1, 1, 2}},
		{"delay", node("h", "control.delay", "delayMs", 1.0), []string{"src:out->h:in"}, []int{1, 2, 3}},
		{"join (each message with its copy)", node("h", "control.join", "leftKey", "$", "rightKey", "$"),
			[]string{"src:out->h:left", "src:out->h:right"}, []int{1, 2, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			o := &outcomes{}
			h.funcs["src"] = trackedSource(h, o, "out", 1.0, 2.0, 3.0)
			rec := h.run(build([]flow.Node{{ID: "src", Type: "test.func"}, tt.node, debug("out")},
				append(tt.edges, "h:out->out:in")...))
			requireOK(t, rec)
			assert.Equal(t, []string{"succeeded", "succeeded", "succeeded"}, o.statuses)
			require.Len(t, o.seen, 3)
			for i, min := range tt.minSeen {
				assert.GreaterOrEqual(t, o.seen[i], min, "outcome %d came before its output reached the sink", i)
			}
		})
	}
}

func TestJoin(t *testing.T) {
	h := newHarness(t)
	h.funcs["l"] = emitter([]any{map[string]any{"id": 1.0, "l": "a"}, map[string]any{"id": 2.0, "l": "b"}, map[string]any{"id": 3.0, "l": "c"}}, nil)
	h.funcs["r"] = emitter([]any{map[string]any{"ref": "2", "r": "x"}, map[string]any{"ref": 1.0, "r": "y"}, map[string]any{"ref": 9.0, "r": "z"}}, nil)
	rec := h.run(build([]flow.Node{{ID: "l", Type: "test.func"}, {ID: "r", Type: "test.func"},
		node("j", "control.join", "leftKey", "id", "rightKey", "ref"), debug("out"), debug("unmatched")},
		"l:out->j:left", "r:out->j:right", "j:out->out:in", "j:unmatched->unmatched:in"))
	requireOK(t, rec)
	pairs := map[any]any{}
	for _, p := range h.Payloads("out") {
		pair := p.(map[string]any)
		pairs[pair["left"].(map[string]any)["l"]] = pair["right"].(map[string]any)["r"]
	}
	assert.Equal(t, map[any]any{"a": "y", "b": "x"}, pairs, "keys compare by text: 2 matches \"2\"")
	unmatched := h.Messages("unmatched")
	require.Len(t, unmatched, 2)
	sides := map[string]string{}
	for _, m := range unmatched {
		sides[m.Meta[control.JoinSideMeta]] = m.Meta[control.JoinKeyMeta]
		assert.Equal(t, "shutdown", m.Meta[control.JoinReasonMeta])
	}
	assert.Equal(t, map[string]string{"left": "3", "right": "9"}, sides)
}

func TestJoinTimeoutAndEviction(t *testing.T) {
	tests := []struct {
		name, reason string
		cfg          []any
	}{
		{"timeout", "timeout", []any{"timeoutMs", 5.0}},
		{"evicted", "evicted", []any{"maxPending", 1.0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			// the left input stays open until its first message left unmatched
			h.funcs["l"] = emitter([]any{map[string]any{"id": 1.0}, map[string]any{"id": 2.0}},
				func(ctx context.Context, i int) error {
					if i == 0 || tt.reason == "evicted" {
						return nil
					}
					return h.waitFor(ctx, "unmatched", 1)
				})
			h.funcs["r"] = emitter(nil, nil)
			rec := h.run(build([]flow.Node{{ID: "l", Type: "test.func"}, {ID: "r", Type: "test.func"},
				node("j", "control.join", tt.cfg...), debug("unmatched")},
				"l:out->j:left", "r:out->j:right", "j:unmatched->unmatched:in"))
			requireOK(t, rec)
			got := h.Messages("unmatched")
			require.Len(t, got, 2)
			assert.Equal(t, map[string]any{"id": 1.0}, got[0].Payload)
			assert.Equal(t, tt.reason, got[0].Meta[control.JoinReasonMeta])
		})
	}
}

func TestJoinBadKey(t *testing.T) {
	h := newHarness(t)
	h.funcs["l"] = emitter([]any{map[string]any{}, map[string]any{"id": 1.0}}, nil)
	h.funcs["r"] = emitter([]any{map[string]any{"id": 1.0}}, nil)
	rec := h.run(build([]flow.Node{{ID: "l", Type: "test.func"}, {ID: "r", Type: "test.func"},
		node("j", "control.join", "leftKey", "$.id"), debug("out"), debug("errors")},
		"l:out->j:left", "r:out->j:right", "j:out->out:in", "j:error->errors:in"))
	requireOK(t, rec)
	assert.Len(t, h.Payloads("out"), 1)
	assert.Len(t, h.Payloads("errors"), 1)
}

func TestDelay(t *testing.T) {
	for _, maxPending := range []float64{1, 1000} {
		h := newHarness(t)
		rec := h.run(build([]flow.Node{manual(`[1, 2, 3, 4, 5]`), node("d", "control.delay", "delayMs", 2.0, "maxPending", maxPending),
			debug("out")}, "src:out->d:in", "d:out->out:in"))
		requireOK(t, rec)
		assert.Equal(t, []any{1.0, 2.0, 3.0, 4.0, 5.0}, h.Payloads("out"), "maxPending %v: all, in order", maxPending)
	}
}

func TestDelayStopsOnCancel(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h.funcs["src"] = func(ctx context.Context, io registry.IO) error {
		err := io.Emit(ctx, "out", message.New(1.0))
		cancel()
		return err
	}
	rec := h.runCtx(ctx, build([]flow.Node{{ID: "src", Type: "test.func"}, node("d", "control.delay", "delayMs", 3600000.0),
		debug("out")}, "src:out->d:in", "d:out->out:in"))
	assert.Equal(t, "cancelled", rec.Status, "an hour's delay does not hold up cancellation")
	assert.Empty(t, h.Payloads("out"))
}

func TestRateLimit(t *testing.T) {
	tests := []struct {
		name          string
		cfg           []any
		out, rejected []any
	}{
		{"wait passes everything in order", []any{"rate", 1.0, "perMs", 3.0}, []any{1.0, 2.0, 3.0, 4.0}, []any{}},
		{"reject beyond the burst", []any{"rate", 1.0, "perMs", 3600000.0, "burst", 2.0, "onLimit", "reject"},
			[]any{1.0, 2.0}, []any{3.0, 4.0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			rec := h.run(build([]flow.Node{manual(`[1, 2, 3, 4]`), node("r", "control.ratelimit", tt.cfg...),
				debug("out"), debug("rejected")}, "src:out->r:in", "r:out->out:in", "r:rejected->rejected:in"))
			requireOK(t, rec)
			assert.Equal(t, tt.out, h.Payloads("out"))
			assert.Equal(t, tt.rejected, h.Payloads("rejected"))
		})
	}
}
