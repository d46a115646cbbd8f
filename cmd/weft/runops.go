package main

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/weftworks/weft/app/ops"
)

// runOps is what weft run shows its operators: the logger, the metrics
// collector fed by the run's snapshots, and the readiness checks.
type runOps struct {
	log     *slog.Logger
	metrics *ops.Collector
	health  *ops.Health
}

// errNotStarted is the readiness reason before the run's first snapshot
// and after its last.
var errNotStarted = errors.New("the run has not started or has ended")

// newRunOps returns the operations side of weft run, ready once the run
// has started (further checks are added by what weft run serves).
func newRunOps(log *slog.Logger) *runOps {
	ro := &runOps{log: log, metrics: ops.NewCollector(log), health: ops.NewHealth()}
	ro.health.Check("run", func() error {
		if ro.metrics.Running() == 0 {
			return errNotStarted
		}
		return nil
	})
	return ro
}

// mount serves /healthz, /readyz and /metrics on mux.
func (ro *runOps) mount(mux *http.ServeMux) {
	ops.Mount(mux, ro.metrics, ro.health)
}
