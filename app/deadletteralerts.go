package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/app/alerts"
	"github.com/weftworks/weft/engine/spool"
)

// DeadLetterSource is the dead letters of a deploy target's runners.
type DeadLetterSource interface {
	// ListDeadLetters lists the dead letters of scope (all when empty).
	ListDeadLetters(scope string) ([]spool.DeadLetter, error)
	Close() error
}

// OpenDeadLetters opens the dead letters of target, and returns nil for
// a target whose dead letters cannot be seen (a folder target without a
// runner URL). app/runner.TargetDeadLetters is the one weft uses: app
// cannot import the runner.
type OpenDeadLetters func(target DeployTarget) (DeadLetterSource, error)

// DefaultDeadLetterCheck is how often Studio asks the runners.
const DefaultDeadLetterCheck = time.Minute

// WatchDeadLetters evaluates the deadLetters alert rules every interval
// until ctx ends: it counts the dead letters of every deploy target's
// runners (open says how to reach them), per flow, over each rule's
// window, and fires, delivers, stores and resolves alerts as the other
// rules do after a run. A target that cannot be reached is listed as a
// failed alert, once per distinct reason.
func WatchDeadLetters(ctx context.Context, s *Service, open OpenDeadLetters, every time.Duration) {
	if every <= 0 {
		every = DefaultDeadLetterCheck
	}
	w := &deadLetterWatch{s: s, open: open, lastErr: map[string]string{}}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		w.check()
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

type deadLetterWatch struct {
	s       *Service
	open    OpenDeadLetters
	lastErr map[string]string // target id → the last reason it failed
}

// check evaluates every deadLetters rule once.
func (w *deadLetterWatch) check() {
	s := w.s
	set, err := s.GetUsageSettings()
	if err != nil {
		return // checkAlerts reports unreadable settings after the next run
	}
	var rules []alerts.Rule
	for _, r := range set.Rules {
		if r.Metric == alerts.DeadLetters {
			rules = append(rules, r)
		}
	}
	if len(rules) == 0 {
		return
	}
	dead, ok := w.collect()
	if !ok {
		return // an unknown count neither fires nor resolves
	}
	now := s.now()
	for _, r := range rules {
		counts := countByFlow(dead, now.Add(-time.Duration(r.WindowMinutes)*time.Minute))
		for _, flowID := range w.flowsOf(r, counts) {
			s.fireOrResolve(r, flowID, float64(counts[flowID]), now, set.SMTP)
		}
	}
}

// collect lists the dead letters of every target; ok is false when a
// target that has runners to ask could not be asked.
func (w *deadLetterWatch) collect() (dead []spool.DeadLetter, ok bool) {
	targets, err := w.s.ListDeployTargets()
	if err != nil {
		return nil, false
	}
	ok = true
	for _, t := range targets {
		list, err := w.list(t)
		if err != nil {
			ok = false
			w.failed(t, err)
			continue
		}
		delete(w.lastErr, t.ID)
		dead = append(dead, list...)
	}
	return dead, ok
}

func (w *deadLetterWatch) list(t DeployTarget) ([]spool.DeadLetter, error) {
	src, err := w.open(t)
	if err != nil || src == nil {
		return nil, err
	}
	defer src.Close()
	return src.ListDeadLetters("")
}

// failed lists a target that could not be asked as a failed alert, once
// for each new reason.
func (w *deadLetterWatch) failed(t DeployTarget, err error) {
	if w.lastErr[t.ID] == err.Error() {
		return
	}
	w.lastErr[t.ID] = err.Error()
	w.s.noteAlert(FiredAlert{Alert: alerts.Alert{Metric: alerts.DeadLetters, At: w.s.now().UnixMilli(),
		Message: fmt.Sprintf("the dead letters of deploy target %s could not be read", t.ID)},
		State: AlertFailed, DeliveryError: err.Error()})
}

// flowsOf is the flows rule r is checked for: its own flow, or every flow
// with dead letters in the window or an alert still fired.
func (w *deadLetterWatch) flowsOf(r alerts.Rule, counts map[string]int) []string {
	if r.FlowID != "" {
		return []string{r.FlowID}
	}
	flows := make([]string, 0, len(counts))
	seen := map[string]bool{}
	for f := range counts {
		flows, seen[f] = append(flows, f), true
	}
	prefix := openKey(r.ID, "")
	_ = w.s.store.DB().View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketOpenAlerts); b != nil {
			c := b.Cursor()
			for k, _ := c.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, _ = c.Next() {
				if f := string(k[len(prefix):]); !seen[f] {
					flows = append(flows, f)
				}
			}
		}
		return nil
	})
	return flows
}

// countByFlow counts the dead letters whose last failure is after since,
// by flow id (a runner's scope is "bundle/flow" or the flow id).
func countByFlow(dead []spool.DeadLetter, since time.Time) map[string]int {
	counts := map[string]int{}
	for _, d := range dead {
		if d.LastFailure.After(since) {
			counts[d.Scope[strings.LastIndex(d.Scope, "/")+1:]]++
		}
	}
	return counts
}
