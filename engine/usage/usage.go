package usage

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/runtime"
)

// Bucket holds one nested bucket per flow, and in it one per Resolution.
var Bucket = []byte("usage")

// Resolution is the width of a series' points.
type Resolution string

// The resolutions Add keeps, finest first.
const (
	Minute Resolution = "minute"
	Hour   Resolution = "hour"
	Day    Resolution = "day"
)

var (
	widths    = map[Resolution]time.Duration{Minute: time.Minute, Hour: time.Hour, Day: 24 * time.Hour}
	retention = map[Resolution]time.Duration{Minute: 48 * time.Hour, Hour: 90 * 24 * time.Hour}
)

// ParseResolution reads a resolution's name.
func ParseResolution(s string) (Resolution, error) {
	r := Resolution(s)
	if _, ok := widths[r]; !ok {
		return "", fmt.Errorf("unknown resolution %q: use minute, hour or day", s)
	}
	return r, nil
}

// Counters is what a flow or node used in a period.
type Counters struct {
	Runs          int64 `json:"runs"`
	FailedRuns    int64 `json:"failedRuns"`
	Messages      int64 `json:"messages"`
	Bytes         int64 `json:"bytes"`
	Errors        int64 `json:"errors"`
	DurationMs    int64 `json:"durationMs"`
	MaxDurationMs int64 `json:"maxDurationMs"`
}

func (c *Counters) add(o Counters) {
	c.Runs += o.Runs
	c.FailedRuns += o.FailedRuns
	c.Messages += o.Messages
	c.Bytes += o.Bytes
	c.Errors += o.Errors
	c.DurationMs += o.DurationMs
	c.MaxDurationMs = max(c.MaxDurationMs, o.MaxDurationMs)
}

// Point is the counters of one node ("" for the whole flow) in the period
// starting at Start (Unix ms).
type Point struct {
	Start int64  `json:"start"`
	Node  string `json:"node"`
	Counters
}

// FromRecord returns what a finished run used: for the flow, and for each
// node.
func FromRecord(rec *runtime.Record) (Counters, map[string]Counters) {
	dur := max(rec.EndedAt-rec.StartedAt, 0)
	flow := Counters{Runs: 1, DurationMs: dur, MaxDurationMs: dur}
	if rec.Status == runtime.StatusFailed {
		flow.FailedRuns = 1
	}
	nodes := make(map[string]Counters, len(rec.Nodes))
	for id, n := range rec.Nodes {
		c := Counters{Messages: n.Out, Errors: n.Errors, Bytes: estimateBytes(n),
			DurationMs: n.DurationMs, MaxDurationMs: n.DurationMs}
		nodes[id] = c
		flow.Messages += c.Messages
		flow.Bytes += c.Bytes
		flow.Errors += c.Errors
	}
	return flow, nodes
}

// estimateBytes is the mean JSON size of n's sampled output times its
// output count.
func estimateBytes(n *runtime.NodeRecord) int64 {
	if len(n.Emitted) == 0 || n.Out == 0 {
		return 0
	}
	var total int64
	for _, s := range n.Emitted {
		data, _ := json.Marshal(s.Payload) // payloads are JSON-like
		total += int64(len(data))
	}
	return total / int64(len(n.Emitted)) * n.Out
}

// Store reads and writes usage in a bbolt file.
type Store struct {
	db *bolt.DB
}

// New returns the usage kept in db's Bucket, created by the first Add.
func New(db *bolt.DB) *Store { return &Store{db: db} }

// Add adds a finished run to its flow's series at every resolution and
// drops points past their retention.
func (s *Store) Add(rec *runtime.Record) error {
	flow, nodes := FromRecord(rec)
	at := time.UnixMilli(rec.EndedAt)
	return s.db.Update(func(tx *bolt.Tx) error {
		root, err := tx.CreateBucketIfNotExists(Bucket)
		if err != nil {
			return err
		}
		fb, err := root.CreateBucketIfNotExists([]byte(rec.FlowID))
		if err != nil {
			return err
		}
		for res, width := range widths {
			b, err := fb.CreateBucketIfNotExists([]byte(res))
			if err != nil {
				return err
			}
			start := at.Truncate(width).UnixMilli()
			if err := addPoint(b, start, "", flow); err != nil {
				return err
			}
			for id, c := range nodes {
				if err := addPoint(b, start, id, c); err != nil {
					return err
				}
			}
			if keep, ok := retention[res]; ok {
				if err := prune(b, at.Add(-keep).UnixMilli()); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func pointKey(start int64, node string) []byte {
	return append(binary.BigEndian.AppendUint64(nil, uint64(start)), node...)
}

func addPoint(b *bolt.Bucket, start int64, node string, c Counters) error {
	k := pointKey(start, node)
	var cur Counters
	if raw := b.Get(k); raw != nil {
		if err := json.Unmarshal(raw, &cur); err != nil {
			return fmt.Errorf("usage point: %w", err)
		}
	}
	cur.add(c)
	data, err := json.Marshal(cur)
	if err != nil {
		return err
	}
	return b.Put(k, data)
}

// prune deletes the points that start before cutoff.
func prune(b *bolt.Bucket, cutoff int64) error {
	c := b.Cursor()
	for k, _ := c.First(); k != nil && int64(binary.BigEndian.Uint64(k[:8])) < cutoff; k, _ = c.First() {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// Series returns flowID's points at res that start at or after since,
// oldest first; the flow's own points have Node "".
func (s *Store) Series(flowID string, res Resolution, since int64) ([]Point, error) {
	out := []Point{}
	err := s.db.View(func(tx *bolt.Tx) error {
		b := nested(tx, flowID, res)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Seek(binary.BigEndian.AppendUint64(nil, uint64(max(since, 0)))); k != nil; k, v = c.Next() {
			p := Point{Start: int64(binary.BigEndian.Uint64(k[:8])), Node: string(k[8:])}
			if err := json.Unmarshal(v, &p.Counters); err != nil {
				return fmt.Errorf("usage point: %w", err)
			}
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// Total sums flowID's own day points since since.
func (s *Store) Total(flowID string, since int64) (Counters, error) {
	points, err := s.Series(flowID, Day, since)
	var total Counters
	for _, p := range points {
		if p.Node == "" {
			total.add(p.Counters)
		}
	}
	return total, err
}

func nested(tx *bolt.Tx, flowID string, res Resolution) *bolt.Bucket {
	root := tx.Bucket(Bucket)
	if root == nil {
		return nil
	}
	fb := root.Bucket([]byte(flowID))
	if fb == nil {
		return nil
	}
	return fb.Bucket([]byte(res))
}
