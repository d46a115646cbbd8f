package audit

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// ErrTampered is wrapped by Report.Err when the chain does not verify.
var ErrTampered = errors.New("the audit trail does not verify")

// Problem is one entry that breaks the chain.
type Problem struct {
	Seq    uint64 `json:"seq"`
	Reason string `json:"reason"`
}

// Report is the outcome of a verification: how many entries were read,
// the hash of the newest, and every problem found, oldest first.
type Report struct {
	Entries  int       `json:"entries"`
	Head     string    `json:"head"`
	Problems []Problem `json:"problems"`
}

// Err returns nil for a chain that verifies, else an error wrapping
// ErrTampered that names the first broken entry.
func (r Report) Err() error {
	if len(r.Problems) == 0 {
		return nil
	}
	p := r.Problems[0]
	return fmt.Errorf("%w: entry %d %s (%d problem(s) in all)", ErrTampered, p.Seq, p.Reason, len(r.Problems))
}

// verifier walks entries in order and collects problems.
type verifier struct {
	report Report
	seq    uint64
	prev   string
}

func (v *verifier) add(seq uint64, reason string) {
	v.report.Problems = append(v.report.Problems, Problem{Seq: seq, Reason: reason})
}

// check takes the next stored entry, found under seq.
func (v *verifier) check(seq uint64, raw []byte) {
	v.report.Entries++
	var e Entry
	if err := json.Unmarshal(raw, &e); err != nil {
		v.add(seq, fmt.Sprintf("is not a valid entry: %v", err))
		v.seq++
		return
	}
	switch {
	case seq != e.Seq:
		v.add(seq, fmt.Sprintf("is stored under %d but says it is %d", seq, e.Seq))
	case seq != v.seq+1:
		v.add(seq, fmt.Sprintf("follows entry %d: entries in between are missing", v.seq))
	}
	if e.Prev != v.prev {
		v.add(seq, "does not link to the entry before it (an entry was removed, inserted or rewritten)")
	}
	if e.Sum() != e.Hash {
		v.add(seq, fmt.Sprintf("was edited: its content does not match its hash (%s %s %q by %s)", e.Action, e.Kind, e.Target, e.Actor))
	}
	v.seq, v.prev, v.report.Head = seq, e.Hash, e.Hash
}

// Verify checks the chain kept in db.
func Verify(db *bolt.DB) (Report, error) {
	var v verifier
	err := db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(Bucket)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, raw []byte) error {
			if len(k) != 8 {
				v.add(0, fmt.Sprintf("a key of %d bytes is not an entry number", len(k)))
				return nil
			}
			v.check(binary.BigEndian.Uint64(k), raw)
			return nil
		})
	})
	return v.report, err
}

// VerifyFile opens the bbolt file at path read-only and checks its chain.
// A file held by a running Studio is reported as such after a short wait.
func VerifyFile(path string) (Report, error) {
	if _, err := os.Stat(path); err != nil {
		return Report{}, err
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if errors.Is(err, berrors.ErrTimeout) {
		return Report{}, fmt.Errorf("%s is in use (is Weft Studio running with it?); stop it or verify an export", path)
	}
	if err != nil {
		return Report{}, fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	return Verify(db)
}

// VerifyNDJSON checks an export written by WriteNDJSON.
func VerifyNDJSON(r io.Reader) (Report, error) {
	var v verifier
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for line := 1; sc.Scan(); line++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var head struct {
			Seq uint64 `json:"seq"`
		}
		if err := json.Unmarshal(sc.Bytes(), &head); err != nil {
			v.add(v.seq+1, fmt.Sprintf("(line %d) is not a valid entry: %v", line, err))
			v.seq++
			continue
		}
		v.check(head.Seq, sc.Bytes())
	}
	return v.report, sc.Err()
}
