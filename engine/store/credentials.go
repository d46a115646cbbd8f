package store

import (
	"context"
	"crypto/cipher"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/credential"
)

// StoredCredential is a credential with the time it was last saved.
type StoredCredential struct {
	credential.Credential
	UpdatedAt int64 `json:"updatedAt"` // Unix milliseconds
}

// credentialRecord is the plaintext of a sealed credentials entry.
type credentialRecord struct {
	Kind      credential.Kind   `json:"kind"`
	Fields    map[string]string `json:"fields"`
	UpdatedAt int64             `json:"updatedAt"`
}

var _ credential.Source = (*Store)(nil)

// SaveCredential validates c (credential.Validate) and stores it
// encrypted under its name, replacing a credential of the same name. The
// first save creates the key file (KeyPath).
func (s *Store) SaveCredential(c credential.Credential, nowMs int64) error {
	if err := credential.Validate(c); err != nil {
		return fmt.Errorf("save credential: %w", err)
	}
	plain, err := json.Marshal(credentialRecord{Kind: c.Kind, Fields: c.Fields, UpdatedAt: nowMs})
	if err != nil {
		return fmt.Errorf("save credential %q: %w", c.Name, err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCredentials)
		first, sealed := b.Cursor().First()
		aead, err := s.keys.cipher(first == nil)
		if err != nil {
			return err
		}
		if first != nil { // never mix keys: the key must open what is stored
			if _, err := open(aead, string(first), sealed); err != nil {
				return err
			}
		}
		sealed, err = seal(aead, c.Name, plain)
		if err != nil {
			return err
		}
		return b.Put([]byte(c.Name), sealed)
	})
	if err != nil {
		return fmt.Errorf("save credential %q: %w", c.Name, err)
	}
	return nil
}

// Credential returns the decrypted credential called name; a missing one
// wraps both ErrNotFound and credential.ErrNotFound. Store is a
// credential.Source.
func (s *Store) Credential(_ context.Context, name string) (credential.Credential, error) {
	var out StoredCredential
	err := s.db.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucketCredentials).Get([]byte(name))
		if raw == nil {
			return fmt.Errorf("%w: %w", ErrNotFound, credential.ErrNotFound)
		}
		aead, err := s.keys.cipher(false)
		if err != nil {
			return err
		}
		out, err = unseal(aead, name, raw)
		return err
	})
	if err != nil {
		return credential.Credential{}, fmt.Errorf("credential %q: %w", name, err)
	}
	return out.Credential, nil
}

// Credentials lists every credential, decrypted, sorted by name. Callers
// that show them must mask the secret fields (credential.IsSecret).
func (s *Store) Credentials() ([]StoredCredential, error) {
	out := []StoredCredential{}
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketCredentials).Cursor()
		var aead cipher.AEAD
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if aead == nil {
				var err error
				if aead, err = s.keys.cipher(false); err != nil {
					return err
				}
			}
			sc, err := unseal(aead, string(k), v)
			if err != nil {
				return err
			}
			out = append(out, sc)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list credentials: %w", err)
	}
	return out, nil
}

// DeleteCredential removes the credential called name; a missing one is
// ErrNotFound. The key file stays.
func (s *Store) DeleteCredential(name string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCredentials)
		if b.Get([]byte(name)) == nil {
			return fmt.Errorf("%w: %w", ErrNotFound, credential.ErrNotFound)
		}
		return b.Delete([]byte(name))
	})
	if err != nil {
		return fmt.Errorf("delete credential %q: %w", name, err)
	}
	return nil
}

func unseal(aead cipher.AEAD, name string, sealed []byte) (StoredCredential, error) {
	plain, err := open(aead, name, sealed)
	if err != nil {
		return StoredCredential{}, err
	}
	var r credentialRecord
	if err := json.Unmarshal(plain, &r); err != nil {
		return StoredCredential{}, fmt.Errorf("credential %q: %w", name, err)
	}
	if r.Fields == nil {
		r.Fields = map[string]string{}
	}
	return StoredCredential{
		Credential: credential.Credential{Name: name, Kind: r.Kind, Fields: r.Fields},
		UpdatedAt:  r.UpdatedAt,
	}, nil
}
