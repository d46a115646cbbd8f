package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// ErrLocked is wrapped by Open's error when another Weft Studio holds the
// file; the error reads "Weft Studio is already running with <path>".
var ErrLocked = errors.New("Weft Studio is already running")

// ErrNewerSchema is wrapped by Open's error for a file written by a newer
// Weft, whose schema this build does not know.
var ErrNewerSchema = errors.New("database was written by a newer Weft")

// ErrNotFound is wrapped by lookups of a flow, flow version or run that
// does not exist.
var ErrNotFound = errors.New("not found")

// lockTimeout is how long Open waits for another process's lock.
const lockTimeout = 500 * time.Millisecond

// Store is an open Weft data file. It is safe for concurrent use.
type Store struct {
	db   *bolt.DB
	path string
	keys *sealer
}

// DefaultPath is the data file Studio uses: $WEFT_DATA when set (a file
// path), else weft/weft.db under os.UserConfigDir().
func DefaultPath() (string, error) {
	if p := os.Getenv("WEFT_DATA"); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the data directory (set WEFT_DATA to choose a file): %w", err)
	}
	return filepath.Join(dir, "weft", "weft.db"), nil
}

// Open opens or creates the data file at path and upgrades its schema.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("%w with %s", ErrLocked, path)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := db.Update(migrate); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return &Store{db: db, path: path, keys: &sealer{path: path + ".key"}}, nil
}

// Path returns the data file's path.
func (s *Store) Path() string { return s.path }

// Close releases the file and its lock.
func (s *Store) Close() error { return s.db.Close() }
