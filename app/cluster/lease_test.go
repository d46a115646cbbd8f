package cluster_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/cluster"
)

// holder asks a runner's lease at each tick, as the schedule trigger does.
type holder struct {
	l      *cluster.Lease
	ctx    context.Context
	cancel context.CancelFunc
}

func TestLeaseIsHeldByOneRunnerAtATime(t *testing.T) {
	sc := scope(t)
	cfg := cluster.Config{LeaseTTL: cluster.Duration(900 * time.Millisecond)}
	var hs []*holder
	for i := range 3 {
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		hs = append(hs, &holder{l: connect(t, shared, i, cfg).Lease(sc), ctx: ctx, cancel: cancel})
	}
	tick := func() []int {
		var mu sync.Mutex
		var held []int
		var wg sync.WaitGroup
		for i, h := range hs {
			if h.ctx.Err() != nil {
				continue
			}
			wg.Go(func() {
				if h.l.Held(h.ctx, "tick") {
					mu.Lock()
					held = append(held, i)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		return held
	}
	first := -1
	for range 20 {
		held := tick()
		require.LessOrEqual(t, len(held), 1, "never two holders at one tick")
		if len(held) == 1 && first < 0 {
			first = held[0]
		}
		time.Sleep(50 * time.Millisecond)
	}
	require.GreaterOrEqual(t, first, 0, "someone took the lease")
	assert.Equal(t, []int{first}, tick(), "the holder keeps it while it renews")

	hs[first].cancel() // that run stops: it gives the lease up
	var next []int
	require.Eventually(t, func() bool {
		next = tick()
		require.LessOrEqual(t, len(next), 1, "never two holders at one tick")
		return len(next) == 1
	}, 10*time.Second, 20*time.Millisecond, "another runner takes the lease")
	assert.NotEqual(t, first, next[0])
}

func TestLeasesOfOtherNodesAreApart(t *testing.T) {
	sc := scope(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l := connect(t, shared, 0, cluster.Config{}).Lease(sc)
	assert.True(t, l.Held(ctx, "a"))
	assert.True(t, l.Held(ctx, "b"), "each schedule node has its own lease")
	other := connect(t, shared, 1, cluster.Config{}).Lease(sc + "2")
	assert.True(t, other.Held(ctx, "a"), "and each flow")
}
