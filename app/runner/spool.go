package runner

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/weftworks/weft/app/ops"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/spool"
)

// Delivery is how accepted trigger messages are kept and retried.
type Delivery struct {
	Path    string        // the spool file; empty for the default beside the state file
	Retries int           // deliveries after the first failed one
	Backoff time.Duration // the wait before the first retry
}

// SpooledNodes returns the ids of f's triggers whose messages are
// spooled, as their specs' trigger traits say (spec.TriggerTraits).
func SpooledNodes(f *flow.Flow, reg *registry.Registry) []string {
	var ids []string
	for _, n := range f.Nodes {
		if reg.Trigger(n.Type).SpoolsWith(n.Config) {
			ids = append(ids, n.ID)
		}
	}
	return ids
}

// StatePath is the dedupe state file: flagValue when set, else
// runner-state.db in the user config dir.
func StatePath(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no --state file and no user config dir: %w", err)
	}
	return filepath.Join(dir, "weft", "runner-state.db"), nil
}

// SpoolPath is the spool file to use: flagValue when set (its default is
// $WEFT_SPOOL), else spool.db beside the state file.
func SpoolPath(flagValue, statePath string) string {
	if flagValue != "" {
		return flagValue
	}
	return filepath.Join(filepath.Dir(statePath), "spool.db")
}

// DefaultSpoolPath is the spool weft run uses without --spool: $WEFT_SPOOL,
// else spool.db beside the default state file ($WEFT_STATE's, or the user
// config dir's).
func DefaultSpoolPath() (string, error) {
	if p := os.Getenv("WEFT_SPOOL"); p != "" {
		return p, nil
	}
	state, err := StatePath(os.Getenv("WEFT_STATE"))
	if err != nil {
		return "", fmt.Errorf("no --spool file: %w", err)
	}
	return SpoolPath("", state), nil
}

// retryPolicy is the policy d asks for, logging each dead letter with the
// run id.
func (d Delivery) retryPolicy(log *slog.Logger, runID string) spool.RetryPolicy {
	return spool.RetryPolicy{
		Attempts: d.Retries + 1,
		Backoff:  d.Backoff,
		OnDeadLetter: func(dl spool.DeadLetter) {
			log.Error("message dead-lettered", ops.KeyRunID, runID, ops.KeyFlowID, dl.Scope,
				ops.KeyMessageID, dl.ID, ops.KeyNode, dl.Node, "reason", dl.Error, "attempts", dl.Attempts)
		},
	}
}

// openSpool opens the spool of s and hands it to o's metrics and
// dead-letter endpoints. The caller closes it.
func openSpool(s Settings, o *Ops) (*spool.Spool, error) {
	state, err := StatePath(s.State)
	if err != nil {
		return nil, err
	}
	sp, err := spool.Open(SpoolPath(s.Delivery.Path, state))
	if err != nil {
		return nil, err
	}
	o.Metrics.SetBacklog(sp)
	o.Spool = sp
	return sp, nil
}

// journal is the runtime journal of f's spooled triggers under scope in
// sp (nil without a spool or such triggers): what runtime.Options.Journal
// takes.
func journal(sp *spool.Spool, f *flow.Flow, reg *registry.Registry, scope string, d Delivery, log *slog.Logger, runID string) runtime.Journal {
	if sp == nil {
		return nil
	}
	return bufferJournal(spoolBuffer{sp}, f, reg, scope, d, log, runID)
}

// bufferJournal is the runtime journal of f's spooled triggers under
// scope in b (nil without such triggers).
func bufferJournal(b buffer, f *flow.Flow, reg *registry.Registry, scope string, d Delivery, log *slog.Logger, runID string) runtime.Journal {
	nodes := SpooledNodes(f, reg)
	if len(nodes) == 0 {
		return nil
	}
	p := d.retryPolicy(log, runID)
	for _, n := range f.Nodes {
		if t := reg.Trigger(n.Type); t != nil && t.Redelivered {
			p.SourceRedelivers = append(p.SourceRedelivers, n.ID)
		}
	}
	return b.journal(scope, p, nodes)
}
