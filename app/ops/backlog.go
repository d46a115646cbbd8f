package ops

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// Backlog reports the runner's durable queues for weft_spool_depth and
// weft_dead_letters.
//
// Owner: the delivery work of issue 5 (the bbolt spool that holds accepted
// messages until their run finishes, and the dead-letter store) implements
// it and hands it to Collector.SetBacklog. Until a Backlog is set the two
// gauges are absent from /metrics: the runner keeps no spool yet, and a
// zero would claim one that is empty.
type Backlog interface {
	// SpoolDepth is the number of messages accepted from triggers and not
	// yet finished or dead-lettered.
	SpoolDepth() (int64, error)
	// DeadLetters is the number of messages in the dead-letter store.
	DeadLetters() (int64, error)
}

// backlogCollector asks the Backlog at scrape time.
type backlogCollector struct {
	spool, dead *prometheus.Desc

	mu sync.Mutex
	b  Backlog
}

var _ prometheus.Collector = (*backlogCollector)(nil)

func newBacklogCollector() *backlogCollector {
	return &backlogCollector{
		spool: prometheus.NewDesc("weft_spool_depth",
			"Messages accepted from triggers and spooled, not yet finished or dead-lettered.", nil, nil),
		dead: prometheus.NewDesc("weft_dead_letters",
			"Messages in the dead-letter store.", nil, nil),
	}
}

func (bc *backlogCollector) set(b Backlog) {
	bc.mu.Lock()
	defer bc.mu.Unlock()
	bc.b = b
}

// Describe implements prometheus.Collector.
func (bc *backlogCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- bc.spool
	ch <- bc.dead
}

// Collect implements prometheus.Collector: nothing without a Backlog; an
// invalid metric (logged by the handler) when the Backlog fails.
func (bc *backlogCollector) Collect(ch chan<- prometheus.Metric) {
	bc.mu.Lock()
	b := bc.b
	bc.mu.Unlock()
	if b == nil {
		return
	}
	gauge(ch, bc.spool, b.SpoolDepth)
	gauge(ch, bc.dead, b.DeadLetters)
}

func gauge(ch chan<- prometheus.Metric, d *prometheus.Desc, read func() (int64, error)) {
	v, err := read()
	if err != nil {
		ch <- prometheus.NewInvalidMetric(d, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, float64(v))
}
