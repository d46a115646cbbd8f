package team

import (
	"errors"
	"sync"
	"time"
)

// ErrTooManyAttempts is returned by Login for a user name that failed
// MaxFailures times within LockOut; it is refused until LockOut has passed
// since the last failure, even with the right password.
var ErrTooManyAttempts = errors.New("too many failed sign-ins for this user; wait 15 minutes")

// Sign-in throttling.
const (
	MaxFailures = 5
	LockOut     = 15 * time.Minute
)

// throttle counts failed sign-ins per user name, in memory.
type throttle struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

// recent returns name's failures within LockOut of now, forgetting older
// ones.
func (t *throttle) recent(name string, now time.Time) []time.Time {
	kept := t.failures[name][:0]
	for _, at := range t.failures[name] {
		if now.Sub(at) < LockOut {
			kept = append(kept, at)
		}
	}
	if len(kept) == 0 {
		delete(t.failures, name)
		return nil
	}
	t.failures[name] = kept
	return kept
}

func (t *throttle) blocked(name string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.recent(name, now)) >= MaxFailures
}

func (t *throttle) fail(name string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.failures == nil {
		t.failures = map[string][]time.Time{}
	}
	t.failures[name] = append(t.recent(name, now), now)
}

func (t *throttle) reset(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, name)
}
