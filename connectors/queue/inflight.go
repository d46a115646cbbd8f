package queue

import "sync"

// inflight counts a trigger's tracked messages whose outcome has not
// arrived, and runs closeFn once the trigger has stopped and the last
// outcome is in: outcomes may arrive after the trigger's Run returned
// (downstream nodes still drain), and their acks need the connection.
type inflight struct {
	mu      sync.Mutex
	n       int
	stopped bool
	closeFn func()
}

func newInflight(closeFn func()) *inflight { return &inflight{closeFn: closeFn} }

// add counts one more message in flight; call it before EmitTracked.
func (f *inflight) add() {
	f.mu.Lock()
	f.n++
	f.mu.Unlock()
}

// done counts an outcome in; call it after acting on the outcome.
func (f *inflight) done() {
	f.mu.Lock()
	f.n--
	last := f.stopped && f.n == 0
	f.mu.Unlock()
	if last {
		f.closeFn()
	}
}

// stop marks the trigger as stopped: closeFn runs now when nothing is in
// flight, else with the last outcome.
func (f *inflight) stop() {
	f.mu.Lock()
	f.stopped = true
	last := f.n == 0
	f.mu.Unlock()
	if last {
		f.closeFn()
	}
}
