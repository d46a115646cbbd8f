package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// RunInfo describes a run record for lists.
type RunInfo struct {
	ID        string `json:"id"`
	FlowID    string `json:"flowId"`
	Status    string `json:"status"`
	StartedAt int64  `json:"startedAt"` // Unix milliseconds
	EndedAt   int64  `json:"endedAt"`   // Unix milliseconds; 0 while running
	// Messages counts the messages the run's nodes emitted, Errors the
	// messages they failed; Error is why the run failed, if it did.
	Messages int64  `json:"messages"`
	Errors   int64  `json:"errors"`
	Error    string `json:"error,omitempty"`
}

// PutRun stores or replaces a run's info and its record data (the
// runtime's Record as JSON) in one transaction.
func (s *Store) PutRun(r RunInfo, data []byte) error {
	if r.ID == "" {
		return errors.New("put run: the run has no id")
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		id := []byte(r.ID)
		infos, index := tx.Bucket(bucketRunInfo), tx.Bucket(bucketRunIndex)
		if raw := infos.Get(id); raw != nil {
			var old RunInfo
			if err := json.Unmarshal(raw, &old); err != nil {
				return err
			}
			if b := index.Bucket([]byte(old.FlowID)); b != nil {
				if err := b.Delete(runKey(old)); err != nil {
					return err
				}
			}
		}
		byFlow, err := index.CreateBucketIfNotExists([]byte(r.FlowID))
		if err != nil {
			return err
		}
		if err := byFlow.Put(runKey(r), id); err != nil {
			return err
		}
		if err := putJSON(infos, id, r); err != nil {
			return err
		}
		return tx.Bucket(bucketRuns).Put(id, data)
	})
	if err != nil {
		return fmt.Errorf("put run %q: %w", r.ID, err)
	}
	return nil
}

// runKey orders a flow's runs by start time, then id.
func runKey(r RunInfo) []byte {
	return append(binary.BigEndian.AppendUint64(nil, uint64(max(r.StartedAt, 0))), r.ID...)
}

// Run returns a run's record data.
func (s *Store) Run(id string) ([]byte, error) {
	var data []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketRunInfo).Get([]byte(id)) == nil {
			return fmt.Errorf("run %q: %w", id, ErrNotFound)
		}
		data = append([]byte{}, tx.Bucket(bucketRuns).Get([]byte(id))...)
		return nil
	})
	return data, err
}

// Runs lists a flow's runs, newest first, at most limit of them (all when
// limit <= 0).
func (s *Store) Runs(flowID string, limit int) ([]RunInfo, error) {
	runs := []RunInfo{}
	err := s.WalkRuns(flowID, func(r RunInfo) bool {
		runs = append(runs, r)
		return limit <= 0 || len(runs) < limit
	})
	if err != nil {
		return nil, err
	}
	return runs, nil
}

// WalkRuns calls fn with a flow's runs, newest first, until fn returns
// false: a filter reads no more of the history than it keeps.
func (s *Store) WalkRuns(flowID string, fn func(RunInfo) bool) error {
	err := s.db.View(func(tx *bolt.Tx) error {
		byFlow := tx.Bucket(bucketRunIndex).Bucket([]byte(flowID))
		if byFlow == nil {
			return nil
		}
		infos := tx.Bucket(bucketRunInfo)
		c := byFlow.Cursor()
		for k, id := c.Last(); k != nil; k, id = c.Prev() {
			var r RunInfo
			if err := json.Unmarshal(infos.Get(id), &r); err != nil {
				return fmt.Errorf("run %q: %w", id, err)
			}
			if !fn(r) {
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("list runs of %q: %w", flowID, err)
	}
	return nil
}
