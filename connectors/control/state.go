package control

import (
	"context"
	"sync"
	"time"

	"github.com/weftworks/weft/engine/registry"
)

// StateStore keeps the dedupe windows. engine/kvstore.Store is the bbolt
// implementation; MemoryStore keeps them in memory.
type StateStore interface {
	// SeenBefore reports whether key was recorded in scope less than its
	// window ago, as of now. When it was not, it records key at now with
	// window and returns false. Check and record are one atomic step.
	SeenBefore(ctx context.Context, scope, key string, window time.Duration, now time.Time) (bool, error)
}

// StateKey is the host service dedupe nodes keep their windows in. A host
// running several flows against one store wraps it with Scoped so that
// flows do not share windows.
var StateKey = registry.NewKey[StateStore]("weft.control.state")

// Scoped returns a store that prefixes every scope with prefix and "/",
// such as a flow id, so that nodes with the same id in different flows
// keep apart.
func Scoped(s StateStore, prefix string) StateStore { return scoped{s: s, prefix: prefix + "/"} }

type scoped struct {
	s      StateStore
	prefix string
}

func (p scoped) SeenBefore(ctx context.Context, scope, key string, window time.Duration, now time.Time) (bool, error) {
	return p.s.SeenBefore(ctx, p.prefix+scope, key, window, now)
}

// MemoryStore is a StateStore in memory, for Studio test runs and tests:
// its windows end with the process. The zero value is ready to use.
type MemoryStore struct {
	mu      sync.Mutex
	expires map[[2]string]time.Time
	writes  int
}

// SeenBefore implements StateStore.
func (s *MemoryStore) SeenBefore(ctx context.Context, scope, key string, window time.Duration, now time.Time) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.expires == nil {
		s.expires = map[[2]string]time.Time{}
	}
	k := [2]string{scope, key}
	if exp, ok := s.expires[k]; ok && now.Before(exp) {
		return true, nil
	}
	if s.writes++; s.writes%1024 == 0 {
		for k, exp := range s.expires {
			if !now.Before(exp) {
				delete(s.expires, k)
			}
		}
	}
	s.expires[k] = now.Add(window)
	return false, nil
}
