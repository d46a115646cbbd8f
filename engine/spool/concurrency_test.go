package spool_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spool"
)

// A Redeliver that stops mid-batch un-busies the rest without waking the
// other journals of the scope (a new version of the flow in weft serve).
func TestStoppedRedeliverWakesTheOthers(t *testing.T) {
	sp, err := spool.Open(filepath.Join(t.TempDir(), "s.db"))
	require.NoError(t, err)
	defer sp.Close()
	old := sp.Journal("b/f", spool.RetryPolicy{})
	for i := 0; i < 2; i++ {
		m := message.New(map[string]any{"i": i})
		require.NoError(t, old.Accept("t", "out", m))
		old.Settle("t", m.ID, registry.Outcome{Status: registry.OutcomeCancelled})
	}
	// the new version's journal waits first, with nothing due to it yet
	nw := sp.Journal("b/f", spool.RetryPolicy{})
	got := make(chan string, 4)
	nctx, ncancel := context.WithCancel(context.Background())
	defer ncancel()
	// the old version's Redeliver takes both, then stops after the first
	octx, ocancel := context.WithCancel(context.Background())
	first := true
	release := make(chan struct{})
	go func() {
		_ = old.Redeliver(octx, "t", func(port string, m *message.Message) error {
			if first {
				first = false
				<-release
				ocancel()
				old.Settle("t", m.ID, registry.Outcome{Status: registry.OutcomeSucceeded})
				return nil
			}
			t.Error("second emitted after cancel")
			return nil
		})
	}()
	time.Sleep(100 * time.Millisecond) // old has taken both, blocked in its first emit
	go func() {
		_ = nw.Redeliver(nctx, "t", func(port string, m *message.Message) error {
			got <- m.ID
			nw.Settle("t", m.ID, registry.Outcome{Status: registry.OutcomeSucceeded})
			return nil
		})
	}()
	time.Sleep(100 * time.Millisecond) // nw scanned: both busy, sleeps
	close(release)
	select {
	case <-got:
	case <-time.After(2 * time.Second):
		t.Fatal("the entry the old Redeliver released was never delivered")
	}
}

// A message that succeeded must never be redelivered.
func TestSucceededMessageIsNeverRedelivered(t *testing.T) {
	sp, err := spool.Open(filepath.Join(t.TempDir(), "s.db"))
	require.NoError(t, err)
	defer sp.Close()
	j := sp.Journal("b/f", spool.RetryPolicy{})
	for i := 0; i < 5000; i++ { // a backlog of another trigger of the flow makes each scan longer
		m := message.New(map[string]any{"pad": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
		require.NoError(t, j.Accept("x", "out", m))
	}
	var mu sync.Mutex
	succeeded := map[string]bool{}
	dups := 0
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		_ = j.Redeliver(ctx, "t", func(port string, m *message.Message) error {
			mu.Lock()
			if succeeded[m.ID] {
				dups++
			}
			mu.Unlock()
			j.Settle("t", m.ID, registry.Outcome{Status: registry.OutcomeSucceeded})
			return nil
		})
	})
	deadline := time.Now().Add(1500 * time.Millisecond)
	for w := 0; w < 8; w++ {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				m := message.New(map[string]any{})
				assert.NoError(t, j.Accept("t", "out", m))
				mu.Lock()
				succeeded[m.ID] = true
				mu.Unlock()
				j.Settle("t", m.ID, registry.Outcome{Status: registry.OutcomeSucceeded})
			}
		})
	}
	wg.Go(func() { // wake-ups: cancelled work
		for time.Now().Before(deadline) {
			m := message.New(map[string]any{})
			assert.NoError(t, j.Accept("t", "out", m))
			j.Settle("t", m.ID, registry.Outcome{Status: registry.OutcomeCancelled})
		}
	})
	time.Sleep(1700 * time.Millisecond)
	cancel()
	wg.Wait()
	require.Zero(t, dups, "succeeded messages delivered again")
}
