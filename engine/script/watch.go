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

	mu    sync.Mutex
	armed bool
	// held: a batch is running, so the timer keeps polling between its
	// calls rather than being stopped and started for each; ticking: the
	// timer will fire again.
	held, ticking bool
	ctx           context.Context
	deadline      time.Time
	limit         time.Duration
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
	// A ticking timer fires within pollInterval, before a deadline that
	// far away, and then aims at the deadline itself.
	reset := !w.ticking || limit < pollInterval
	w.ticking = true
	w.mu.Unlock()
	if reset {
		w.timer.Reset(min(limit, pollInterval))
	}
}

// disarm stops watching; once it returns no interrupt can arrive any more.
func (w *watchdog) disarm() {
	w.mu.Lock()
	w.armed, w.ctx = false, nil
	stop := !w.held
	if stop {
		w.ticking = false
	}
	w.mu.Unlock()
	if stop {
		w.timer.Stop()
	}
}

// hold keeps the timer polling from one call to the next until release.
func (w *watchdog) hold() {
	w.mu.Lock()
	w.held = true
	w.mu.Unlock()
}

// release ends hold and stops the timer.
func (w *watchdog) release() {
	w.mu.Lock()
	w.held, w.ticking = false, false
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
		if w.ticking = w.held; w.held {
			w.timer.Reset(pollInterval)
		}
		return
	}
	if err := w.ctx.Err(); err != nil {
		w.ticking = false
		w.rt.Interrupt(err)
		return
	}
	if now := heapLive(); w.heapStart == 0 {
		w.heapStart = max(now, 1)
	} else if now > w.heapStart && now-w.heapStart > w.maxGrowth {
		grown := now - w.heapStart
		w.ticking = false
		w.rt.Interrupt(fmt.Errorf("%w: the heap grew by %d MiB, more than the %d MiB allowed", ErrMemoryLimit, grown>>20, w.maxGrowth>>20))
		return
	}
	left := time.Until(w.deadline)
	if left <= 0 {
		w.ticking = false
		w.rt.Interrupt(fmt.Errorf("%w after %s", ErrTimeout, w.limit))
		return
	}
	w.timer.Reset(min(left, pollInterval))
}
