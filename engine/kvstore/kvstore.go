package kvstore

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/boltfile"
)

// ErrLocked is wrapped by Open's error when another process (or Store)
// holds the file.
var ErrLocked = errors.New("state file is in use")

// ErrNewerSchema is wrapped by Open's error for a file written by a newer
// Weft, whose layout this build does not know.
var ErrNewerSchema = errors.New("state file was written by a newer Weft")

// ErrScope is returned for an empty scope name.
var ErrScope = errors.New("empty scope")

const (
	lockTimeout   = 500 * time.Millisecond
	schemaVersion = 1
	// sweepEvery is how many recorded keys trigger a sweep of a scope.
	sweepEvery = 1024
)

var (
	metaBucket = []byte("meta")
	seenBucket = []byte("seen")
	versionKey = []byte("version")
)

// Store is an open state file. It is safe for concurrent use.
type Store struct {
	db     *bolt.DB
	path   string
	writes atomic.Int64
}

// Open opens or creates the state file at path (its directory too).
func Open(path string) (*Store, error) {
	db, err := boltfile.Open(path, boltfile.Options{Timeout: lockTimeout, Schema: initSchema})
	if errors.Is(err, boltfile.ErrLocked) {
		return nil, fmt.Errorf("%w: %s", ErrLocked, path)
	}
	if err != nil {
		return nil, err
	}
	return &Store{db: db, path: path}, nil
}

func initSchema(tx *bolt.Tx) error {
	meta, err := tx.CreateBucketIfNotExists(metaBucket)
	if err != nil {
		return err
	}
	if v := meta.Get(versionKey); len(v) == 8 && binary.BigEndian.Uint64(v) > schemaVersion {
		return fmt.Errorf("%w (schema %d, this build knows %d)", ErrNewerSchema, binary.BigEndian.Uint64(v), schemaVersion)
	}
	if err := meta.Put(versionKey, binary.BigEndian.AppendUint64(nil, schemaVersion)); err != nil {
		return err
	}
	_, err = tx.CreateBucketIfNotExists(seenBucket)
	return err
}

// Path returns the state file's path.
func (s *Store) Path() string { return s.path }

// Close releases the file and its lock.
func (s *Store) Close() error { return s.db.Close() }

// SeenBefore reports whether key was recorded in scope and has not expired
// at now. When it was not, it records key as seen at now, expiring after
// window, and returns false: the first message with a key passes, the
// others within the window are duplicates. The window is fixed when the
// key is recorded; later sightings do not extend it.
func (s *Store) SeenBefore(ctx context.Context, scope, key string, window time.Duration, now time.Time) (bool, error) {
	if scope == "" {
		return false, ErrScope
	}
	if err := ctx.Err(); err != nil {
		return false, err
	}
	seen := false
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.Bucket(seenBucket).CreateBucketIfNotExists(storedKey(scope))
		if err != nil {
			return err
		}
		k := storedKey(key)
		if v := b.Get(k); v != nil && !expired(v, now) {
			seen = true
			return nil
		}
		if s.writes.Add(1)%sweepEvery == 0 {
			if _, err := sweep(b, now); err != nil {
				return err
			}
		}
		return b.Put(k, entry(now, window))
	})
	if err != nil {
		return false, fmt.Errorf("dedupe state %s: %w", s.path, err)
	}
	return seen, nil
}

// Expire deletes every key that has expired at now, in every scope, and
// returns how many it deleted.
func (s *Store) Expire(now time.Time) (int, error) {
	n := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		root := tx.Bucket(seenBucket)
		return root.ForEachBucket(func(name []byte) error {
			k, err := sweep(root.Bucket(name), now)
			n += k
			return err
		})
	})
	return n, err
}

// Len returns how many keys scope holds, expired or not.
func (s *Store) Len(scope string) (int, error) {
	n := 0
	err := s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(seenBucket).Bucket(storedKey(scope)); b != nil {
			n = b.Stats().KeyN
		}
		return nil
	})
	return n, err
}

// sweep deletes the expired keys of b.
func sweep(b *bolt.Bucket, now time.Time) (int, error) {
	var old [][]byte
	err := b.ForEach(func(k, v []byte) error {
		if expired(v, now) {
			old = append(old, k)
		}
		return nil
	})
	for _, k := range old {
		if err == nil {
			err = b.Delete(k)
		}
	}
	return len(old), err
}

// maxPlainKey is the longest key stored as it is; longer ones (a whole
// payload, say) are stored as their SHA-256, within bbolt's key limit.
const maxPlainKey = 256

// storedKey is key (or a scope name) as stored: prefixed, since bbolt
// refuses empty keys, and hashed when long.
func storedKey(key string) []byte {
	if len(key) > maxPlainKey {
		sum := sha256.Sum256([]byte(key))
		return append([]byte{'h'}, sum[:]...)
	}
	return append([]byte{'k'}, key...)
}

// entry encodes first-seen and expiry times as two big-endian Unix
// nanosecond counts.
func entry(now time.Time, window time.Duration) []byte {
	v := binary.BigEndian.AppendUint64(nil, uint64(now.UnixNano()))
	return binary.BigEndian.AppendUint64(v, uint64(now.Add(window).UnixNano()))
}

// expired reports whether the entry v has expired at now. A malformed
// entry counts as expired, so it is overwritten.
func expired(v []byte, now time.Time) bool {
	if len(v) != 16 {
		return true
	}
	return now.UnixNano() >= int64(binary.BigEndian.Uint64(v[8:]))
}
