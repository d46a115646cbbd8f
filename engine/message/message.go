package message

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"maps"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// Message is what travels between nodes: a JSON-like payload plus metadata.
//
// Payload holds only JSON-like values: *jsoncodec.Object (an object that
// keeps its key order) or map[string]any, []any, string, float64 (or
// json.Number), bool and nil.
type Message struct {
	// ID is stable for the life of the message; copies keep it so that
	// sinks can deduplicate.
	ID string `json:"id"`
	// Payload is the data the message carries.
	Payload any `json:"payload"`
	// Meta holds string metadata such as source node and trace ids.
	Meta map[string]string `json:"meta,omitempty"`
}

// New returns a message with a fresh random id.
func New(payload any) *Message {
	return &Message{ID: NewID(), Payload: payload}
}

// NewID returns a random 16-byte hex id.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Clone returns a deep copy of m: changing the copy's payload or metadata
// never changes m. Fan-out uses it so that each receiver owns its message.
func (m *Message) Clone() *Message {
	return &Message{ID: m.ID, Payload: CloneValue(m.Payload), Meta: maps.Clone(m.Meta)}
}

// WithPayload returns a copy of m (same id and metadata) carrying payload.
func (m *Message) WithPayload(payload any) *Message {
	return &Message{ID: m.ID, Payload: payload, Meta: maps.Clone(m.Meta)}
}

// CloneValue deep-copies a JSON-like value, *jsoncodec.Object included
// (the copy keeps the key order). Values of other types are returned as
// they are.
func CloneValue(v any) any { return jsoncodec.CloneValue(v) }

// UnmarshalJSON reads a message as encoding/json would, but with the
// payload's objects as *jsoncodec.Object in their written order, so a
// message journaled or spooled as JSON comes back with its key order.
func (m *Message) UnmarshalJSON(data []byte) error {
	var w struct {
		ID      string            `json:"id"`
		Payload json.RawMessage   `json:"payload"`
		Meta    map[string]string `json:"meta,omitempty"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	var payload any
	if len(w.Payload) > 0 {
		v, err := jsoncodec.Decode(w.Payload)
		if err != nil {
			return err
		}
		payload = v
	}
	*m = Message{ID: w.ID, Payload: payload, Meta: w.Meta}
	return nil
}
