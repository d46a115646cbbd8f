package main

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/weftworks/weft/app/ops"
	"github.com/weftworks/weft/engine/spool"
)

// runOps is what weft run shows its operators: the logger, the metrics
// collector fed by the run's snapshots, and the readiness checks.
type runOps struct {
	log     *slog.Logger
	metrics *ops.Collector
	health  *ops.Health
	spool   *spool.Spool // its dead letters are served too, when set
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

// mount serves /healthz, /readyz and /metrics on mux, and with a spool
// its dead-letter endpoints when addr is a loopback address (they change
// data: they are never served further than this machine).
func (ro *runOps) mount(mux *http.ServeMux, addr string) {
	ops.Mount(mux, ro.metrics, ro.health)
	switch {
	case ro.spool == nil:
	case loopback(addr):
		mountDeadLetters(mux, ro.spool)
	default:
		ro.log.Info("dead-letter endpoints not served: the ops address is not a loopback one", "addr", addr)
	}
}
