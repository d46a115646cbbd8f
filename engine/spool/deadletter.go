package spool

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/message"
)

// entry is a stored message, pending or dead.
type entry struct {
	Scope      string           `json:"scope"`
	Node       string           `json:"node"`
	Port       string           `json:"port"`
	Message    *message.Message `json:"message"`
	AcceptedAt int64            `json:"acceptedAt"` // Unix ms
	Attempts   int              `json:"attempts"`   // failed deliveries
	// Due is when a retry may start (Unix ms); zero at once.
	Due int64 `json:"due,omitempty"`
	// The last failure: the node where it failed and why.
	FailedNode   string `json:"failedNode,omitempty"`
	Error        string `json:"error,omitempty"`
	FirstFailure int64  `json:"firstFailure,omitempty"`
	LastFailure  int64  `json:"lastFailure,omitempty"`
}

// key is where an entry of scope with message id is stored.
func key(scope, id string) string { return scope + "\x00" + id }

func decode(v []byte) (entry, error) {
	var e entry
	if err := json.Unmarshal(v, &e); err != nil {
		return e, fmt.Errorf("%w: a malformed entry: %v", ErrNotSpool, err)
	}
	return e, nil
}

// DeadLetter is a message whose work kept failing, with the reason.
type DeadLetter struct {
	// ID is the message id.
	ID string `json:"id"`
	// Scope is the flow (or "bundle/flow") that accepted it.
	Scope string `json:"flow"`
	// Trigger and Port are the source node that accepted it and its port.
	Trigger string `json:"trigger"`
	Port    string `json:"port"`
	// Node is the node where its work failed last, Error why.
	Node  string `json:"node"`
	Error string `json:"error"`
	// Attempts is how many deliveries failed.
	Attempts     int              `json:"attempts"`
	AcceptedAt   time.Time        `json:"acceptedAt"`
	FirstFailure time.Time        `json:"firstFailure"`
	LastFailure  time.Time        `json:"lastFailure"`
	Message      *message.Message `json:"message"`
}

func (e entry) deadLetter() DeadLetter {
	return DeadLetter{ID: e.Message.ID, Scope: e.Scope, Trigger: e.Node, Port: e.Port, Node: e.FailedNode,
		Error: e.Error, Attempts: e.Attempts, AcceptedAt: time.UnixMilli(e.AcceptedAt),
		FirstFailure: time.UnixMilli(e.FirstFailure), LastFailure: time.UnixMilli(e.LastFailure), Message: e.Message}
}

// ListDeadLetters returns the dead letters of scope (every scope when
// empty), oldest failure first.
func (s *Spool) ListDeadLetters(scope string) ([]DeadLetter, error) {
	var out []DeadLetter
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(deadBucket).ForEach(func(_, v []byte) error {
			e, err := decode(v)
			if err == nil && (scope == "" || e.Scope == scope) {
				out = append(out, e.deadLetter())
			}
			return err
		})
	})
	slices.SortStableFunc(out, func(a, b DeadLetter) int { return a.LastFailure.Compare(b.LastFailure) })
	return out, err
}

// DeadLetter returns the dead letter of message id.
func (s *Spool) DeadLetter(id string) (DeadLetter, error) {
	var d DeadLetter
	err := s.db.View(func(tx *bolt.Tx) error {
		_, v := findDead(tx, id)
		if v == nil {
			return fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		e, err := decode(v)
		d = e.deadLetter()
		return err
	})
	return d, err
}

// findDead returns the key and value of the dead letter of message id.
func findDead(tx *bolt.Tx, id string) (k, v []byte) {
	c := tx.Bucket(deadBucket).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if _, got, _ := strings.Cut(string(k), "\x00"); got == id {
			return k, v
		}
	}
	return nil, nil
}

// Replay puts the dead letters of the ids back in the spool to be
// delivered again with their attempts reset: at once by a Redeliver of
// their scope and trigger running in this process, else at the next start.
// An unknown id changes nothing and fails with ErrNotFound.
func (s *Spool) Replay(ids ...string) error {
	err := s.eachDead(ids, func(tx *bolt.Tx, k, v []byte) error {
		e, err := decode(v)
		if err != nil {
			return err
		}
		e.Attempts, e.Due, e.FailedNode, e.Error, e.FirstFailure, e.LastFailure = 0, 0, "", "", 0, 0
		data, err := json.Marshal(e)
		if err != nil {
			return err
		}
		return tx.Bucket(pendingBucket).Put(k, data)
	})
	if err == nil {
		s.wakeUp()
	}
	return err
}

// Purge deletes the dead letters of the ids. An unknown id changes
// nothing and fails with ErrNotFound.
func (s *Spool) Purge(ids ...string) error {
	return s.eachDead(ids, func(*bolt.Tx, []byte, []byte) error { return nil })
}

// eachDead calls f for the dead letter of each id and deletes it, in one
// transaction.
func (s *Spool) eachDead(ids []string, f func(tx *bolt.Tx, k, v []byte) error) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		dead := tx.Bucket(deadBucket)
		found := map[string][]byte{} // id → key
		_ = dead.ForEach(func(k, _ []byte) error {
			_, id, _ := strings.Cut(string(k), "\x00")
			found[id] = slices.Clone(k)
			return nil
		})
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				continue // named twice: once is enough
			}
			seen[id] = true
			k := found[id]
			v := dead.Get(k)
			if k == nil || v == nil {
				return fmt.Errorf("%w: %s", ErrNotFound, id)
			}
			if err := f(tx, k, slices.Clone(v)); err != nil {
				return err
			}
			if err := dead.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}
