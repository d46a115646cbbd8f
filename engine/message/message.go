package message

import (
	"crypto/rand"
	"encoding/hex"
	"maps"
)

// Message is what travels between nodes: a JSON-like payload plus metadata.
//
// Payload holds only JSON-like values: map[string]any, []any, string,
// float64 (or json.Number), bool and nil.
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

// CloneValue deep-copies a JSON-like value. Values of other types are
// returned as they are.
func CloneValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = CloneValue(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = CloneValue(e)
		}
		return out
	default:
		return v
	}
}
