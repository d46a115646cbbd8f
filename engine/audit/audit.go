package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Bucket is the bucket of the bbolt file that holds the trail.
var Bucket = []byte("audit")

// ErrNoActor is returned by Append for an entry that names no actor.
var ErrNoActor = errors.New("an audit entry needs an actor")

// Entry is one recorded change. Before and After are hex SHA-256 digests
// of the changed thing ("" where it did not exist); Time is Unix
// milliseconds.
type Entry struct {
	Seq    uint64 `json:"seq"`
	Time   int64  `json:"time"`
	Actor  string `json:"actor"`
	Action string `json:"action"` // e.g. "flow.save", "credential.delete"
	Kind   string `json:"kind"`   // flow, credential, bundle, deployment, user, approval
	Target string `json:"target"` // the id or name of the changed thing
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
	Detail string `json:"detail,omitempty"`
	Prev   string `json:"prev"`
	Hash   string `json:"hash"`
}

// Sum returns the hash e should carry: SHA-256 of its JSON with Hash
// empty.
func (e Entry) Sum() string {
	e.Hash = ""
	data, _ := json.Marshal(e) // a struct of strings and ints always encodes
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Log appends to and reads the trail kept in a bbolt file.
type Log struct {
	db  *bolt.DB
	now func() time.Time
}

// New returns the log kept in db's Bucket, created by the first Append.
func New(db *bolt.DB) *Log {
	return &Log{db: db, now: time.Now}
}

// Append records e as the next entry, filling Seq, Time (when zero), Prev
// and Hash, and returns it as stored.
func (l *Log) Append(e Entry) (Entry, error) {
	if e.Actor == "" {
		return Entry{}, ErrNoActor
	}
	if e.Time == 0 {
		e.Time = l.now().UnixMilli()
	}
	err := l.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(Bucket)
		if err != nil {
			return err
		}
		e.Seq, e.Prev = 1, ""
		if k, v := b.Cursor().Last(); k != nil {
			var last Entry
			if err := json.Unmarshal(v, &last); err != nil {
				return fmt.Errorf("read the last audit entry: %w", err)
			}
			e.Seq, e.Prev = last.Seq+1, last.Hash
		}
		e.Hash = e.Sum()
		data, err := json.Marshal(e)
		if err != nil {
			return err
		}
		return b.Put(key(e.Seq), data)
	})
	if err != nil {
		return Entry{}, fmt.Errorf("record %s of %s %q: %w", e.Action, e.Kind, e.Target, err)
	}
	return e, nil
}

// List returns up to limit entries, newest first; limit <= 0 means all.
func (l *Log) List(limit int) ([]Entry, error) {
	out := []Entry{}
	err := l.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(Bucket)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Prev() {
			var e Entry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("audit entry %d: %w", binary.BigEndian.Uint64(k), err)
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// WriteNDJSON writes every entry, oldest first, one JSON object a line,
// exactly as stored.
func (l *Log) WriteNDJSON(w io.Writer) error {
	return l.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(Bucket)
		if b == nil {
			return nil
		}
		return b.ForEach(func(_, v []byte) error {
			if _, err := w.Write(v); err != nil {
				return err
			}
			_, err := w.Write([]byte{'\n'})
			return err
		})
	})
}

func key(seq uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, seq)
}
