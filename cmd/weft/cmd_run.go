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

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, "Usage: weft run FLOW.json") }
	if err := fs.Parse(args); err != nil {
		return &exitError{code: 2}
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return &exitError{code: 2}
	}
	f, err := loadFlow(fs.Arg(0))
	if err != nil {
		return err
	}
	reg, err := all.Registry()
	if err != nil {
		return err
	}
	plan, err := runtime.Compile(f, reg)
	if err != nil {
		var invalid *runtime.InvalidFlowError
		if errors.As(err, &invalid) {
			printProblems(stderr, fs.Arg(0), invalid.Problems)
			return &exitError{code: 1, msg: fmt.Sprintf("%s: the flow is invalid; not running it", fs.Arg(0))}
		}
		return err
	}
	var mu sync.Mutex
	enc := json.NewEncoder(stdout)
	rec := plan.Run(ctx, runtime.Options{
		OnDebug: func(node string, m *message.Message) {
			mu.Lock()
			defer mu.Unlock()
			_ = enc.Encode(debugLine{Node: node, ID: m.ID, Payload: m.Payload, Meta: m.Meta})
		},
	})
	if rec.Status != runtime.StatusSucceeded {
		return &exitError{code: 1, msg: fmt.Sprintf("run %s: %s", rec.Status, rec.Error)}
	}
	return nil
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
