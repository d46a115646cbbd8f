package script

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// pollInterval is how often a running call's context is checked. Calls
// shorter than this never see the timer fire.
const pollInterval = 10 * time.Millisecond

// watchdog interrupts its runtime when the running call passes its time
// limit or its context is done. One watchdog, with one reusable timer,
// serves every call of a runtime; it polls the context rather than
// registering with it, so concurrent calls share no lock.
type watchdog struct {
	rt    *goja.Runtime
	timer *time.Timer

	mu       sync.Mutex
	armed    bool
	ctx      context.Context
	deadline time.Time
	limit    time.Duration
	// heapStart is the heap at the call's first poll (0 before it:
	// calls shorter than pollInterval pay nothing); maxGrowth bounds how
	// much it may grow after.
	heapStart, maxGrowth uint64
}

func newWatchdog(rt *goja.Runtime) *watchdog {
	w := &watchdog{rt: rt}
	w.timer = time.AfterFunc(time.Hour, w.expire)
	w.timer.Stop()
	return w
}

// arm starts watching a call limited to limit, ctx and a live-heap growth
// of maxGrowth bytes.
func (w *watchdog) arm(ctx context.Context, limit time.Duration, maxGrowth uint64) {
	w.mu.Lock()
	w.armed, w.ctx, w.limit = true, ctx, limit
	w.heapStart, w.maxGrowth = 0, maxGrowth
	w.deadline = time.Now().Add(limit)
	w.mu.Unlock()
	w.timer.Reset(min(limit, pollInterval))
}

// disarm stops watching; once it returns no interrupt can arrive any more.
func (w *watchdog) disarm() {
	w.mu.Lock()
	w.armed, w.ctx = false, nil
	w.mu.Unlock()
	w.timer.Stop()
}

// expire runs on the timer: it interrupts a call that is out of time or
// whose context is done, and otherwise looks again later. A stale firing
// (the timer was reset for a later call) just re-arms the timer.
func (w *watchdog) expire() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.armed {
		return
	}
	if err := w.ctx.Err(); err != nil {
		w.rt.Interrupt(err)
		return
	}
	if now := heapLive(); w.heapStart == 0 {
		w.heapStart = max(now, 1)
	} else if now > w.heapStart && now-w.heapStart > w.maxGrowth {
		grown := now - w.heapStart
		w.rt.Interrupt(fmt.Errorf("%w: the heap grew by %d MiB, more than the %d MiB allowed", ErrMemoryLimit, grown>>20, w.maxGrowth>>20))
		return
	}
	left := time.Until(w.deadline)
	if left <= 0 {
		w.rt.Interrupt(fmt.Errorf("%w after %s", ErrTimeout, w.limit))
		return
	}
	w.timer.Reset(min(left, pollInterval))
}
