package boltfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// ErrLocked is wrapped by Open's error when another process holds the
// file past the lock timeout.
var ErrLocked = errors.New("the file is held by another process")

// ErrInvalid is wrapped by Open's error when the file is not a bbolt file
// (or is one of another version, or damaged).
var ErrInvalid = errors.New("not a bbolt file")

// DefaultTimeout is how long Open waits for a lock when no timeout is
// given.
const DefaultTimeout = 500 * time.Millisecond

// Options say how to open a file.
type Options struct {
	// Timeout is how long to wait for another process's lock;
	// DefaultTimeout when zero.
	Timeout time.Duration
	// Schema checks or sets up the file's schema in the first update
	// transaction; its error closes the file and is returned as is,
	// wrapped with the path.
	Schema func(*bolt.Tx) error
}

// Open opens or creates the bbolt file at path (see the package comment).
func Open(path string, o Options) (*bolt.DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create the directory of %s: %w", path, err)
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: o.Timeout})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("%s: %w", path, ErrLocked)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
		return nil, fmt.Errorf("%s: %w (%v)", path, ErrInvalid, err)
	case err != nil:
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if o.Schema != nil {
		if err := db.Update(o.Schema); err != nil {
			_ = db.Close()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	return db, nil
}
