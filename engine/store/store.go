package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/boltfile"
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
	db, err := boltfile.Open(path, boltfile.Options{Timeout: lockTimeout, Schema: migrate})
	if errors.Is(err, boltfile.ErrLocked) {
		return nil, fmt.Errorf("%w with %s", ErrLocked, path)
	}
	if err != nil {
		return nil, err
	}
	return &Store{db: db, path: path, keys: &sealer{path: path + ".key"}}, nil
}

// Path returns the data file's path.
func (s *Store) Path() string { return s.path }

// Close releases the file and its lock.
func (s *Store) Close() error { return s.db.Close() }
