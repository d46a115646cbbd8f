package team

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// TokenPrefix starts every API token, so secret scanners can find them.
const TokenPrefix = "weft_"

// grant is a stored session or API token: whose it is, and until when.
type grant struct {
	ID      string `json:"id"` // the first 8 characters of the digest
	User    string `json:"user"`
	Label   string `json:"label,omitempty"`
	Created int64  `json:"created"`
	Expires int64  `json:"expires,omitempty"` // Unix ms; 0: until revoked
}

// TokenInfo describes an API token without its secret.
type TokenInfo struct {
	ID      string `json:"id"`
	User    string `json:"user"`
	Label   string `json:"label"`
	Created int64  `json:"created"`
}

func newSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	return TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// Login checks name and password and starts a session; the returned
// token goes in the session cookie. After MaxFailures failures for a name
// within LockOut it refuses that name with ErrTooManyAttempts.
func (t *Team) Login(name, password string) (string, User, error) {
	now := t.now()
	if t.logins.blocked(name, now) {
		return "", User{}, ErrTooManyAttempts
	}
	u, err := t.Authenticate(name, password)
	if err != nil {
		t.logins.fail(name, now)
		return "", User{}, err
	}
	t.logins.reset(name)
	token := newSecret()
	g := grant{User: u.Name, Created: now.UnixMilli(), Expires: now.Add(SessionTTL).UnixMilli()}
	if err := t.putGrant(bucketSessions, token, g); err != nil {
		return "", User{}, err
	}
	return token, u, nil
}

// Logout ends the session of token.
func (t *Team) Logout(token string) error {
	return t.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSessions).Delete([]byte(digestOf(token)))
	})
}

// SessionUser returns the user of a live session.
func (t *Team) SessionUser(token string) (User, error) {
	return t.grantUser(bucketSessions, token)
}

// TokenUser returns the user of an API token.
func (t *Team) TokenUser(token string) (User, error) {
	return t.grantUser(bucketTokens, token)
}

// CreateToken makes an API token for user; the token is shown this once.
func (t *Team) CreateToken(user, label string) (string, TokenInfo, error) {
	token := newSecret()
	g := grant{User: user, Label: label, Created: t.now().UnixMilli()}
	if err := t.putGrant(bucketTokens, token, g); err != nil {
		return "", TokenInfo{}, err
	}
	g.ID = digestOf(token)[:8]
	return token, TokenInfo{ID: g.ID, User: user, Label: label, Created: g.Created},
		t.record(user, "token.create", "user", user, "token "+g.ID+" "+label)
}

// Tokens lists the API tokens of user, or of everyone when user is "".
func (t *Team) Tokens(user string) ([]TokenInfo, error) {
	out := []TokenInfo{}
	err := t.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTokens).ForEach(func(_, v []byte) error {
			var g grant
			if err := json.Unmarshal(v, &g); err != nil {
				return err
			}
			if user == "" || g.User == user {
				out = append(out, TokenInfo{ID: g.ID, User: g.User, Label: g.Label, Created: g.Created})
			}
			return nil
		})
	})
	return out, err
}

// RevokeToken deletes the token with id; only its owner or an admin may.
func (t *Team) RevokeToken(actor User, id string) error {
	err := t.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTokens)
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var g grant
			if err := json.Unmarshal(v, &g); err != nil {
				return err
			}
			if g.ID != id {
				continue
			}
			if g.User != actor.Name && actor.Role != Admin {
				return fmt.Errorf("token %s: %w: it belongs to another user", id, ErrForbidden)
			}
			return b.Delete(k)
		}
		return fmt.Errorf("no token %s", id)
	})
	if err != nil {
		return err
	}
	return t.record(actor.Name, "token.revoke", "user", actor.Name, "token "+id)
}

func (t *Team) putGrant(bucket []byte, token string, g grant) error {
	d := digestOf(token)
	g.ID = d[:8]
	data, err := json.Marshal(g)
	if err != nil {
		return err
	}
	return t.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).Put([]byte(d), data)
	})
}

// grantUser looks a token up and returns its user as stored now, so a
// changed role applies at once and a deleted user is logged out.
func (t *Team) grantUser(bucket []byte, token string) (User, error) {
	if token == "" {
		return User{}, ErrUnauthenticated
	}
	var rec userRecord
	err := t.db.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucket).Get([]byte(digestOf(token)))
		if raw == nil {
			return ErrUnauthenticated
		}
		var g grant
		if err := json.Unmarshal(raw, &g); err != nil {
			return err
		}
		if g.Expires != 0 && t.now().UnixMilli() > g.Expires {
			return ErrUnauthenticated
		}
		if getUser(tx.Bucket(bucketUsers), g.User, &rec) != nil {
			return ErrUnauthenticated
		}
		return nil
	})
	return rec.User, err
}

// deleteGrants removes every grant of user from b.
func deleteGrants(b *bolt.Bucket, user string) error {
	var keys [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var g grant
		if err := json.Unmarshal(v, &g); err != nil {
			return err
		}
		if g.User == user {
			keys = append(keys, append([]byte(nil), k...))
		}
		return nil
	})
	for _, k := range keys {
		if err == nil {
			err = b.Delete(k)
		}
	}
	return err
}
