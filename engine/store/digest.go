package store

import (
	"crypto/sha256"
	"encoding/hex"

	bolt "go.etcd.io/bbolt"
)

// DB returns the open bbolt file, for packages that keep buckets of their
// own in it (the audit trail, team mode's users). They must not touch the
// buckets this package owns.
func (s *Store) DB() *bolt.DB { return s.db }

// FlowDigest returns the hex SHA-256 of the stored canonical flow id, or
// "" when there is none.
func (s *Store) FlowDigest(id string) (string, error) {
	return s.digest(bucketFlows, id)
}

// CredentialDigest returns the hex SHA-256 of the sealed credential name
// as stored, or "" when there is none. It reveals nothing of the
// credential's fields: what it hashes is ciphertext under a fresh nonce,
// so every save gives a new digest.
func (s *Store) CredentialDigest(name string) (string, error) {
	return s.digest(bucketCredentials, name)
}

func (s *Store) digest(bucket []byte, key string) (string, error) {
	var out string
	err := s.db.View(func(tx *bolt.Tx) error {
		if raw := tx.Bucket(bucket).Get([]byte(key)); raw != nil {
			sum := sha256.Sum256(raw)
			out = hex.EncodeToString(sum[:])
		}
		return nil
	})
	return out, err
}
