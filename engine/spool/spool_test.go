package spool_test

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spool"
)

// mustOpen opens a spool in a temporary directory and closes it when the
// test ends.
func mustOpen(t *testing.T) (*spool.Spool, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "spool.db")
	s, err := spool.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s, path
}

func counts(t *testing.T, s *spool.Spool) (pending, dead int64) {
	t.Helper()
	pending, err := s.SpoolDepth()
	require.NoError(t, err)
	dead, err = s.DeadLetters()
	require.NoError(t, err)
	return pending, dead
}

var (
	ok      = registry.Outcome{Status: registry.OutcomeSucceeded}
	handled = registry.Outcome{Status: registry.OutcomeFailed, Node: "n", Err: errors.New("x"), Handled: true}
	broken  = registry.Outcome{Status: registry.OutcomeFailed, Node: "sink", Err: errors.New("500 from the server")}
	stopped = registry.Outcome{Status: registry.OutcomeCancelled, Err: context.Canceled}
)

// redeliverer runs a journal's Redeliver for node until the test ends and
// hands each emitted message to the channel it returns; settle, when set,
// settles each one at once.
func redeliverer(t *testing.T, j *spool.Journal, node string, settle func(m *message.Message)) <-chan *message.Message {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan *message.Message, 100)
	var wg sync.WaitGroup
	wg.Go(func() {
		assert.NoError(t, j.Redeliver(ctx, node, func(port string, m *message.Message) error {
			assert.Equal(t, "out", port)
			got <- m
			if settle != nil {
				settle(m)
			}
			return nil
		}))
	})
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
	return got
}

func next(t *testing.T, got <-chan *message.Message) *message.Message {
	t.Helper()
	select {
	case m := <-got:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("nothing was redelivered")
		return nil
	}
}

func TestAcceptSettle(t *testing.T) {
	s, _ := mustOpen(t)
	j := s.Journal("flow", spool.RetryPolicy{})
	a, b, c := message.New("a"), message.New("b"), message.New("c")
	for _, m := range []*message.Message{a, b, c} {
		require.NoError(t, j.Accept("hook", "out", m))
	}
	pending, _ := counts(t, s)
	assert.EqualValues(t, 3, pending)
	j.Settle("hook", a.ID, ok)
	j.Settle("hook", b.ID, handled)
	j.Settle("hook", c.ID, stopped)
	pending, dead := counts(t, s)
	assert.EqualValues(t, 1, pending, "a cancelled run keeps its message")
	assert.Zero(t, dead)
}

func TestCrashRecoveryRedeliversWithTheSameID(t *testing.T) {
	path := filepath.Join(t.TempDir(), "spool.db")
	s, err := spool.Open(path)
	require.NoError(t, err)
	payload, err := jsoncodec.DecodeJSON(`{"tags":["x"],"n":1}`)
	require.NoError(t, err)
	first := &message.Message{ID: "m1", Payload: payload, Meta: map[string]string{"k": "v"}}
	second := message.New(map[string]any{"n": 2.0})
	j := s.Journal("flow", spool.RetryPolicy{})
	require.NoError(t, j.Accept("hook", "out", first))
	require.NoError(t, j.Accept("hook", "out", second))
	require.NoError(t, j.Accept("other", "out", message.New("not hook's")))
	j.Settle("hook", second.ID, ok)
	require.NoError(t, s.Close(), "the process dies with work in flight")

	s, err = spool.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	j = s.Journal("flow", spool.RetryPolicy{})
	got := redeliverer(t, j, "hook", func(m *message.Message) { j.Settle("hook", m.ID, ok) })
	m := next(t, got)
	assert.Equal(t, first, m, "the whole message comes back, id and key order included")
	require.Eventually(t, func() bool {
		pending, _ := counts(t, s)
		return pending == 1
	}, 10*time.Second, time.Millisecond, "only other's message stays")
	select {
	case m := <-got:
		t.Fatalf("%s was redelivered although it had finished", m.ID)
	default:
	}
}

func TestRetriesThenDeadLetter(t *testing.T) {
	s, _ := mustOpen(t)
	var dead []spool.DeadLetter
	var mu sync.Mutex
	j := s.Journal("flow", spool.RetryPolicy{Attempts: 3, Backoff: time.Millisecond, OnDeadLetter: func(d spool.DeadLetter) {
		mu.Lock()
		defer mu.Unlock()
		dead = append(dead, d)
	}})
	m := message.New(map[string]any{"order": "A1"})
	require.NoError(t, j.Accept("hook", "out", m))
	j.Settle("hook", m.ID, broken)
	pending, n := counts(t, s)
	assert.EqualValues(t, 1, pending, "a failed delivery is retried")
	assert.Zero(t, n)

	got := redeliverer(t, j, "hook", func(m *message.Message) { j.Settle("hook", m.ID, broken) })
	assert.Equal(t, m.ID, next(t, got).ID)
	assert.Equal(t, m.ID, next(t, got).ID)
	require.Eventually(t, func() bool {
		_, n := counts(t, s)
		return n == 1
	}, 10*time.Second, time.Millisecond, "dead-lettered after three failed deliveries")
	pending, _ = counts(t, s)
	assert.Zero(t, pending)

	list, err := s.ListDeadLetters("flow")
	require.NoError(t, err)
	require.Len(t, list, 1)
	d := list[0]
	assert.Equal(t, m.ID, d.ID)
	assert.Equal(t, "flow", d.Scope)
	assert.Equal(t, "hook", d.Trigger)
	assert.Equal(t, "sink", d.Node)
	assert.Equal(t, "500 from the server", d.Error)
	assert.Equal(t, 3, d.Attempts)
	assert.False(t, d.FirstFailure.After(d.LastFailure))
	assert.False(t, d.AcceptedAt.After(d.FirstFailure))
	assert.Equal(t, map[string]any{"order": "A1"}, jsoncodec.Plain(d.Message.Payload))
	require.Eventually(t, func() bool { // it is called once the dead letter is stored
		mu.Lock()
		defer mu.Unlock()
		return len(dead) == 1
	}, 10*time.Second, time.Millisecond)
	mu.Lock()
	assert.Equal(t, []spool.DeadLetter{d}, dead, "OnDeadLetter hears of it")
	mu.Unlock()

	one, err := s.DeadLetter(m.ID)
	require.NoError(t, err)
	assert.Equal(t, d, one)
	other, err := s.ListDeadLetters("another flow")
	require.NoError(t, err)
	assert.Empty(t, other)
}

// deadLetter dead-letters a new message in j at its first failure.
func deadLetter(t *testing.T, s *spool.Spool, scope string) *message.Message {
	t.Helper()
	j := s.Journal(scope, spool.RetryPolicy{Attempts: 1})
	m := message.New(map[string]any{"scope": scope})
	require.NoError(t, j.Accept("hook", "out", m))
	j.Settle("hook", m.ID, broken)
	_, err := s.DeadLetter(m.ID)
	require.NoError(t, err)
	return m
}

func TestReplayRedeliversPromptly(t *testing.T) {
	s, _ := mustOpen(t)
	m := deadLetter(t, s, "flow")
	j := s.Journal("flow", spool.RetryPolicy{Attempts: 1})
	got := redeliverer(t, j, "hook", func(m *message.Message) { j.Settle("hook", m.ID, ok) })

	require.ErrorIs(t, s.Replay(m.ID, "nope"), spool.ErrNotFound)
	_, dead := counts(t, s)
	assert.EqualValues(t, 1, dead, "a replay naming an unknown id changes nothing")

	require.NoError(t, s.Replay(m.ID))
	assert.Equal(t, m.ID, next(t, got).ID, "the running journal emits the replayed message")
	require.Eventually(t, func() bool {
		pending, dead := counts(t, s)
		return pending == 0 && dead == 0
	}, 10*time.Second, time.Millisecond)
}

func TestReplayResetsAttempts(t *testing.T) {
	s, _ := mustOpen(t)
	m := deadLetter(t, s, "flow")
	require.NoError(t, s.Replay(m.ID))
	j := s.Journal("flow", spool.RetryPolicy{Attempts: 2, Backoff: time.Hour})
	j.Settle("hook", m.ID, broken)
	pending, dead := counts(t, s)
	assert.EqualValues(t, 1, pending, "one failure of two allowed: still pending")
	assert.Zero(t, dead)
}

func TestPurge(t *testing.T) {
	s, _ := mustOpen(t)
	a, b := deadLetter(t, s, "flow"), deadLetter(t, s, "other")
	require.ErrorIs(t, s.Purge("nope"), spool.ErrNotFound)
	require.NoError(t, s.Purge(a.ID, a.ID), "an id named twice is purged once")
	_, err := s.DeadLetter(a.ID)
	require.ErrorIs(t, err, spool.ErrNotFound)
	list, err := s.ListDeadLetters("")
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, b.ID, list[0].ID)
}

func TestCancelledWorkIsTakenByAnotherRedeliver(t *testing.T) {
	s, _ := mustOpen(t)
	j := s.Journal("bundle/flow", spool.RetryPolicy{})
	m := message.New("x")
	require.NoError(t, j.Accept("hook", "out", m))
	got := redeliverer(t, s.Journal("bundle/flow", spool.RetryPolicy{}), "hook", nil)
	j.Settle("hook", m.ID, stopped)
	assert.Equal(t, m.ID, next(t, got).ID, "the old version stopped; the new one delivers it")
}

func TestRefusesPayloadsJSONCannotEncode(t *testing.T) {
	s, _ := mustOpen(t)
	err := s.Journal("flow", spool.RetryPolicy{}).Accept("hook", "out", message.New(map[string]any{"x": math.Inf(1)}))
	require.ErrorIs(t, err, spool.ErrNotJSON)
	pending, _ := counts(t, s)
	assert.Zero(t, pending)
}

func TestConcurrentAccepts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "spool.db")
	s, err := spool.Open(path)
	require.NoError(t, err)
	j := s.Journal("flow", spool.RetryPolicy{})
	ids := make(chan string, 64)
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() {
			m := message.New("x")
			assert.NoError(t, j.Accept("hook", "out", m))
			ids <- m.ID
		})
	}
	wg.Wait()
	close(ids)
	pending, _ := counts(t, s)
	assert.EqualValues(t, 64, pending)
	require.NoError(t, s.Close())

	s, err = spool.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	got := redeliverer(t, s.Journal("flow", spool.RetryPolicy{}), "hook", nil)
	want := map[string]bool{}
	for id := range ids {
		want[id] = true
	}
	seen := map[string]bool{}
	for range 64 {
		seen[next(t, got).ID] = true
	}
	assert.Equal(t, want, seen)
}

func TestOpenRefusesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	require.NoError(t, os.WriteFile(garbage, []byte("this is not a database, just text that is long enough to look at"), 0o600))
	_, err := spool.Open(garbage)
	require.ErrorIs(t, err, spool.ErrNotSpool)
	assert.Contains(t, err.Error(), garbage)

	foreign := filepath.Join(dir, "state.db")
	db, err := bolt.Open(foreign, 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucket([]byte("seen"))
		return err
	}))
	require.NoError(t, db.Close())
	_, err = spool.Open(foreign)
	require.ErrorIs(t, err, spool.ErrNotSpool, "another store's bbolt file is not a spool")
}

func TestOpenRefusesAFileInUse(t *testing.T) {
	_, path := mustOpen(t)
	_, err := spool.Open(path)
	require.ErrorIs(t, err, spool.ErrLocked)
	assert.Contains(t, err.Error(), "give this one its own --spool FILE")
}

func TestJournalOfSomeNodesOnly(t *testing.T) {
	s, _ := mustOpen(t)
	j := s.Journal("flow", spool.RetryPolicy{Attempts: 1}, "hook")
	a, b := message.New("a"), message.New("b")
	require.NoError(t, j.Accept("hook", "out", a))
	require.NoError(t, j.Accept("sync", "out", b))
	pending, _ := counts(t, s)
	assert.EqualValues(t, 1, pending, "only hook's message is spooled")
	j.Settle("sync", b.ID, broken)
	_, dead := counts(t, s)
	assert.Zero(t, dead)
}

// The cancelled work of a trigger whose source redelivers it leaves the
// spool (the broker delivers it again); other triggers' stays pending.
func TestCancelledWorkOfARedeliveringSourceIsDropped(t *testing.T) {
	s, _ := mustOpen(t)
	j := s.Journal("flow", spool.RetryPolicy{SourceRedelivers: []string{"queue"}})
	fromQueue, fromHook := message.New(map[string]any{"n": 1.0}), message.New(map[string]any{"n": 2.0})
	require.NoError(t, j.Accept("queue", "out", fromQueue))
	require.NoError(t, j.Accept("hook", "out", fromHook))
	cancelled := registry.Outcome{Status: registry.OutcomeCancelled}
	j.Settle("queue", fromQueue.ID, cancelled)
	j.Settle("hook", fromHook.ID, cancelled)
	pending, dead := counts(t, s)
	assert.Equal(t, int64(1), pending, "only the webhook's message stays")
	assert.Zero(t, dead)
}
