package ops

import (
	"log/slog"
	"net/http"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Collector turns run record snapshots into Prometheus metrics and log
// lines. It owns its registry; it is safe for concurrent use.
type Collector struct {
	reg     *prometheus.Registry
	log     *slog.Logger
	m       runMetrics
	backlog *backlogCollector

	mu    sync.Mutex
	runs  map[string]*runSeen
	ended *recentIDs
	// tracer, when set, gets every ended run (TraceRuns).
	tracer *RunTracer
}

// runMetrics are the run and node metrics a Collector fills from records.
type runMetrics struct {
	started  *prometheus.CounterVec
	ended    *prometheus.CounterVec
	active   *prometheus.GaugeVec
	in       *prometheus.CounterVec
	out      *prometheus.CounterVec
	errors   *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// endedMemory is how many ended run ids a Collector remembers, so that a
// final snapshot delivered again is not counted as a new run.
const endedMemory = 1024

var nodeLabels = []string{"flow", "node", "type"}

// NewCollector returns a Collector with a fresh registry holding the run
// and node metrics, the backlog gauges, and the Go and process
// collectors. log receives run and node events; nil discards them.
func NewCollector(log *slog.Logger) *Collector {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Collector{reg: prometheus.NewRegistry(), log: log, m: newRunMetrics(),
		backlog: newBacklogCollector(), runs: map[string]*runSeen{}, ended: newRecentIDs(endedMemory)}
	c.reg.MustRegister(c.m.started, c.m.ended, c.m.active, c.m.in, c.m.out, c.m.errors, c.m.duration,
		c.backlog, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return c
}

func newRunMetrics() runMetrics {
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	}
	return runMetrics{
		started: counter("weft_runs_started_total", "Runs seen starting.", "flow"),
		ended:   counter("weft_runs_ended_total", "Runs ended, by final status (succeeded, failed, cancelled).", "flow", "status"),
		active: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "weft_runs_active",
			Help: "Runs started and not yet ended."}, []string{"flow"}),
		in:     counter("weft_node_messages_in_total", "Messages a node received.", nodeLabels...),
		out:    counter("weft_node_messages_out_total", "Messages a node emitted on its outputs (error port excluded).", nodeLabels...),
		errors: counter("weft_node_errors_total", "Messages a node failed (sent to its error port, a catcher, or failing its work).", nodeLabels...),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "weft_node_run_duration_seconds",
			Help:    "How long a node ran, from start to return; observed once per node and run.",
			Buckets: []float64{.001, .01, .1, 1, 10, 60, 600, 3600, 86400}}, nodeLabels),
	}
}

// Registry is the Collector's own registry, for metrics other parts of
// the process own.
func (c *Collector) Registry() *prometheus.Registry { return c.reg }

// Handler serves the registry in the Prometheus text exposition format. A
// metric that fails to collect is logged and left out; the rest is served.
func (c *Collector) Handler() http.Handler {
	return promhttp.HandlerFor(c.reg, promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(c.log.Handler(), slog.LevelError),
		ErrorHandling: promhttp.ContinueOnError,
	})
}

// SetBacklog makes b the source of weft_spool_depth and weft_dead_letters;
// nil removes it.
func (c *Collector) SetBacklog(b Backlog) { c.backlog.set(b) }
