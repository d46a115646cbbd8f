package store

import (
	"bytes"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Settings hold Studio's own state beside the flows: the unsaved draft,
// the recent flows, the window's place and the user's preferences. Each is
// one value under a key, written in one transaction; callers choose the
// encoding (JSON by convention).

// Setting returns the value stored under key, or nil when there is none.
func (s *Store) Setting(key string) ([]byte, error) {
	var out []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		out = bytes.Clone(tx.Bucket(bucketSettings).Get([]byte(key)))
		return nil
	})
	return out, err
}

// PutSetting stores value under key, replacing what was there.
func (s *Store) PutSetting(key string, value []byte) error {
	if key == "" {
		return errors.New("put setting: empty key")
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSettings).Put([]byte(key), value)
	})
	if err != nil {
		return fmt.Errorf("put setting %q: %w", key, err)
	}
	return nil
}

// DeleteSetting removes key; removing a missing key does nothing.
func (s *Store) DeleteSetting(key string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSettings).Delete([]byte(key))
	})
}

// DeleteSettingsIn removes keys within tx, a writable transaction of the
// store's DB, for callers that change their own buckets in the same
// transaction (app/team deleting a user with their workspace). Missing
// keys are skipped.
func DeleteSettingsIn(tx *bolt.Tx, keys ...string) error {
	b := tx.Bucket(bucketSettings)
	if b == nil {
		return errors.New("delete settings: the data file has no settings bucket")
	}
	for _, k := range keys {
		if err := b.Delete([]byte(k)); err != nil {
			return fmt.Errorf("delete setting %q: %w", k, err)
		}
	}
	return nil
}
