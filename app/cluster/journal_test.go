package cluster_test

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/cluster"
	"github.com/weftworks/weft/app/cluster/clustertest"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
)

func TestRunnersShareTheWork(t *testing.T) {
	sc := scope(t)
	in := connect(t, shared, 0, cluster.Config{}).Journal(sc, policy(3), "hook")
	ids := accept(t, in, "hook", 300) // a backlog, then the runners start
	var rs []*runner
	var cls []*cluster.Cluster
	for i := range 3 {
		cl := connect(t, shared, i, cluster.Config{})
		cls = append(cls, cl)
		j := cl.Journal(sc, policy(3), "hook")
		rs = append(rs, startRunner(t, string(rune('A'+i)), j, "hook", func(r *runner, m *message.Message) registry.Outcome {
			time.Sleep(2 * time.Millisecond) // some work
			return succeed(r, m)
		}))
	}
	seen := waitSeen(t, ids, rs...)
	assert.Len(t, seen, 300, "nothing but the accepted messages")
	for _, cl := range cls {
		assert.NoError(t, cl.Ready(), "a runner whose triggers pull is ready")
	}
	busy := 0
	for _, r := range rs {
		if len(r.ids()) > 0 {
			busy++
		}
	}
	assert.GreaterOrEqual(t, busy, 2, "the work queue hands messages to several runners")
	obs := connect(t, shared, -1, cluster.Config{})
	assert.Eventually(t, func() bool {
		depth, err := obs.SpoolDepth()
		return err == nil && depth == 0
	}, 10*time.Second, 10*time.Millisecond, "acked messages leave the work stream")
}

func TestUnjournaledNodesPassThrough(t *testing.T) {
	j := connect(t, shared, 0, cluster.Config{}).Journal(scope(t), policy(3), "hook")
	assert.NoError(t, j.Accept("other", "out", message.New(1.0)), "a node not named is not journaled")
}

func TestFailuresRetryThenDeadLetterAndReplay(t *testing.T) {
	sc := scope(t)
	cl := connect(t, shared, 1, cluster.Config{})
	dead := make(chan string, 1)
	p := policy(2)
	p.OnDeadLetter = func(d spoolDeadLetter) { dead <- d.ID }
	j := cl.Journal(sc, p, "hook")
	var fail atomic.Bool
	fail.Store(true)
	r := startRunner(t, "A", j, "hook", func(_ *runner, _ *message.Message) registry.Outcome {
		if fail.Load() {
			return registry.Outcome{Status: registry.OutcomeFailed, Node: "map", Err: assert.AnError}
		}
		return registry.Outcome{Status: registry.OutcomeSucceeded}
	})
	ids := accept(t, j, "hook", 1)
	select {
	case id := <-dead:
		assert.Equal(t, ids[0], id)
	case <-time.After(30 * time.Second):
		t.Fatal("no dead letter")
	}
	assert.Equal(t, []string{ids[0], ids[0]}, r.ids(), "delivered twice: the policy's attempts")

	list, err := cl.ListDeadLetters(sc)
	require.NoError(t, err)
	require.Len(t, list, 1)
	d := list[0]
	assert.Equal(t, ids[0], d.ID)
	assert.Equal(t, sc, d.Scope)
	assert.Equal(t, "hook", d.Trigger)
	assert.Equal(t, "map", d.Node)
	assert.Equal(t, 2, d.Attempts)
	assert.Equal(t, assert.AnError.Error(), d.Error)
	assert.Equal(t, map[string]any{"i": 0.0}, jsoncodec.Plain(d.Message.Payload), "the journal gives the payload back (as an ordered object)")
	got, err := cl.DeadLetter(ids[0])
	require.NoError(t, err)
	assert.Equal(t, d.ID, got.ID)
	n, err := cl.DeadLetters()
	require.NoError(t, err)
	assert.GreaterOrEqual(t, n, int64(1))

	require.ErrorIs(t, cl.Replay(ids[0], "no-such-id"), spoolErrNotFound, "an unknown id changes nothing")
	list, _ = cl.ListDeadLetters(sc)
	require.Len(t, list, 1, "still dead")

	fail.Store(false)
	require.NoError(t, cl.Replay(ids[0]))
	require.Eventually(t, func() bool { return len(r.ids()) == 3 }, 30*time.Second, 10*time.Millisecond, "the replayed message is delivered again")
	assert.Equal(t, ids[0], r.ids()[2], "with its id")
	require.Eventually(t, func() bool {
		list, err := cl.ListDeadLetters(sc)
		return err == nil && len(list) == 0
	}, 10*time.Second, 10*time.Millisecond)
	_, err = cl.DeadLetter(ids[0])
	assert.ErrorIs(t, err, spoolErrNotFound)
}

func TestPurge(t *testing.T) {
	sc := scope(t)
	cl := connect(t, shared, 2, cluster.Config{})
	j := cl.Journal(sc, policy(1), "hook")
	startRunner(t, "A", j, "hook", func(*runner, *message.Message) registry.Outcome {
		return registry.Outcome{Status: registry.OutcomeFailed, Node: "x", Err: assert.AnError}
	})
	ids := accept(t, j, "hook", 2)
	require.Eventually(t, func() bool {
		list, err := cl.ListDeadLetters(sc)
		return err == nil && len(list) == 2
	}, 30*time.Second, 10*time.Millisecond)
	require.NoError(t, cl.Purge(ids[0], ids[0]), "an id named twice is purged once")
	list, err := cl.ListDeadLetters(sc)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, ids[1], list[0].ID)
	assert.ErrorIs(t, cl.Purge(ids[0]), spoolErrNotFound)
}

func TestHandledFailureIsDone(t *testing.T) {
	sc := scope(t)
	cl := connect(t, shared, 0, cluster.Config{})
	j := cl.Journal(sc, policy(1), "hook")
	r := startRunner(t, "A", j, "hook", func(*runner, *message.Message) registry.Outcome {
		return registry.Outcome{Status: registry.OutcomeFailed, Handled: true, Node: "x", Err: assert.AnError}
	})
	ids := accept(t, j, "hook", 1)
	waitSeen(t, ids, r)
	time.Sleep(200 * time.Millisecond)
	assert.Len(t, r.ids(), 1, "a failure the flow handled is not retried")
	list, err := cl.ListDeadLetters(sc)
	require.NoError(t, err)
	assert.Empty(t, list)
}

func TestCancelledGoesToAnotherRunner(t *testing.T) {
	sc := scope(t)
	cfg := cluster.Config{AckWait: cluster.Duration(5 * time.Second)}
	var cancelled atomic.Int32
	a := startRunner(t, "A", connect(t, shared, 0, cfg).Journal(sc, policy(3), "hook"), "hook",
		func(*runner, *message.Message) registry.Outcome {
			cancelled.Add(1)
			return registry.Outcome{Status: registry.OutcomeCancelled}
		})
	ids := accept(t, connect(t, shared, 1, cfg).Journal(sc, policy(3), "hook"), "hook", 5)
	require.Eventually(t, func() bool { return cancelled.Load() > 0 }, 10*time.Second, 5*time.Millisecond)
	a.halt() // a stopping runner cancels its work and gives back what it pulled ahead
	b := startRunner(t, "B", connect(t, shared, 2, cfg).Journal(sc, policy(3), "hook"), "hook", succeed)
	waitSeen(t, ids, b)
}

func TestDeadRunnersWorkIsRedelivered(t *testing.T) {
	sc := scope(t)
	cfg := cluster.Config{AckWait: cluster.Duration(time.Second)}
	killed := connect(t, shared, 0, cfg)
	a := startRunner(t, "A", killed.Journal(sc, policy(3), "hook"), "hook",
		func(*runner, *message.Message) registry.Outcome { return registry.Outcome{} }) // never settles
	ids := accept(t, connect(t, shared, 1, cfg).Journal(sc, policy(3), "hook"), "hook", 3)
	waitSeen(t, ids, a)
	_ = killed.Close() // the runner is gone: no ack, no nak, no "in progress"
	b := startRunner(t, "B", connect(t, shared, 2, cfg).Journal(sc, policy(3), "hook"), "hook", succeed)
	seen := waitSeen(t, ids, b)
	assert.Len(t, seen, 3)
}

func TestLongWorkIsKeptInProgress(t *testing.T) {
	sc := scope(t)
	cfg := cluster.Config{AckWait: cluster.Duration(1500 * time.Millisecond)}
	release := make(chan struct{})
	var a *runner
	var j *cluster.Journal
	j = connect(t, shared, 0, cfg).Journal(sc, policy(3), "hook")
	a = startRunner(t, "A", j, "hook", func(_ *runner, m *message.Message) registry.Outcome {
		go func() { <-release; j.Settle("hook", m.ID, registry.Outcome{Status: registry.OutcomeSucceeded}) }()
		return registry.Outcome{}
	})
	b := startRunner(t, "B", connect(t, shared, 1, cfg).Journal(sc, policy(3), "hook"), "hook", succeed)
	ids := accept(t, j, "hook", 1)
	seen := waitSeen(t, ids, a, b)
	time.Sleep(5 * time.Second) // more than three AckWaits
	close(release)
	assert.Equal(t, 1, seen[ids[0]])
	total := len(a.ids()) + len(b.ids())
	assert.Equal(t, 1, total, "work that says it is in progress is not delivered again")
}

func TestNodeGoesAwayNothingAcceptedIsLost(t *testing.T) {
	c := clustertest.MustStart(t, 3)
	sc := scope(t)
	var rs []*runner
	for i := range 3 {
		j := connect(t, c, i, cluster.Config{AckWait: cluster.Duration(2 * time.Second)}).Journal(sc, policy(3), "hook")
		rs = append(rs, startRunner(t, string(rune('A'+i)), j, "hook", succeed))
	}
	in := connect(t, c, 0, cluster.Config{}).Journal(sc, policy(3), "hook")
	var ids []string
	refused := 0
	for k := range 400 {
		if k == 150 {
			c.Stop(2) // a machine goes away mid-stream
		}
		m := message.New(map[string]any{"i": float64(k)})
		switch err := in.Accept("hook", "out", m); {
		case errors.Is(err, runtime.ErrHandedOff):
			ids = append(ids, m.ID)
		default: // the caller hears so (a webhook answers 503) and sends again
			t.Logf("message %d refused: %v", k, err)
			refused++
		}
	}
	assert.Less(t, refused, 10, "a node going away refuses few messages, if any")
	seen := waitSeen(t, ids, rs...)
	assert.Len(t, seen, len(ids), "every accepted message, nothing else")
}

func TestADeletedStreamIsMadeAgain(t *testing.T) {
	sc := scope(t)
	cl := connect(t, shared, 0, cluster.Config{})
	j := cl.Journal(sc, policy(3), "hook")
	accept(t, j, "hook", 1)
	deleteWorkStreams(t, sc)
	m := message.New(1.0)
	require.ErrorIs(t, j.Accept("hook", "out", m), runtime.ErrHandedOff, "the stream is made again")
	r := startRunner(t, "A", connect(t, shared, 1, cluster.Config{}).Journal(sc, policy(3), "hook"), "hook", succeed)
	waitSeen(t, []string{m.ID}, r)
}
