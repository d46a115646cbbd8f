package runtime

import (
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
)

// Run statuses.
const (
	StatusRunning   = "running"
	StatusSucceeded = "succeeded"
	StatusFailed    = "failed"
	StatusCancelled = "cancelled"
)

// Node statuses.
const (
	NodeIdle    = "idle"
	NodeRunning = "running"
	NodeDone    = "done"
	NodeFailed  = "failed"
)

// Record is what a run did, as JSON for the UI. Times are Unix
// milliseconds. A Record is safe for concurrent use; read a live one
// through Snapshot.
type Record struct {
	mu sync.Mutex

	ID        string `json:"id"`
	FlowID    string `json:"flowId"`
	Status    string `json:"status"`
	Error     string `json:"error,omitempty"`
	StartedAt int64  `json:"startedAt"`
	EndedAt   int64  `json:"endedAt,omitempty"`
	// Nodes maps node id to what that node did.
	Nodes map[string]*NodeRecord `json:"nodes"`
}

// NodeRecord is what one node did during a run.
type NodeRecord struct {
	Type       string `json:"type"`
	Status     string `json:"status"`
	In         int64  `json:"in"`
	Out        int64  `json:"out"`
	Errors     int64  `json:"errors"`
	DurationMs int64  `json:"durationMs"`
	// Received and Emitted hold the first messages the node received and
	// emitted (including those sent out of its error port).
	Received []Sample `json:"received"`
	Emitted  []Sample `json:"emitted"`
	// Failures holds the first messages the node failed (IO.Fail) and
	// why, whether an error port took them or not.
	Failures []Failure `json:"failures,omitempty"`
}

// Failure is one message a node failed: the message id (to find it among
// Received) and the error, which names the failing field where the node
// knows it (`field "total": …`).
type Failure struct {
	MessageID string `json:"messageId"`
	Error     string `json:"error"`
	At        int64  `json:"at"`
}

// Sample is a copy of one message seen at a port.
type Sample struct {
	Port      string `json:"port"`
	MessageID string `json:"messageId"`
	// Payload is a deep copy of the message payload, or a string preview
	// of its JSON when Truncated.
	Payload   any   `json:"payload"`
	Truncated bool  `json:"truncated,omitempty"`
	At        int64 `json:"at"`
}

// UnmarshalJSON reads a sample with its payload's objects as
// *jsoncodec.Object in their written order, so a saved run record shows
// and re-samples payloads in the order they had.
func (s *Sample) UnmarshalJSON(data []byte) error {
	type fields Sample
	var w struct {
		fields
		Payload json.RawMessage `json:"payload"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*s = Sample(w.fields)
	s.Payload = nil
	if len(w.Payload) > 0 {
		v, err := jsoncodec.Decode(w.Payload)
		if err != nil {
			return err
		}
		s.Payload = v
	}
	return nil
}

// Snapshot returns a deep copy of r that later changes never touch.
func (r *Record) Snapshot() *Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.copyLocked()
}

func (r *Record) copyLocked() *Record {
	c := &Record{
		ID: r.ID, FlowID: r.FlowID, Status: r.Status, Error: r.Error,
		StartedAt: r.StartedAt, EndedAt: r.EndedAt,
		Nodes: make(map[string]*NodeRecord, len(r.Nodes)),
	}
	for id, n := range r.Nodes {
		nc := *n
		nc.Received = copySamples(n.Received)
		nc.Emitted = copySamples(n.Emitted)
		nc.Failures = slices.Clone(n.Failures)
		c.Nodes[id] = &nc
	}
	return c
}

func copySamples(s []Sample) []Sample {
	out := slices.Clone(s)
	for i := range out {
		out[i].Payload = message.CloneValue(out[i].Payload)
	}
	return out
}

// update changes r under its lock.
func (r *Record) update(f func(r *Record)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(r)
}

// sampler turns messages into samples within the run's limits.
type sampler struct {
	limit int // samples per node and direction
	bytes int // largest payload JSON kept whole
}

// add appends a sample of m to list unless list is full.
func (s sampler) add(list []Sample, port string, m *message.Message, now int64) []Sample {
	if len(list) >= s.limit {
		return list
	}
	payload, truncated := s.payload(m.Payload)
	return append(list, Sample{Port: port, MessageID: m.ID, Payload: payload, Truncated: truncated, At: now})
}

// addFailure appends a failure of m to list unless list is full.
func (s sampler) addFailure(list []Failure, m *message.Message, err error, now int64) []Failure {
	if len(list) >= s.limit {
		return list
	}
	return append(list, Failure{MessageID: m.ID, Error: preview(err.Error(), s.bytes), At: now})
}

func (s sampler) payload(v any) (any, bool) {
	data, err := json.Marshal(v)
	if err != nil {
		return preview(fmt.Sprintf("%v", v), s.bytes), true
	}
	if len(data) > s.bytes {
		return preview(string(data), s.bytes), true
	}
	return message.CloneValue(v), false
}

// preview cuts text to at most n bytes on a rune boundary and marks the cut.
func preview(text string, n int) string {
	if len(text) <= n {
		return text
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut] + "…"
}
