package team

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/bcrypt"
)

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 10

var validName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$`)

// User is a team member as the API shows it.
type User struct {
	Name    string `json:"name"`
	Role    Role   `json:"role"`
	Created int64  `json:"created"` // Unix milliseconds
}

type userRecord struct {
	User
	Hash []byte `json:"hash"`
}

// HasUsers reports whether any user exists (false: the first admin is
// still to be created).
func (t *Team) HasUsers() (bool, error) {
	var any bool
	err := t.db.View(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bucketUsers).Cursor().First()
		any = k != nil
		return nil
	})
	return any, err
}

// CreateUser adds a user; actor is who does it, for the audit trail.
func (t *Team) CreateUser(actor, name, password string, role Role) (User, error) {
	if !validName.MatchString(name) {
		return User{}, fmt.Errorf("user name %q: use 1-64 letters, digits, '.', '_', '@' or '-'", name)
	}
	if _, ok := roleNames[role]; !ok {
		return User{}, fmt.Errorf("unknown role %v", role)
	}
	hash, err := hashPassword(password)
	if err != nil {
		return User{}, err
	}
	u := User{Name: name, Role: role, Created: t.now().UnixMilli()}
	err = t.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketUsers)
		if b.Get([]byte(name)) != nil {
			return fmt.Errorf("a user called %q exists", name)
		}
		return putJSON(b, name, userRecord{User: u, Hash: hash})
	})
	if err != nil {
		return User{}, err
	}
	return u, t.record(actor, "user.create", "user", name, "role "+role.String())
}

func hashPassword(password string) ([]byte, error) {
	if len(password) < MinPasswordLen {
		return nil, fmt.Errorf("a password needs at least %d characters", MinPasswordLen)
	}
	if len(password) > 72 {
		return nil, errors.New("a password may have at most 72 bytes")
	}
	return bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
}

// Authenticate checks a user name and password.
func (t *Team) Authenticate(name, password string) (User, error) {
	rec, err := t.user(name)
	if err != nil {
		// Spend the same time as a real check, so timing tells no names.
		_ = bcrypt.CompareHashAndPassword(t.dummy, []byte(password))
		return User{}, ErrUnauthenticated
	}
	if bcrypt.CompareHashAndPassword(rec.Hash, []byte(password)) != nil {
		return User{}, ErrUnauthenticated
	}
	return rec.User, nil
}

func (t *Team) user(name string) (userRecord, error) {
	var rec userRecord
	err := t.db.View(func(tx *bolt.Tx) error {
		return getUser(tx.Bucket(bucketUsers), name, &rec)
	})
	return rec, err
}

// Users lists every user.
func (t *Team) Users() ([]User, error) {
	out := []User{}
	err := t.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketUsers).ForEach(func(_, v []byte) error {
			var rec userRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return err
			}
			out = append(out, rec.User)
			return nil
		})
	})
	return out, err
}

// SetRole changes a user's role. The last admin keeps theirs.
func (t *Team) SetRole(actor, name string, role Role) error {
	if _, ok := roleNames[role]; !ok {
		return fmt.Errorf("unknown role %v", role)
	}
	err := t.updateUser(name, func(tx *bolt.Tx, rec *userRecord) error {
		if rec.Role == Admin && role != Admin {
			if err := keepAnAdmin(tx, name); err != nil {
				return err
			}
		}
		rec.Role = role
		return nil
	})
	if err != nil {
		return err
	}
	return t.record(actor, "user.role", "user", name, "role "+role.String())
}

// SetPassword replaces a user's password and ends their sessions.
func (t *Team) SetPassword(actor, name, password string) error {
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	err = t.updateUser(name, func(tx *bolt.Tx, rec *userRecord) error {
		rec.Hash = hash
		return deleteGrants(tx.Bucket(bucketSessions), name)
	})
	if err != nil {
		return err
	}
	return t.record(actor, "user.password", "user", name, "")
}

// DeleteUser removes a user with their sessions and tokens, and what
// OnDeleteUser's function forgets, in one transaction. The last admin
// stays.
func (t *Team) DeleteUser(actor, name string) error {
	err := t.db.Update(func(tx *bolt.Tx) error {
		var rec userRecord
		if err := getUser(tx.Bucket(bucketUsers), name, &rec); err != nil {
			return err
		}
		if rec.Role == Admin {
			if err := keepAnAdmin(tx, name); err != nil {
				return err
			}
		}
		if err := deleteGrants(tx.Bucket(bucketSessions), name); err != nil {
			return err
		}
		if err := deleteGrants(tx.Bucket(bucketTokens), name); err != nil {
			return err
		}
		if t.forget != nil {
			if err := t.forget(tx, name); err != nil {
				return fmt.Errorf("delete user %q: %w", name, err)
			}
		}
		return tx.Bucket(bucketUsers).Delete([]byte(name))
	})
	if err != nil {
		return err
	}
	return t.record(actor, "user.delete", "user", name, "")
}

func (t *Team) updateUser(name string, edit func(tx *bolt.Tx, rec *userRecord) error) error {
	return t.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketUsers)
		var rec userRecord
		if err := getUser(b, name, &rec); err != nil {
			return err
		}
		if err := edit(tx, &rec); err != nil {
			return err
		}
		return putJSON(b, name, rec)
	})
}

// keepAnAdmin refuses when name is the only admin.
func keepAnAdmin(tx *bolt.Tx, name string) error {
	admins := 0
	err := tx.Bucket(bucketUsers).ForEach(func(k, v []byte) error {
		var rec userRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return err
		}
		if rec.Role == Admin && string(k) != name {
			admins++
		}
		return nil
	})
	if err == nil && admins == 0 {
		err = fmt.Errorf("%q is the last admin: make another user admin first", name)
	}
	return err
}

func putJSON(b *bolt.Bucket, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), data)
}

func getUser(b *bolt.Bucket, name string, rec *userRecord) error {
	raw := b.Get([]byte(name))
	if raw == nil {
		return fmt.Errorf("no user %q", name)
	}
	return json.Unmarshal(raw, rec)
}

func digestOf(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
