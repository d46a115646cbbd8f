package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/weftworks/weft/connectors/all"
	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/kvstore"
	"github.com/weftworks/weft/engine/registry"
)

// Host is what a process that runs flows shares with every run: the
// listener webhook triggers register on, the credentials, and the file
// dedupe windows live in. Weft Studio and `weft run` each make one.
type Host struct {
	// Listener is the http.Handler webhook triggers register their paths
	// on; the process serves it where it chooses.
	Listener    *all.Listener
	credentials credential.Source
	state       *lazyState
}

// NewHost returns a host whose runs read credentials from creds (nil for
// none) and keep dedupe state in the bbolt file at statePath, opened on
// first use.
func NewHost(creds credential.Source, statePath string) *Host {
	return &Host{Listener: all.NewListener(), credentials: creds, state: &lazyState{path: statePath}}
}

// Services returns the services one run of flow flowID gets. Dedupe keys
// are scoped by flow, so two flows never share a window.
func (h *Host) Services(flowID string) registry.Services {
	sv := registry.Services{}
	all.ProvideListener(sv, h.Listener)
	if h.credentials != nil {
		registry.Provide(sv, credential.Key, h.credentials)
	}
	all.ProvideState(sv, h.state, flowID)
	return sv
}

// Close closes the state file if a run opened it.
func (h *Host) Close() error {
	return h.state.close()
}

// lazyState opens its kvstore when a dedupe node first needs it, so that a
// process whose flows never dedupe creates no state file.
type lazyState struct {
	path string

	mu    sync.Mutex
	store *kvstore.Store
	err   error
}

var _ all.StateStore = (*lazyState)(nil)

// SeenBefore implements all.StateStore.
func (l *lazyState) SeenBefore(ctx context.Context, scope, key string, window time.Duration, now time.Time) (bool, error) {
	st, err := l.open()
	if err != nil {
		return false, err
	}
	return st.SeenBefore(ctx, scope, key, window, now)
}

func (l *lazyState) open() (*kvstore.Store, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.store == nil && l.err == nil {
		if l.path == "" {
			l.err = errors.New("this host keeps no dedupe state: no state file is configured")
		} else {
			l.store, l.err = kvstore.Open(l.path)
		}
	}
	return l.store, l.err
}

func (l *lazyState) close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.store == nil {
		return nil
	}
	err := l.store.Close()
	l.store = nil
	return err
}
