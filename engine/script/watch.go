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
}

func newWatchdog(rt *goja.Runtime) *watchdog {
	w := &watchdog{rt: rt}
	w.timer = time.AfterFunc(time.Hour, w.expire)
	w.timer.Stop()
	return w
}

// arm starts watching a call limited to limit and ctx.
func (w *watchdog) arm(ctx context.Context, limit time.Duration) {
	w.mu.Lock()
	w.armed, w.ctx, w.limit = true, ctx, limit
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
	left := time.Until(w.deadline)
	if left <= 0 {
		w.rt.Interrupt(fmt.Errorf("%w after %s", ErrTimeout, w.limit))
		return
	}
	w.timer.Reset(min(left, pollInterval))
}
