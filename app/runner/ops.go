package runner

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/weftworks/weft/app/ops"
	"github.com/weftworks/weft/engine/runtime"
)

// Ops is what the runner shows its operators: the logger, the metrics
// collector fed by the runs' snapshots, the readiness checks, and the
// spool whose dead letters are served too, when set.
type Ops struct {
	Log     *slog.Logger
	Metrics *ops.Collector
	Health  *ops.Health
	Spool   DeadLetters
	// onMessage gets the runs' message spans when they are traced.
	onMessage func(runtime.MessageSpan)
}

// errNotStarted is the readiness reason before the run's first snapshot
// and after its last.
var errNotStarted = errors.New("the run has not started or has ended")

// NewOps returns the operations side of a runner logging to log, with no
// readiness checks yet.
func NewOps(log *slog.Logger) *Ops {
	return &Ops{Log: log, Metrics: ops.NewCollector(log), Health: ops.NewHealth()}
}

// checkRunning makes o ready only while a run is running.
func (o *Ops) checkRunning() {
	o.Health.Check("run", func() error {
		if o.Metrics.Running() == 0 {
			return errNotStarted
		}
		return nil
	})
}

// Mount serves /healthz, /readyz and /metrics on mux, and with a spool
// its dead-letter endpoints when addr is a loopback address (they change
// data: they are never served further than this machine).
func (o *Ops) Mount(mux *http.ServeMux, addr string) {
	ops.Mount(mux, o.Metrics, o.Health)
	switch {
	case o.Spool == nil:
	case Loopback(addr):
		MountDeadLetters(mux, o.Spool)
	default:
		o.Log.Info("dead-letter endpoints not served: the ops address is not a loopback one", "addr", addr)
	}
}
