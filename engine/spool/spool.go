package spool

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/boltfile"
)

// ErrLocked is wrapped by Open's error when another process holds the
// file.
var ErrLocked = errors.New("is in use by another weft process; give this one its own --spool FILE")

// ErrNotSpool is wrapped by Open's error for a file that is not a weft
// spool: corrupt, or another program's (or another weft store's) file.
var ErrNotSpool = errors.New("is not a weft spool file")

// ErrNewerSchema is wrapped by Open's error for a spool written by a newer
// weft, whose layout this build does not know.
var ErrNewerSchema = errors.New("was written by a newer weft")

// ErrNotFound is wrapped by the errors of DeadLetter, Replay and Purge for
// an id that is not a dead letter.
var ErrNotFound = errors.New("no such dead letter")

// lockTimeout is how long Open waits for another process to let go.
const lockTimeout = time.Second

// maxBatchDelay is the longest a write waits for others to share its
// commit; bbolt's default (10ms) would be most of a webhook's answer time.
const maxBatchDelay = time.Millisecond

const (
	schemaVersion = 1
	kindValue     = "weft-spool"
)

var (
	metaBucket    = []byte("meta")
	pendingBucket = []byte("pending")
	deadBucket    = []byte("dead")
	kindKey       = []byte("kind")
	versionKey    = []byte("version")
)

// Spool is an open spool file. It is safe for concurrent use.
type Spool struct {
	db   *bolt.DB
	path string

	mu sync.Mutex
	// busy holds the keys of pending entries whose work runs in this
	// process, so that Redeliver leaves them alone.
	busy map[string]bool
	// wake is closed (and replaced) when entries may have become due:
	// a retry scheduled, a run cancelled, a dead letter replayed.
	wake chan struct{}
}

// Open opens or creates the spool file at path (its directory too).
func Open(path string) (*Spool, error) {
	db, err := boltfile.Open(path, boltfile.Options{Timeout: lockTimeout, Schema: initSchema})
	switch {
	case errors.Is(err, boltfile.ErrLocked):
		return nil, fmt.Errorf("spool %s %w", path, ErrLocked)
	case errors.Is(err, boltfile.ErrInvalid):
		return nil, fmt.Errorf("spool %s %w (%v)", path, ErrNotSpool, err)
	case errors.Is(err, ErrNotSpool), errors.Is(err, ErrNewerSchema):
		return nil, fmt.Errorf("spool %s %w", path, errors.Unwrap(err))
	case err != nil:
		return nil, fmt.Errorf("open spool: %w", err)
	}
	// Accepts and settles are batched: one fsync for those arriving
	// within maxBatchDelay of each other.
	db.MaxBatchDelay = maxBatchDelay
	return &Spool{db: db, path: path, busy: map[string]bool{}, wake: make(chan struct{})}, nil
}

// initSchema makes a new file a spool and checks an old one is.
func initSchema(tx *bolt.Tx) error {
	meta := tx.Bucket(metaBucket)
	if meta == nil {
		empty := true
		_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
		if !empty {
			return ErrNotSpool
		}
		var err error
		if meta, err = tx.CreateBucket(metaBucket); err != nil {
			return err
		}
		if err := meta.Put(kindKey, []byte(kindValue)); err != nil {
			return err
		}
	}
	if !bytes.Equal(meta.Get(kindKey), []byte(kindValue)) {
		return ErrNotSpool
	}
	if v := meta.Get(versionKey); len(v) == 8 && binary.BigEndian.Uint64(v) > schemaVersion {
		return fmt.Errorf("%w (schema %d, this build knows %d)", ErrNewerSchema, binary.BigEndian.Uint64(v), schemaVersion)
	}
	if err := meta.Put(versionKey, binary.BigEndian.AppendUint64(nil, schemaVersion)); err != nil {
		return err
	}
	for _, name := range [][]byte{pendingBucket, deadBucket} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

// Path returns the spool file's path.
func (s *Spool) Path() string { return s.path }

// Close releases the file and its lock.
func (s *Spool) Close() error { return s.db.Close() }

// SpoolDepth returns how many accepted messages are pending: not yet
// finished or dead-lettered (app/ops.Backlog).
func (s *Spool) SpoolDepth() (int64, error) { return s.count(pendingBucket) }

// DeadLetters returns how many dead letters the spool holds
// (app/ops.Backlog).
func (s *Spool) DeadLetters() (int64, error) { return s.count(deadBucket) }

func (s *Spool) count(bucket []byte) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		n = int64(tx.Bucket(bucket).Stats().KeyN)
		return nil
	})
	return n, err
}

// signal returns the channel closed at the next wake-up.
func (s *Spool) signal() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wake
}

// wakeUp tells every Redeliver to look again.
func (s *Spool) wakeUp() {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.wake)
	s.wake = make(chan struct{})
}

// setBusy marks keys as worked on in this process, or no longer.
func (s *Spool) setBusy(busy bool, keys ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range keys {
		if busy {
			s.busy[k] = true
		} else {
			delete(s.busy, k)
		}
	}
}
