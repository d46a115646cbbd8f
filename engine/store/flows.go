package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/weftworks/weft/engine/flow"
)

// FlowInfo describes a saved flow for lists.
type FlowInfo struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Version   int    `json:"version"`
	UpdatedAt int64  `json:"updatedAt"` // Unix milliseconds
	Nodes     int    `json:"nodes"`
}

// HistoryEntry is one saved version of a flow.
type HistoryEntry struct {
	Version int    `json:"version"`
	SavedAt int64  `json:"savedAt"` // Unix milliseconds
	Summary string `json:"summary"`
}

// historyRecord is a history entry as stored, with the flow it saved.
type historyRecord struct {
	HistoryEntry
	Flow json.RawMessage `json:"flow"`
}

// SaveFlow stores f as the next version of flow f.ID, with a history entry
// summarizing the change, in one transaction. Saving a flow identical to
// the stored one records nothing and returns the current info.
func (s *Store) SaveFlow(f *flow.Flow, nowMs int64) (FlowInfo, error) {
	if f.ID == "" {
		return FlowInfo{}, errors.New("save flow: the flow has no id")
	}
	data, err := flow.Encode(f)
	if err != nil {
		return FlowInfo{}, fmt.Errorf("save flow %q: %w", f.ID, err)
	}
	var info FlowInfo
	err = s.db.Update(func(tx *bolt.Tx) error {
		id := []byte(f.ID)
		prev := tx.Bucket(bucketFlows).Get(id)
		var prevInfo FlowInfo
		if raw := tx.Bucket(bucketFlowInfo).Get(id); raw != nil {
			if err := json.Unmarshal(raw, &prevInfo); err != nil {
				return err
			}
		}
		if prev != nil && bytes.Equal(prev, data) {
			info = prevInfo
			return nil
		}
		var old *flow.Flow
		if prev != nil {
			if old, err = flow.Decode(prev); err != nil {
				return fmt.Errorf("read stored version: %w", err)
			}
		}
		info = FlowInfo{ID: f.ID, Name: f.Name, Version: prevInfo.Version + 1, UpdatedAt: nowMs, Nodes: len(f.Nodes)}
		entry := historyRecord{HistoryEntry{Version: info.Version, SavedAt: nowMs, Summary: flow.Summarize(old, f)}, data}
		return putFlow(tx, info, data, entry)
	})
	if err != nil {
		return FlowInfo{}, fmt.Errorf("save flow %q: %w", f.ID, err)
	}
	return info, nil
}

func putFlow(tx *bolt.Tx, info FlowInfo, data []byte, entry historyRecord) error {
	id := []byte(info.ID)
	if err := tx.Bucket(bucketFlows).Put(id, data); err != nil {
		return err
	}
	if err := putJSON(tx.Bucket(bucketFlowInfo), id, info); err != nil {
		return err
	}
	hist, err := tx.Bucket(bucketHistory).CreateBucketIfNotExists(id)
	if err != nil {
		return err
	}
	return putJSON(hist, versionKey(entry.Version), entry)
}

// Flow returns the current version of a flow.
func (s *Store) Flow(id string) (*flow.Flow, error) {
	var data []byte
	_ = s.db.View(func(tx *bolt.Tx) error {
		data = bytes.Clone(tx.Bucket(bucketFlows).Get([]byte(id)))
		return nil
	})
	if data == nil {
		return nil, fmt.Errorf("flow %q: %w", id, ErrNotFound)
	}
	return flow.Decode(data)
}

// Flows lists every flow, sorted by name and then id.
func (s *Store) Flows() ([]FlowInfo, error) {
	infos := []FlowInfo{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketFlowInfo).ForEach(func(_, v []byte) error {
			var info FlowInfo
			err := json.Unmarshal(v, &info)
			infos = append(infos, info)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list flows: %w", err)
	}
	slices.SortFunc(infos, func(a, b FlowInfo) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	return infos, nil
}

// DeleteFlow removes a flow and its history; its run records stay.
func (s *Store) DeleteFlow(id string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		key := []byte(id)
		if tx.Bucket(bucketFlows).Get(key) == nil {
			return fmt.Errorf("flow %q: %w", id, ErrNotFound)
		}
		if err := tx.Bucket(bucketFlows).Delete(key); err != nil {
			return err
		}
		if err := tx.Bucket(bucketFlowInfo).Delete(key); err != nil {
			return err
		}
		if err := tx.Bucket(bucketHistory).DeleteBucket(key); err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
			return err
		}
		return deleteSamples(tx, key)
	})
}

// History lists a flow's saved versions, newest first.
func (s *Store) History(id string) ([]HistoryEntry, error) {
	entries := []HistoryEntry{}
	err := s.db.View(func(tx *bolt.Tx) error {
		hist := tx.Bucket(bucketHistory).Bucket([]byte(id))
		if hist == nil {
			return fmt.Errorf("flow %q: %w", id, ErrNotFound)
		}
		c := hist.Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			var r historyRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			entries = append(entries, r.HistoryEntry)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return entries, nil
}

// FlowVersion returns a flow as it was saved in the given version.
func (s *Store) FlowVersion(id string, version int) (*flow.Flow, error) {
	var r historyRecord
	err := s.db.View(func(tx *bolt.Tx) error {
		var raw []byte
		if hist := tx.Bucket(bucketHistory).Bucket([]byte(id)); hist != nil && version > 0 {
			raw = hist.Get(versionKey(version))
		}
		if raw == nil {
			return fmt.Errorf("flow %q version %d: %w", id, version, ErrNotFound)
		}
		return json.Unmarshal(raw, &r)
	})
	if err != nil {
		return nil, err
	}
	return flow.Decode(r.Flow)
}

func versionKey(v int) []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(v))
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, raw)
}
