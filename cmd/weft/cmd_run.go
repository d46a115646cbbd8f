package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/weftworks/weft/app/ops"
	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/engine/spool"
)

// runFlags are weft run's options.
type runFlags struct {
	runner.Settings
	logFormat string // json or text
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	rf, path, err := parseRunFlags(args, stderr)
	if err != nil {
		return err
	}
	env, err := runnerEnv(rf, "run", stdout, stderr)
	if err != nil {
		return err
	}
	return runner.Run(ctx, env, path, rf.Settings)
}

// runnerEnv is what weft run and weft serve hand the runner: the node
// types, a logger in --log-format, the output streams and the process
// environment.
func runnerEnv(rf runFlags, cmd string, stdout, stderr io.Writer) (runner.Env, error) {
	log, err := ops.NewLogger(stderr, rf.logFormat, slog.LevelInfo)
	if err != nil {
		return runner.Env{}, &exitError{code: 2, msg: cmd + ": --log-format: " + err.Error()}
	}
	reg, err := nodeTypes()
	if err != nil {
		return runner.Env{}, err
	}
	return runner.Env{Registry: reg, Log: log, Stdout: stdout, Stderr: stderr, Environ: os.Environ()}, nil
}

func parseRunFlags(args []string, stderr io.Writer) (runFlags, string, error) {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var rf runFlags
	fs.StringVar(&rf.Listen, "listen", "", "serve webhook triggers on `ADDR` (default 127.0.0.1:8080 when the flow has one)")
	fs.StringVar(&rf.Ops, "ops", "", "serve /healthz, /readyz and /metrics on `ADDR` (default: beside the webhooks when they are served, else not at all)")
	fs.StringVar(&rf.FlowID, "flow", "", "run the flow `ID` of a bundle holding several")
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
	fs.StringVar(&rf.State, "state", os.Getenv("WEFT_STATE"), "dedupe state `FILE` (default $WEFT_STATE or the user config dir)")
	fs.DurationVar(&rf.Drain, "drain", 10*time.Second, drainHelp)
	fs.StringVar(&rf.logFormat, "log-format", ops.FormatJSON, "log lines on stderr as `json` or text")
	fs.StringVar(&rf.PubKey, "require-signature", "", "refuse a bundle not signed by the public key in `PUBFILE`")
	fs.StringVar(&rf.EnvFile, "env", "", "read WEFT_CREDENTIAL_<NAME> variables from `FILE` too (the process environment wins)")
	fs.StringVar(&rf.Secrets, "secrets", "", "read credentials from `DIR`, one file per name holding {\"kind\", \"fields\"} JSON")
	addSpoolFlags(fs, &rf.Delivery)
}

// addSpoolFlags declares --spool, --retries and --retry-backoff on fs.
func addSpoolFlags(fs *flag.FlagSet, d *runner.Delivery) {
	fs.StringVar(&d.Path, "spool", os.Getenv("WEFT_SPOOL"), "keep accepted trigger messages in `FILE` until their work ends (default $WEFT_SPOOL, else spool.db beside the --state file)")
	d.Retries = spool.DefaultAttempts - 1
	fs.Func("retries", fmt.Sprintf("deliver a message whose work failed unhandled `N` more times before it is dead-lettered (default %d)", d.Retries),
		func(v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return errors.New("want a whole number, 0 or more")
			}
			d.Retries = n
			return nil
		})
	fs.DurationVar(&d.Backoff, "retry-backoff", spool.DefaultBackoff, "wait this long before the first retry; doubled for each further one, up to a minute")
}
