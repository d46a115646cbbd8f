package spool

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
)

// ErrNotJSON is wrapped by Accept's error for a message JSON cannot
// encode: it cannot be spooled, so it is refused.
var ErrNotJSON = errors.New("the message cannot be spooled as JSON")

// Retry defaults.
const (
	DefaultAttempts = 3
	DefaultBackoff  = time.Second
	// MaxBackoff caps the doubling wait between two attempts.
	MaxBackoff = time.Minute
)

// RetryPolicy says how often a message whose work failed unhandled is
// delivered again. Zero fields take the defaults.
type RetryPolicy struct {
	// Attempts is how many deliveries may fail before the message is
	// dead-lettered; 1 dead-letters at the first failure.
	Attempts int
	// Backoff is the wait before the first retry; it doubles for each
	// further one, up to MaxBackoff.
	Backoff time.Duration
	// OnDeadLetter, when set, is called after a message was
	// dead-lettered (to log it). Keep it short.
	OnDeadLetter func(DeadLetter)
	// SourceRedelivers names the trigger nodes whose source delivers
	// again what was never acknowledged (a queue consumer): their
	// cancelled entries are dropped instead of kept, so that a stop or a
	// swap does not deliver them twice.
	SourceRedelivers []string
}

// WithDefaults is p with its zero fields set to the defaults.
func (p RetryPolicy) WithDefaults() RetryPolicy {
	if p.Attempts <= 0 {
		p.Attempts = DefaultAttempts
	}
	if p.Backoff <= 0 {
		p.Backoff = DefaultBackoff
	}
	return p
}

// Wait is the backoff after the given number of failed attempts.
func (p RetryPolicy) Wait(failed int) time.Duration {
	d := p.Backoff
	for i := 1; i < failed && d < MaxBackoff; i++ {
		d *= 2
	}
	return min(d, MaxBackoff)
}

// Journal is the runtime.Journal of one scope of a spool.
type Journal struct {
	s     *Spool
	scope string
	p     RetryPolicy
	nodes Nodes
}

var _ runtime.Journal = (*Journal)(nil)

// Journal returns the journal of scope (the flow id, or "bundle/flow")
// retrying as p says. Journals of one scope share its entries. With
// nodes, only those source nodes are journaled: the tracked messages of
// others pass through unrecorded (a trigger whose source redelivers on its
// own, or that acknowledges only when the work is done, needs no spool).
func (s *Spool) Journal(scope string, p RetryPolicy, nodes ...string) *Journal {
	return &Journal{s: s, scope: scope, p: p.WithDefaults(), nodes: NodesOf(nodes...)}
}

// Nodes is the set of trigger nodes a journal records; nil records every
// node.
type Nodes map[string]bool

// NodesOf returns the set of the named nodes, nil (every node) for none.
func NodesOf(nodes ...string) Nodes {
	if len(nodes) == 0 {
		return nil
	}
	set := Nodes{}
	for _, n := range nodes {
		set[n] = true
	}
	return set
}

// Skips reports whether node's messages pass through unrecorded.
func (n Nodes) Skips(node string) bool { return n != nil && !n[node] }

// Accept implements runtime.Journal: it stores m, the trigger node and
// port before m enters the flow.
func (j *Journal) Accept(node, port string, m *message.Message) error {
	if j.nodes.Skips(node) {
		return nil
	}
	data, err := json.Marshal(entry{Scope: j.scope, Node: node, Port: port, Message: m, AcceptedAt: time.Now().UnixMilli()})
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotJSON, err)
	}
	k := key(j.scope, m.ID)
	j.s.setBusy(true, k)
	err = j.s.db.Batch(func(tx *bolt.Tx) error { return tx.Bucket(pendingBucket).Put([]byte(k), data) })
	if err != nil {
		j.s.setBusy(false, k)
		return fmt.Errorf("spool %s: %w", j.s.path, err)
	}
	return nil
}

// Settle implements runtime.Journal: success and handled failure remove
// the entry, an unhandled failure schedules a retry or dead-letters it, a
// cancellation leaves it pending. A write that fails leaves the entry
// pending too: it is delivered again at the next start.
func (j *Journal) Settle(node, id string, o registry.Outcome) {
	if j.nodes.Skips(node) {
		return
	}
	k := key(j.scope, id)
	var dead *entry
	var err error
	switch {
	case o.Status == registry.OutcomeSucceeded || o.Status == registry.OutcomeFailed && o.Handled:
		err = j.s.db.Batch(func(tx *bolt.Tx) error { return tx.Bucket(pendingBucket).Delete([]byte(k)) })
	case o.Status == registry.OutcomeFailed:
		dead, err = j.fail(k, o, time.Now())
	case slices.Contains(j.p.SourceRedelivers, node):
		err = j.s.db.Batch(func(tx *bolt.Tx) error { return tx.Bucket(pendingBucket).Delete([]byte(k)) })
	}
	j.s.setBusy(false, k)
	if o.Status != registry.OutcomeSucceeded && !o.Handled {
		j.s.wakeUp()
	}
	if err == nil && dead != nil && j.p.OnDeadLetter != nil {
		j.p.OnDeadLetter(dead.deadLetter())
	}
}

// fail records a failed delivery of the entry at k and returns the entry
// when it was dead-lettered.
func (j *Journal) fail(k string, o registry.Outcome, now time.Time) (*entry, error) {
	var dead *entry
	err := j.s.db.Batch(func(tx *bolt.Tx) error {
		dead = nil
		pending := tx.Bucket(pendingBucket)
		v := pending.Get([]byte(k))
		if v == nil {
			return nil
		}
		e, err := decode(v)
		if err != nil {
			return err
		}
		e.Attempts++
		e.FailedNode, e.Error, e.LastFailure = o.Node, errText(o.Err), now.UnixMilli()
		if e.FirstFailure == 0 {
			e.FirstFailure = e.LastFailure
		}
		to := pending
		if e.Attempts >= j.p.Attempts {
			to, dead = tx.Bucket(deadBucket), &e
			if err := pending.Delete([]byte(k)); err != nil {
				return err
			}
		} else {
			e.Due = now.Add(j.p.Wait(e.Attempts)).UnixMilli()
		}
		data, err := json.Marshal(e)
		if err != nil {
			return err
		}
		return to.Put([]byte(k), data)
	})
	return dead, err
}

func errText(err error) string {
	if err == nil {
		return "failed"
	}
	return err.Error()
}

// Redeliver implements runtime.Journal: it emits the pending entries of
// node nobody in this process works on and that are due, oldest first,
// and waits for more (a retry falling due, a replay, a cancelled run of
// another version of the flow) until ctx ends.
func (j *Journal) Redeliver(ctx context.Context, node string, emit func(port string, m *message.Message) error) error {
	if j.nodes.Skips(node) {
		<-ctx.Done()
		return nil
	}
	for {
		wake := j.s.signal()
		due, next, err := j.due(node, time.Now())
		if err != nil {
			return err
		}
		for i, e := range due {
			if ctx.Err() != nil {
				j.s.setBusy(false, keys(due[i:])...)
				j.s.wakeUp()
				return nil
			}
			// An error settles e as cancelled or failed: nothing is lost.
			_ = emit(e.Port, e.Message)
		}
		if !sleep(ctx, wake, next) {
			return nil
		}
	}
}

// sleep waits for a wake-up or for next (when not zero) and returns false
// when ctx ended first.
func sleep(ctx context.Context, wake <-chan struct{}, next time.Time) bool {
	var timer <-chan time.Time
	if !next.IsZero() {
		t := time.NewTimer(time.Until(next))
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-ctx.Done():
		return false
	case <-wake:
	case <-timer:
	}
	return true
}

// due returns, marked busy, the entries of node that are due at now and
// that nothing in this process works on, oldest first, and when the next
// one falls due (zero if none waits).
func (j *Journal) due(node string, now time.Time) ([]entry, time.Time, error) {
	var all []entry
	prefix := []byte(key(j.scope, ""))
	j.s.mu.Lock()
	defer j.s.mu.Unlock()
	err := j.s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(pendingBucket).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			e, err := decode(v)
			if err != nil {
				return err
			}
			if e.Node == node {
				all = append(all, e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("spool %s: %w", j.s.path, err)
	}
	var due []entry
	var next time.Time
	for _, e := range all {
		k := key(j.scope, e.Message.ID)
		switch {
		case j.s.busy[k]:
		case e.Due <= now.UnixMilli():
			j.s.busy[k] = true
			due = append(due, e)
		case next.IsZero() || time.UnixMilli(e.Due).Before(next):
			next = time.UnixMilli(e.Due)
		}
	}
	slices.SortStableFunc(due, func(a, b entry) int { return cmp.Compare(a.AcceptedAt, b.AcceptedAt) })
	return due, next, nil
}

func keys(es []entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = key(e.Scope, e.Message.ID)
	}
	return out
}
