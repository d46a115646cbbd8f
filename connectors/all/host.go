package all

import (
	"github.com/weftworks/weft/connectors/control"
	httpconn "github.com/weftworks/weft/connectors/http"
	"github.com/weftworks/weft/engine/registry"
)

// Listener is the host's HTTP entry point: HTTP triggers register their
// paths on it and HTTP response nodes answer through it. A host serves it
// where it chooses (connectors/http.Listener).
type Listener = httpconn.Listener

// NewListener returns a Listener with no routes.
func NewListener() *Listener { return httpconn.NewListener() }

// StateStore keeps the windows of dedupe nodes (connectors/control);
// engine/kvstore.Store is the bbolt one.
type StateStore = control.StateStore

// ProvideListener hands l to a run's HTTP triggers and responses.
func ProvideListener(sv registry.Services, l *Listener) {
	registry.Provide(sv, httpconn.ListenerKey, l)
}

// ProvideState hands s to a run's dedupe nodes, with their keys under
// scope (a flow id) so that two flows never share a window.
func ProvideState(sv registry.Services, s StateStore, scope string) {
	registry.Provide(sv, control.StateKey, control.Scoped(s, scope))
}
