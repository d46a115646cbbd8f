package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Sample is a named set of sample records for one node of a flow, kept as
// the text the user pasted or loaded (Format: auto, json, ndjson, csv or
// xml).
type Sample struct {
	FlowID    string `json:"flowId"`
	NodeID    string `json:"nodeId"`
	Name      string `json:"name"`
	Format    string `json:"format"`
	Text      string `json:"text"`
	UpdatedAt int64  `json:"updatedAt"` // Unix milliseconds
}

// sampleKey is node id, a zero byte, and the name: a node's samples sort
// together, by name.
func sampleKey(nodeID, name string) []byte {
	return append(append([]byte(nodeID), 0), name...)
}

// SaveSample stores s, replacing the sample of the same flow, node and
// name.
func (s *Store) SaveSample(sm Sample) error {
	if sm.FlowID == "" || sm.NodeID == "" || sm.Name == "" {
		return errors.New("save sample: a sample needs a flow id, a node id and a name")
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.Bucket(bucketSamples).CreateBucketIfNotExists([]byte(sm.FlowID))
		if err != nil {
			return err
		}
		return putJSON(b, sampleKey(sm.NodeID, sm.Name), sm)
	})
	if err != nil {
		return fmt.Errorf("save sample %q: %w", sm.Name, err)
	}
	return nil
}

// Samples lists a node's samples by name; an empty nodeID lists every
// sample of the flow.
func (s *Store) Samples(flowID, nodeID string) ([]Sample, error) {
	out := []Sample{}
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSamples).Bucket([]byte(flowID))
		if b == nil {
			return nil
		}
		prefix := []byte{}
		if nodeID != "" {
			prefix = sampleKey(nodeID, "")
		}
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var sm Sample
			if err := json.Unmarshal(v, &sm); err != nil {
				return fmt.Errorf("sample %q: %w", k, err)
			}
			out = append(out, sm)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list samples of %q: %w", flowID, err)
	}
	return out, nil
}

// DeleteSample removes a sample; a missing one is ErrNotFound.
func (s *Store) DeleteSample(flowID, nodeID, name string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSamples).Bucket([]byte(flowID))
		key := sampleKey(nodeID, name)
		if b == nil || b.Get(key) == nil {
			return fmt.Errorf("sample %q of node %q: %w", name, nodeID, ErrNotFound)
		}
		return b.Delete(key)
	})
}

// deleteSamples removes every sample of a flow, in tx.
func deleteSamples(tx *bolt.Tx, flowID []byte) error {
	err := tx.Bucket(bucketSamples).DeleteBucket(flowID)
	if errors.Is(err, berrors.ErrBucketNotFound) {
		return nil
	}
	return err
}
