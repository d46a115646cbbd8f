package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/weftworks/weft/app/ops"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
)

// debugLine is one NDJSON line printed for a message a debug node recorded.
type debugLine struct {
	Node    string            `json:"node"`
	ID      string            `json:"id"`
	Payload any               `json:"payload"`
	Meta    map[string]string `json:"meta,omitempty"`
}

// runFlags are weft run's options.
type runFlags struct {
	listen    string        // where webhook triggers are served
	state     string        // the dedupe state file
	drain     time.Duration // how long in-flight work may finish after a stop
	ops       string        // where /healthz, /readyz and /metrics are served
	logFormat string        // json or text
	flowID    string        // which flow of a bundle to run
	pubKey    string        // when set, the bundle must be signed with this key
	envFile   string        // --env: KEY=VALUE file of WEFT_CREDENTIAL_<X> variables
	secrets   string        // --secrets: a directory with one file per credential
	spool     spoolFlags    // --spool, --retries, --retry-backoff
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	rf, path, err := parseRunFlags(args, stderr)
	if err != nil {
		return err
	}
	log, err := ops.NewLogger(stderr, rf.logFormat, slog.LevelInfo)
	if err != nil {
		return &exitError{code: 2, msg: "run: --log-format: " + err.Error()}
	}
	plan, f, err := compileRunnable(path, rf, stderr)
	if err != nil {
		return err
	}
	ro := newRunOps(log)
	defer startTracing(ctx, ro.metrics, log)()
	sp, err := runnerSpool(f, rf, ro)
	if err != nil {
		return err
	}
	if sp != nil {
		defer sp.Close()
	}
	host, stop, err := runnerHost(ctx, f, rf, ro)
	if err != nil {
		return err
	}
	defer stop()
	defer logStop(ctx, log, path, rf.drain)()
	opts := runOptions(host.Services(f.ID), rf, ro, stdout)
	opts.Journal = spoolJournal(sp, f, f.ID, rf.spool, log, opts.RunID)
	rec := plan.Run(ctx, opts)
	switch {
	case rec.Status == runtime.StatusSucceeded:
		return nil
	case rec.Status == runtime.StatusCancelled && ctx.Err() != nil:
		return nil // stopped by a signal: a server ending as asked
	default:
		return &exitError{code: 1, msg: fmt.Sprintf("run %s: %s", rec.Status, rec.Error)}
	}
}

// logStop logs, once ctx ends, that weft run is stopping; the returned
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

func parseRunFlags(args []string, stderr io.Writer) (runFlags, string, error) {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var rf runFlags
	fs.StringVar(&rf.listen, "listen", "", "serve webhook triggers on `ADDR` (default 127.0.0.1:8080 when the flow has one)")
	fs.StringVar(&rf.ops, "ops", "", "serve /healthz, /readyz and /metrics on `ADDR` (default: beside the webhooks when they are served, else not at all)")
	fs.StringVar(&rf.flowID, "flow", "", "run the flow `ID` of a bundle holding several")
	addServerFlags(fs, &rf, "on SIGTERM or Ctrl+C, stop the triggers and give in-flight work this long to finish")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: weft run FLOW.json|BUNDLE.weft [--flow ID] [--require-signature PUBFILE] [--listen ADDR] [--ops ADDR] [--env FILE] [--secrets DIR] [--state FILE] [--spool FILE] [--retries N] [--retry-backoff DURATION] [--drain DURATION] [--log-format json|text]")
		fmt.Fprintln(stderr, "A bundle with one flow runs it; a bundle with several needs --flow ID.")
		fmt.Fprintln(stderr, "Credentials come from WEFT_CREDENTIAL_<NAME> variables (environment, then --env FILE) or --secrets DIR files holding {\"kind\", \"fields\"} JSON; a flow naming a missing one is refused.")
		fs.PrintDefaults()
	}
	pos, err := parseCommand(fs, args, func(pos []string) bool { return len(pos) != 1 })
	if err != nil {
		return rf, "", err
	}
	return rf, pos[0], nil
}

// addServerFlags declares the options weft run and weft serve share:
// state, spool, drain (described by drainHelp), logs, signature and
// credentials.
func addServerFlags(fs *flag.FlagSet, rf *runFlags, drainHelp string) {
	fs.StringVar(&rf.state, "state", os.Getenv("WEFT_STATE"), "dedupe state `FILE` (default $WEFT_STATE or the user config dir)")
	fs.DurationVar(&rf.drain, "drain", 10*time.Second, drainHelp)
	fs.StringVar(&rf.logFormat, "log-format", ops.FormatJSON, "log lines on stderr as `json` or text")
	fs.StringVar(&rf.pubKey, "require-signature", "", "refuse a bundle not signed by the public key in `PUBFILE`")
	fs.StringVar(&rf.envFile, "env", "", "read WEFT_CREDENTIAL_<NAME> variables from `FILE` too (the process environment wins)")
	fs.StringVar(&rf.secrets, "secrets", "", "read credentials from `DIR`, one file per name holding {\"kind\", \"fields\"} JSON")
	addSpoolFlags(fs, &rf.spool)
}

// runOptions are the options of weft run's one run: debug messages as
// NDJSON on stdout, snapshots to the metrics collector.
func runOptions(services registry.Services, rf runFlags, ro *runOps, stdout io.Writer) runtime.Options {
	runID := message.NewID()
	var mu sync.Mutex
	enc := json.NewEncoder(stdout)
	return runtime.Options{
		RunID:           runID,
		Services:        services,
		IsolateFailures: true,
		Drain:           rf.drain,
		OnUpdate:        ro.metrics.Observe,
		OnDebug: func(node string, m *message.Message) {
			mu.Lock()
			defer mu.Unlock()
			_ = enc.Encode(debugLine{Node: node, ID: m.ID, Payload: m.Payload, Meta: m.Meta})
			ro.log.Debug("debug message", ops.KeyRunID, runID, ops.KeyNode, node, ops.KeyMessageID, m.ID)
		},
	}
}

// compileFlow compiles a loaded flow, printing every problem of an invalid
// one.
func compileFlow(nf namedFlow, stderr io.Writer) (*runtime.Plan, *flow.Flow, error) {
	f, path := nf.flow, nf.name
	reg, err := nodeTypes()
	if err != nil {
		return nil, nil, err
	}
	plan, err := runtime.Compile(f, reg)
	var invalid *runtime.InvalidFlowError
	if errors.As(err, &invalid) {
		printProblems(stderr, path, invalid.Problems)
		return nil, nil, &exitError{code: 1, msg: fmt.Sprintf("%s: the flow is invalid; not running it", path)}
	}
	return plan, f, err
}

// loadFlow reads and decodes a flow file; errors name the file, and for a
// malformed file the line and column.
func loadFlow(path string) (*flow.Flow, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := flow.Decode(data)
	if err != nil {
		var syn *flow.SyntaxError
		if errors.As(err, &syn) {
			return nil, fmt.Errorf("%s:%d:%d: %s", path, syn.Line, syn.Column, syn.Msg)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

func printProblems(w io.Writer, path string, problems []flow.Problem) {
	for _, p := range problems {
		fmt.Fprintf(w, "%s: %s\n", path, p.String())
	}
}
