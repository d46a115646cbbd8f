package app

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// States of a fired alert.
const (
	// AlertFired is an alert whose rule is still crossed.
	AlertFired = "fired"
	// AlertResolved is an alert whose rule was back under its threshold
	// at a later check.
	AlertResolved = "resolved"
	// AlertFailed is a rule that could not be evaluated; it never
	// resolves.
	AlertFailed = "failed"
)

var (
	// bucketFiredAlerts keeps the fired alerts by sequence number.
	bucketFiredAlerts = []byte("firedAlerts")
	// bucketOpenAlerts maps rule id + flow id to the sequence numbers of
	// its alerts still fired.
	bucketOpenAlerts = []byte("openAlerts")
)

// maxFired is how many fired alerts the store keeps (the oldest go).
const maxFired = 500

func alertKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

func openKey(rule, flowID string) []byte { return []byte(rule + "\x00" + flowID) }

// noteAlert stores a fired alert. One the store refuses is kept in memory
// (listed, with the reason) so it is not lost.
func (s *Service) noteAlert(a FiredAlert) {
	if a.State == "" {
		a.State = AlertFired
	}
	err := s.store.DB().Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketFiredAlerts)
		if err != nil {
			return err
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		a.ID = fmt.Sprintf("%d", seq)
		if err := putAlert(b, seq, a); err != nil {
			return err
		}
		if seq > maxFired {
			if err := b.Delete(alertKey(seq - maxFired)); err != nil {
				return err
			}
		}
		if a.State != AlertFired {
			return nil
		}
		return editOpen(tx, openKey(a.Rule, a.FlowID), func(seqs []uint64) []uint64 { return append(seqs, seq) })
	})
	if err != nil {
		a.DeliveryError = joinReasons(a.DeliveryError, "not stored: "+err.Error())
		s.meter.keepUnsaved(a)
	}
}

func putAlert(b *bolt.Bucket, seq uint64, a FiredAlert) error {
	data, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return b.Put(alertKey(seq), data)
}

// editOpen replaces the open alerts of key with what edit makes of them.
func editOpen(tx *bolt.Tx, key []byte, edit func([]uint64) []uint64) error {
	b, err := tx.CreateBucketIfNotExists(bucketOpenAlerts)
	if err != nil {
		return err
	}
	var seqs []uint64
	if raw := b.Get(key); raw != nil {
		if err := json.Unmarshal(raw, &seqs); err != nil {
			return err
		}
	}
	seqs = edit(seqs)
	if len(seqs) == 0 {
		return b.Delete(key)
	}
	data, err := json.Marshal(seqs)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// resolveAlerts marks the alerts rule fired for flowID and that are still
// fired as resolved at (Unix ms).
func (s *Service) resolveAlerts(rule, flowID string, at int64) error {
	key := openKey(rule, flowID)
	var open bool
	err := s.store.DB().View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOpenAlerts)
		open = b != nil && b.Get(key) != nil
		return nil
	})
	if err != nil || !open { // the common case: nothing to write
		return err
	}
	return s.store.DB().Update(func(tx *bolt.Tx) error {
		var seqs []uint64
		if err := editOpen(tx, key, func(open []uint64) []uint64 { seqs = open; return nil }); err != nil {
			return err
		}
		alerts := tx.Bucket(bucketFiredAlerts)
		for _, seq := range seqs {
			raw := alerts.Get(alertKey(seq))
			if raw == nil {
				continue // pruned
			}
			var a FiredAlert
			if err := json.Unmarshal(raw, &a); err != nil {
				return err
			}
			a.State, a.ResolvedAt = AlertResolved, at
			if err := putAlert(alerts, seq, a); err != nil {
				return err
			}
		}
		return nil
	})
}

// ListAlerts returns the fired alerts, newest first, with their state:
// fired, resolved (the rule was later back under its threshold) or
// failed (the rule could not be evaluated). They are kept in the store,
// so they outlive a restart.
func (s *Service) ListAlerts() ([]FiredAlert, error) {
	out := []FiredAlert{}
	err := s.store.DB().View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketFiredAlerts)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			var a FiredAlert
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("fired alert %d: %w", binary.BigEndian.Uint64(k), err)
			}
			out = append(out, a)
		}
		return nil
	})
	unsaved := s.meter.unsavedAlerts()
	slices.Reverse(unsaved)
	return append(unsaved, out...), err
}

// keepUnsaved keeps an alert the store refused, for ListAlerts.
func (m *meter) keepUnsaved(a FiredAlert) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.unsaved = append(m.unsaved, a)
	if len(m.unsaved) > maxFired {
		m.unsaved = m.unsaved[len(m.unsaved)-maxFired:]
	}
}

func (m *meter) unsavedAlerts() []FiredAlert {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.unsaved)
}

func joinReasons(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
