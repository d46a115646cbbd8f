package runner

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/weftworks/weft/app/ops"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/spool"
)

// Settings are the options weft run and weft serve share.
type Settings struct {
	Listen  string        // where webhook triggers are served
	Ops     string        // where /healthz, /readyz and /metrics are served
	State   string        // the dedupe state file
	Drain   time.Duration // how long in-flight work may finish after a stop
	FlowID  string        // which flow of a bundle to run
	PubKey  string        // when set, a bundle must be signed with this key
	EnvFile string        // KEY=VALUE file of WEFT_CREDENTIAL_<X> variables
	Secrets string        // a directory with one file per credential
	// Delivery is how accepted trigger messages are spooled and retried.
	Delivery Delivery
	// Cluster, for weft serve, is a NATS URL or a JSON config file: the
	// cluster's JetStream keeps accepted messages instead of the spool
	// file, and without a bundle folder its bundle set is served.
	Cluster string
}

// Env is what the runner gets from its process.
type Env struct {
	// Registry builds every node the runner runs.
	Registry *registry.Registry
	// Log receives the runner's log lines.
	Log *slog.Logger
	// Stdout receives one NDJSON line per message a debug node records.
	Stdout io.Writer
	// Stderr receives every problem of a flow that is invalid.
	Stderr io.Writer
	// Environ is the process environment, KEY=VALUE (credentials).
	Environ []string
}

// DebugLine is one NDJSON line printed for a message a debug node
// recorded.
type DebugLine struct {
	Node    string            `json:"node"`
	ID      string            `json:"id"`
	Payload any               `json:"payload"`
	Meta    map[string]string `json:"meta,omitempty"`
}

// Run runs the flow of the flow file or bundle at path (see Runnable)
// until it ends or ctx is cancelled; then triggers stop and in-flight
// work gets s.Drain to finish. A run stopped by ctx is a success.
func Run(ctx context.Context, env Env, path string, s Settings) error {
	nf, err := Runnable(path, s.FlowID, s.PubKey)
	if err != nil {
		return err
	}
	plan, err := Compile(nf, env.Registry, env.Stderr)
	if err != nil {
		return err
	}
	o := NewOps(env.Log)
	o.checkRunning()
	defer startTracing(ctx, o, env.Log)()
	var sp *spool.Spool
	if len(SpooledNodes(nf.Flow, env.Registry)) > 0 {
		if sp, err = openSpool(s, o); err != nil {
			return err
		}
		defer sp.Close()
		if n, err := sp.SpoolDepth(); err == nil && n > 0 {
			o.Log.Info("resuming spooled messages", "spool", sp.Path(), "pending", n)
		}
	}
	h, err := startHost(ctx, env, nf.Flow, s, o)
	if err != nil {
		return err
	}
	defer h.stop()
	defer logStop(ctx, env.Log, path, s.Drain)()
	opts := runOptions(h.host.Services(nf.Flow.ID), s, o, env.Stdout)
	opts.Journal = journal(sp, nf.Flow, env.Registry, nf.Flow.ID, s.Delivery, env.Log, opts.RunID)
	rec := plan.Run(ctx, opts)
	switch {
	case rec.Status == runtime.StatusSucceeded:
		return nil
	case rec.Status == runtime.StatusCancelled && ctx.Err() != nil:
		return nil // stopped by a signal: a server ending as asked
	default:
		return fmt.Errorf("run %s: %s", rec.Status, rec.Error)
	}
}

// logStop logs, once ctx ends, that the run is stopping; the returned
// function cancels that, or waits for the line to be written.
func logStop(ctx context.Context, log *slog.Logger, path string, drain time.Duration) func() {
	logged := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(logged)
		log.Info("stop requested: triggers stopped, finishing in-flight work", "file", path, "drain", drain.String())
	})
	return func() {
		if !stop() {
			<-logged
		}
	}
}

// runOptions are the options of weft run's one run: debug messages as
// NDJSON on stdout, snapshots to the metrics collector.
func runOptions(services registry.Services, s Settings, o *Ops, stdout io.Writer) runtime.Options {
	runID := message.NewID()
	var mu sync.Mutex
	enc := json.NewEncoder(stdout)
	return runtime.Options{
		RunID:           runID,
		Services:        services,
		IsolateFailures: true,
		Drain:           s.Drain,
		OnUpdate:        o.Metrics.Observe,
		OnMessage:       o.onMessage,
		OnDebug: func(node string, m *message.Message) {
			mu.Lock()
			defer mu.Unlock()
			_ = enc.Encode(DebugLine{Node: node, ID: m.ID, Payload: m.Payload, Meta: m.Meta})
			o.Log.Debug("debug message", ops.KeyRunID, runID, ops.KeyNode, node, ops.KeyMessageID, m.ID)
		},
	}
}
