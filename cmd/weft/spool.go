package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/weftworks/weft/app/ops"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/spool"
)

// spoolFlags are the delivery options weft run (and weft serve) share.
type spoolFlags struct {
	path    string        // --spool: the spool file; empty for the default
	retries int           // --retries: deliveries after the first failed one
	backoff time.Duration // --retry-backoff: the wait before the first retry
}

// spooledTriggers are the node types that accept work from outside the
// runner, which the spool keeps until it is done.
// A folder watch is not among them: its file stays in the folder until
// its work ends (then processed/ or failed/), and the next start offers it
// again. Core NATS subscriptions emit untracked messages.
var spooledTriggers = map[string]bool{
	"http.webhook": true, "queue.kafkaConsume": true, "queue.jetstreamConsume": true,
}

// sourceRedelivers are the spooled triggers whose source delivers again
// what they never acknowledged: the spool drops their cancelled entries.
var sourceRedelivers = map[string]bool{"queue.kafkaConsume": true, "queue.jetstreamConsume": true}

// spooledNodes returns the ids of f's triggers whose messages are
// spooled. A webhook that answers only once the flow has (respond: node)
// is not: its caller learns of a crash and sends again.
func spooledNodes(f *flow.Flow) []string {
	var ids []string
	for _, n := range f.Nodes {
		if spooledTriggers[n.Type] && (n.Type != "http.webhook" || n.Config["respond"] == "accepted") {
			ids = append(ids, n.ID)
		}
	}
	return ids
}

// spoolPath is the spool file to use: flagValue when set (its default is
// $WEFT_SPOOL), else spool.db beside the state file.
func spoolPath(flagValue, statePath string) string {
	if flagValue != "" {
		return flagValue
	}
	return filepath.Join(filepath.Dir(statePath), "spool.db")
}

// openSpool opens the spool file at path; a file another weft holds is
// refused with the advice to give each process its own.
func openSpool(path string) (*spool.Spool, error) {
	sp, err := spool.Open(path)
	if errors.Is(err, spool.ErrLocked) || errors.Is(err, spool.ErrNotSpool) {
		return nil, &exitError{code: 1, msg: err.Error()}
	}
	return sp, err
}

// retryPolicy is the policy the flags ask for, logging each dead letter
// with the run id.
func (sf spoolFlags) retryPolicy(log *slog.Logger, runID string) spool.RetryPolicy {
	return spool.RetryPolicy{
		Attempts: sf.retries + 1,
		Backoff:  sf.backoff,
		OnDeadLetter: func(d spool.DeadLetter) {
			log.Error("message dead-lettered", ops.KeyRunID, runID, ops.KeyFlowID, d.Scope,
				ops.KeyMessageID, d.ID, ops.KeyNode, d.Node, "reason", d.Error, "attempts", d.Attempts)
		},
	}
}

// runnerSpool opens weft run's spool when the flow has a spooled trigger
// (nil otherwise) and hands it to the metrics. The caller closes it.
func runnerSpool(f *flow.Flow, rf runFlags, ro *runOps) (*spool.Spool, error) {
	if len(spooledNodes(f)) == 0 {
		return nil, nil
	}
	state, err := statePath(rf.state)
	if err != nil {
		return nil, err
	}
	sp, err := openSpool(spoolPath(rf.spool.path, state))
	if err != nil {
		return nil, err
	}
	ro.metrics.SetBacklog(sp)
	ro.spool = sp
	if n, err := sp.SpoolDepth(); err == nil && n > 0 {
		ro.log.Info("resuming spooled messages", "spool", sp.Path(), "pending", n)
	}
	return sp, nil
}

// defaultSpoolPath is the spool weft run uses without --spool and
// $WEFT_SPOOL: spool.db beside the default state file.
func defaultSpoolPath() (string, error) {
	if p := os.Getenv("WEFT_SPOOL"); p != "" {
		return p, nil
	}
	state, err := statePath(os.Getenv("WEFT_STATE"))
	if err != nil {
		return "", fmt.Errorf("no --spool file: %w", err)
	}
	return spoolPath("", state), nil
}

// addSpoolFlags declares --spool, --retries and --retry-backoff on fs.
func addSpoolFlags(fs *flag.FlagSet, sf *spoolFlags) {
	fs.StringVar(&sf.path, "spool", os.Getenv("WEFT_SPOOL"), "keep accepted trigger messages in `FILE` until their work ends (default $WEFT_SPOOL, else spool.db beside the --state file)")
	sf.retries = spool.DefaultAttempts - 1
	fs.Func("retries", fmt.Sprintf("deliver a message whose work failed unhandled `N` more times before it is dead-lettered (default %d)", sf.retries),
		func(v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return errors.New("want a whole number, 0 or more")
			}
			sf.retries = n
			return nil
		})
	fs.DurationVar(&sf.backoff, "retry-backoff", spool.DefaultBackoff, "wait this long before the first retry; doubled for each further one, up to a minute")
}

// spoolJournal is the runtime journal of f's spooled triggers under
// scope in sp (nil without a spool or such triggers): what
// runtime.Options.Journal takes.
func spoolJournal(sp *spool.Spool, f *flow.Flow, scope string, sf spoolFlags, log *slog.Logger, runID string) runtime.Journal {
	nodes := spooledNodes(f)
	if sp == nil || len(nodes) == 0 {
		return nil
	}
	p := sf.retryPolicy(log, runID)
	for _, n := range f.Nodes {
		if sourceRedelivers[n.Type] {
			p.SourceRedelivers = append(p.SourceRedelivers, n.ID)
		}
	}
	return sp.Journal(scope, p, nodes...)
}
