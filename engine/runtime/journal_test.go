package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	rt "github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/spec"
)

// fakeJournal records what the runtime asks of a journal.
type fakeJournal struct {
	mu       sync.Mutex
	accepted []string                    // payload indexes "i" in order
	ids      map[string]int              // accepted id → index
	settled  map[string]registry.Outcome // id → outcome
	early    int                         // settles seen after the trigger's done
	refuse   int                         // Accept refuses this index
	handOff  int                         // Accept hands this index off
	o        *outcomes
	// leftover is what Redeliver emits at start.
	leftover []*message.Message
	// late makes Redeliver emit leftover only after its ctx ended.
	late      bool
	lateErrs  []error
	redeliver sync.WaitGroup
}

func newFakeJournal(o *outcomes) *fakeJournal {
	return &fakeJournal{ids: map[string]int{}, settled: map[string]registry.Outcome{}, refuse: -1, handOff: -1, o: o}
}

func (j *fakeJournal) Accept(node, port string, m *message.Message) error {
	i := int(m.Payload.(map[string]any)["i"].(float64))
	if i == j.refuse {
		return errors.New("disk full")
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.ids[m.ID] = i
	j.accepted = append(j.accepted, node+":"+port)
	if i == j.handOff {
		return fmt.Errorf("queued: %w", rt.ErrHandedOff)
	}
	return nil
}

func (j *fakeJournal) Settle(_, id string, o registry.Outcome) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if i, ok := j.ids[id]; ok {
		if got, _ := j.o.snapshot(); got[i].Status != "" {
			j.early++
		}
	}
	j.settled[id] = o
}

func (j *fakeJournal) Redeliver(ctx context.Context, _ string, emit func(string, *message.Message) error) error {
	j.redeliver.Add(1)
	defer j.redeliver.Done()
	if j.late {
		<-ctx.Done()
	}
	for _, m := range j.leftover {
		if err := emit("out", m); err != nil {
			j.mu.Lock()
			j.lateErrs = append(j.lateErrs, err)
			j.mu.Unlock()
		}
	}
	<-ctx.Done()
	return nil
}

func (j *fakeJournal) outcome(id string) (registry.Outcome, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	o, ok := j.settled[id]
	return o, ok
}

// journalRegistry adds test.journaled: it emits count tracked messages
// {"i": k}, going on past refused ones, then waits for ctx when hold is
// set.
func journalRegistry(t *testing.T, e *env, o *outcomes, refused *[]error) *registry.Registry {
	t.Helper()
	r := trackRegistry(t, e, o)
	s := spec.Spec{Type: "test.journaled", Title: "Journaled", Category: spec.Trigger, Outputs: out,
		Config: []spec.Field{{Name: "count", Title: "count", Type: spec.Integer},
			{Name: "hold", Title: "hold", Type: spec.Boolean}}}
	require.NoError(t, r.Register(s, func(_ flow.Node, cfg map[string]any) (registry.Node, error) {
		count, hold := num(cfg, "count"), cfg["hold"] == true
		return nodeFunc(func(ctx context.Context, io registry.IO) error {
			for k := range count {
				err := io.EmitTracked(ctx, "out", message.New(map[string]any{"i": float64(k)}), o.done(k))
				if errors.Is(err, registry.ErrNotAccepted) {
					*refused = append(*refused, err)
					continue
				}
				if err != nil {
					return err
				}
			}
			if hold {
				<-ctx.Done()
			}
			return nil
		}), nil
	}))
	relay := spec.Spec{Type: "test.relay", Title: "Relay", Category: spec.Transform, Inputs: in, Outputs: out}
	require.NoError(t, r.Register(relay, func(flow.Node, map[string]any) (registry.Node, error) {
		return nodeFunc(func(ctx context.Context, io registry.IO) error {
			for k := 0; ; k++ {
				if _, ok := io.Receive(ctx); !ok {
					return nil
				}
				if err := io.EmitTracked(ctx, "out", message.New(map[string]any{"i": float64(k)}), o.done(k)); err != nil {
					return err
				}
			}
		}), nil
	}))
	return r
}

func TestJournalAcceptsSettlesAndRefuses(t *testing.T) {
	e, o := newEnv(), newOutcomes()
	var refused []error
	j := newFakeJournal(o)
	j.refuse = 1
	f := newFlow([]flow.Node{node("t", "test.journaled", map[string]any{"count": 4.0}),
		node("m", "test.map", map[string]any{"failAt": 2.0}), node("s", "test.sink", nil)},
		"t:out->m:in", "m:out->s:in")
	plan, err := rt.Compile(f, journalRegistry(t, e, o, &refused))
	require.NoError(t, err)
	rec := plan.Run(context.Background(), rt.Options{Journal: j, IsolateFailures: true})
	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)

	require.Len(t, refused, 1)
	assert.ErrorContains(t, refused[0], "disk full")
	assert.Equal(t, []any{map[string]any{"i": 0.0, "mapped": true, "seenBy": "s"},
		map[string]any{"i": 3.0, "mapped": true, "seenBy": "s"}}, payloads(e.messages("s")),
		"the refused message never entered the flow: Accept runs before the emit")
	got, _ := o.snapshot()
	assert.Equal(t, registry.OutcomeCancelled, got[1].Status, "the trigger hears it must not acknowledge the refused message")
	assert.ErrorIs(t, got[1].Err, registry.ErrNotAccepted)

	assert.Equal(t, []string{"t:out", "t:out", "t:out"}, j.accepted)
	assert.Zero(t, j.early, "Settle runs before the trigger's done")
	want := map[int]string{0: registry.OutcomeSucceeded, 2: registry.OutcomeFailed, 3: registry.OutcomeSucceeded}
	for id, i := range j.ids {
		o, ok := j.outcome(id)
		require.True(t, ok, "message %d settled", i)
		assert.Equal(t, want[i], o.Status, "message %d", i)
	}
}

func TestJournalHandOffEmitsNothingAndAcknowledges(t *testing.T) {
	e, o := newEnv(), newOutcomes()
	var refused []error
	j := newFakeJournal(o)
	j.handOff = 1
	f := newFlow([]flow.Node{node("t", "test.journaled", map[string]any{"count": 3.0}),
		node("s", "test.sink", nil)}, "t:out->s:in")
	plan, err := rt.Compile(f, journalRegistry(t, e, o, &refused))
	require.NoError(t, err)
	rec := plan.Run(context.Background(), rt.Options{Journal: j})
	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
	assert.Empty(t, refused, "a handed-off message is no error")
	assert.Equal(t, []any{map[string]any{"i": 0.0, "seenBy": "s"}, map[string]any{"i": 2.0, "seenBy": "s"}},
		payloads(e.messages("s")), "the handed-off message did not enter this flow")
	got, _ := o.snapshot()
	assert.Equal(t, registry.OutcomeSucceeded, got[1].Status, "the trigger acknowledges the handed-off message")
	assert.Len(t, j.settled, 2, "only the messages that ran here are settled here")
}

func TestJournalOnlySourceNodes(t *testing.T) {
	e, o := newEnv(), newOutcomes()
	j := newFakeJournal(o)
	f := newFlow([]flow.Node{node("a", "test.source", map[string]any{"count": 2.0}),
		node("r", "test.relay", nil), node("s", "test.sink", nil)}, "a:out->r:in", "r:out->s:in")
	var refused []error
	plan, err := rt.Compile(f, journalRegistry(t, e, o, &refused))
	require.NoError(t, err)
	rec := plan.Run(context.Background(), rt.Options{Journal: j})
	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
	assert.Len(t, e.messages("s"), 2)
	got, _ := o.snapshot()
	assert.Len(t, got, 2, "the relay's tracked work is tracked")
	assert.Empty(t, j.accepted, "a node something is wired into is not a source: nothing journaled")
}

func TestJournalRedeliversAtStart(t *testing.T) {
	e, o := newEnv(), newOutcomes()
	j := newFakeJournal(o)
	left := []*message.Message{message.New(map[string]any{"i": 10.0}), message.New(map[string]any{"i": 11.0})}
	j.leftover = left
	f := newFlow([]flow.Node{node("t", "test.journaled", map[string]any{"count": 0.0, "hold": true}),
		node("s", "test.sink", nil)}, "t:out->s:in")
	var refused []error
	plan, err := rt.Compile(f, journalRegistry(t, e, o, &refused))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan *rt.Record)
	go func() { done <- plan.Run(ctx, rt.Options{Journal: j, IsolateFailures: true}) }()
	require.Eventually(t, func() bool {
		_, a := j.outcome(left[0].ID)
		_, b := j.outcome(left[1].ID)
		return a && b
	}, 10*time.Second, time.Millisecond, "both redelivered messages settled")
	cancel()
	<-done
	for _, m := range left {
		o, _ := j.outcome(m.ID)
		assert.Equal(t, registry.OutcomeSucceeded, o.Status)
	}
	got := e.messages("s")
	require.Len(t, got, 2)
	assert.Equal(t, left[0].ID, got[0].ID, "redelivered messages keep their ids, oldest first")
	assert.Equal(t, left[1].ID, got[1].ID)
}

func TestJournalRedeliverAfterTheNodeReturnedKeepsTheEntry(t *testing.T) {
	e, o := newEnv(), newOutcomes()
	j := newFakeJournal(o)
	left := message.New(map[string]any{"i": 10.0})
	j.leftover, j.late = []*message.Message{left}, true
	f := newFlow([]flow.Node{node("t", "test.journaled", map[string]any{"count": 1.0}),
		node("s", "test.sink", nil)}, "t:out->s:in")
	var refused []error
	plan, err := rt.Compile(f, journalRegistry(t, e, o, &refused))
	require.NoError(t, err)
	rec := plan.Run(context.Background(), rt.Options{Journal: j})
	require.Equal(t, rt.StatusSucceeded, rec.Status, rec.Error)
	j.redeliver.Wait()
	require.Len(t, j.lateErrs, 1, "the late emit fails")
	st, ok := j.outcome(left.ID)
	require.True(t, ok)
	assert.Equal(t, registry.OutcomeCancelled, st.Status, "cancelled: the journal keeps it for the next start")
	assert.Len(t, e.messages("s"), 1, "only the trigger's own message went through")
}
