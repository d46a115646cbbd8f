package cluster_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/cluster"
	"github.com/weftworks/weft/app/cluster/clustertest"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/spool"
)

// shared is the 3-node cluster the tests that stop no server share.
var shared *clustertest.Cluster

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "weft-cluster-test")
	if err != nil {
		panic(err)
	}
	shared, err = clustertest.Start(dir, 3)
	if err != nil {
		panic(err)
	}
	code := m.Run()
	shared.Shutdown()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// connect connects to server i of c (every server when i < 0) as a
// runner would, closed when t ends.
func connect(t *testing.T, c *clustertest.Cluster, i int, cfg cluster.Config) *cluster.Cluster {
	t.Helper()
	cfg.URL = c.URL()
	if i >= 0 {
		cfg.URL = c.ServerURL(i) + "," + c.URL()
	}
	cl, err := cluster.Connect(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = cl.Close() })
	return cl
}

// runner is one runner's Redeliver of a journal, recording what it was
// handed; settle says how each delivery ends.
type runner struct {
	name string
	j    *cluster.Journal
	stop context.CancelFunc
	done chan struct{}

	mu  sync.Mutex
	got []string // message ids in delivery order
}

func startRunner(t *testing.T, name string, j *cluster.Journal, node string, settle func(r *runner, m *message.Message) registry.Outcome) *runner {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &runner{name: name, j: j, stop: cancel, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		_ = j.Redeliver(ctx, node, func(_ string, m *message.Message) error {
			r.mu.Lock()
			r.got = append(r.got, m.ID)
			r.mu.Unlock()
			if o := settle(r, m); o.Status != "" {
				j.Settle(node, m.ID, o)
			}
			return nil
		})
	}()
	t.Cleanup(func() { r.halt() })
	return r
}

func (r *runner) halt() {
	r.stop()
	<-r.done
}

func (r *runner) ids() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.got...)
}

func succeed(*runner, *message.Message) registry.Outcome {
	return registry.Outcome{Status: registry.OutcomeSucceeded}
}

// accept accepts n messages {"i": k} on node's journal and returns
// their ids; each must be handed off.
func accept(t *testing.T, j *cluster.Journal, node string, n int) []string {
	t.Helper()
	var ids []string
	for k := range n {
		m := message.New(map[string]any{"i": float64(k)})
		require.ErrorIs(t, j.Accept(node, "out", m), runtime.ErrHandedOff)
		ids = append(ids, m.ID)
	}
	return ids
}

// waitSeen waits until every id was delivered to one of the runners.
func waitSeen(t *testing.T, ids []string, rs ...*runner) map[string]int {
	t.Helper()
	var seen map[string]int
	require.Eventually(t, func() bool {
		seen = map[string]int{}
		for _, r := range rs {
			for _, id := range r.ids() {
				seen[id]++
			}
		}
		for _, id := range ids {
			if seen[id] == 0 {
				return false
			}
		}
		return true
	}, 60*time.Second, 20*time.Millisecond, "every accepted message delivered")
	return seen
}

// scopes numbers the scopes handed out, so a test run again in the same
// process (go test -count=2) gets fresh streams on the shared cluster.
var scopes atomic.Int64

// scope is a bundle/flow scope of its own for t.
func scope(t *testing.T) string { return fmt.Sprintf("b/%s/%d", t.Name(), scopes.Add(1)) }

// bucket is a bundle-set object store of its own for t (a bucket name
// takes letters, digits, '-' and '_').
func bucket(t *testing.T) string {
	return fmt.Sprintf("weft_test_%s_%d", strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()), scopes.Add(1))
}

func policy(attempts int) spool.RetryPolicy {
	return spool.RetryPolicy{Attempts: attempts, Backoff: 10 * time.Millisecond}
}

type spoolDeadLetter = spool.DeadLetter

var spoolErrNotFound = spool.ErrNotFound

// deleteWorkStreams deletes the work streams of scope, as an operator
// might.
func deleteWorkStreams(t *testing.T, scope string) {
	t.Helper()
	nc, err := nats.Connect(shared.URL())
	require.NoError(t, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	names := js.StreamNames(ctx)
	var doomed []string
	for name := range names.Name() {
		if strings.Contains(name, strings.ReplaceAll(scope, "/", "_")) {
			doomed = append(doomed, name)
		}
	}
	require.NotEmpty(t, doomed)
	for _, name := range doomed {
		require.NoError(t, js.DeleteStream(ctx, name))
	}
}
