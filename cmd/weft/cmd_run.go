package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/weftworks/weft/connectors/all"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
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
	listen string        // where webhook triggers are served
	state  string        // the dedupe state file
	drain  time.Duration // how long in-flight work may finish after a stop
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var rf runFlags
	fs.StringVar(&rf.listen, "listen", "", "serve webhook triggers on `ADDR` (default 127.0.0.1:8080 when the flow has one)")
	fs.StringVar(&rf.state, "state", os.Getenv("WEFT_STATE"), "dedupe state `FILE` (default $WEFT_STATE or the user config dir)")
	fs.DurationVar(&rf.drain, "drain", 10*time.Second, "on SIGTERM or Ctrl+C, stop the triggers and give in-flight work this long to finish")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: weft run FLOW.json [--listen ADDR] [--state FILE] [--drain DURATION]")
		fmt.Fprintln(stderr, "Credentials come from WEFT_CREDENTIAL_<NAME> variables holding {\"kind\", \"fields\"} JSON.")
		fs.PrintDefaults()
	}
	pos, err := parseArgs(fs, args)
	if err != nil || len(pos) != 1 {
		if err == nil {
			fs.Usage()
		}
		return &exitError{code: 2}
	}
	plan, f, err := compileFile(pos[0], stderr)
	if err != nil {
		return err
	}
	host, stop, err := runnerHost(ctx, f, rf, stderr)
	if err != nil {
		return err
	}
	defer stop()
	var mu sync.Mutex
	enc := json.NewEncoder(stdout)
	rec := plan.Run(ctx, runtime.Options{
		Services:        host.Services(f.ID),
		IsolateFailures: true,
		Drain:           rf.drain,
		OnDebug: func(node string, m *message.Message) {
			mu.Lock()
			defer mu.Unlock()
			_ = enc.Encode(debugLine{Node: node, ID: m.ID, Payload: m.Payload, Meta: m.Meta})
		},
	})
	switch {
	case rec.Status == runtime.StatusSucceeded:
		return nil
	case rec.Status == runtime.StatusCancelled && ctx.Err() != nil:
		return nil // stopped by a signal: a server ending as asked
	default:
		return &exitError{code: 1, msg: fmt.Sprintf("run %s: %s", rec.Status, rec.Error)}
	}
}

// compileFile loads and compiles a flow file, printing every problem of an
// invalid one.
func compileFile(path string, stderr io.Writer) (*runtime.Plan, *flow.Flow, error) {
	f, err := loadFlow(path)
	if err != nil {
		return nil, nil, err
	}
	reg, err := all.Registry()
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
