package ops

import (
	"encoding/json"
	"net/http"
	"sync"
)

// Health answers liveness and readiness. Liveness is the process being up
// and serving; readiness is every registered check passing (in `weft run`:
// the run has started and every webhook trigger listens).
type Health struct {
	mu     sync.Mutex
	checks []namedCheck
}

type namedCheck struct {
	name  string
	check func() error
}

// NewHealth returns a Health with no checks: ready until one is added.
func NewHealth() *Health { return &Health{} }

// Check adds a readiness check: nil means ready, an error says why not.
func (h *Health) Check(name string, check func() error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.checks = append(h.checks, namedCheck{name: name, check: check})
}

// Ready runs every check and returns each one's result ("ok" or the
// reason) by name, and whether all passed.
func (h *Health) Ready() (map[string]string, bool) {
	h.mu.Lock()
	checks := append([]namedCheck(nil), h.checks...)
	h.mu.Unlock()
	results := make(map[string]string, len(checks))
	ready := true
	for _, c := range checks {
		results[c.name] = "ok"
		if err := c.check(); err != nil {
			results[c.name] = err.Error()
			ready = false
		}
	}
	return results, ready
}

// healthReply is the JSON body of /healthz and /readyz.
type healthReply struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks,omitempty"`
}

// LiveHandler serves /healthz: 200 {"status":"ok"} while the process
// serves at all.
func (h *Health) LiveHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		reply(w, http.StatusOK, healthReply{Status: "ok"})
	})
}

// ReadyHandler serves /readyz: 200 {"status":"ready"} when every check
// passes, else 503 {"status":"not ready"}; both list every check.
func (h *Health) ReadyHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		checks, ok := h.Ready()
		if ok {
			reply(w, http.StatusOK, healthReply{Status: "ready", Checks: checks})
			return
		}
		reply(w, http.StatusServiceUnavailable, healthReply{Status: "not ready", Checks: checks})
	})
}

func reply(w http.ResponseWriter, status int, body healthReply) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// Paths Mount serves.
const (
	PathLive    = "/healthz"
	PathReady   = "/readyz"
	PathMetrics = "/metrics"
)

// Mount serves /healthz and /readyz from h and /metrics from c on mux. A
// webhook on one of these paths is shadowed where they share a mux.
func Mount(mux *http.ServeMux, c *Collector, h *Health) {
	mux.Handle(PathLive, h.LiveHandler())
	mux.Handle(PathReady, h.ReadyHandler())
	mux.Handle(PathMetrics, c.Handler())
}
