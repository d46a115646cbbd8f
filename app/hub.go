package app

import "sync"

// Event is something the UI is told about without asking: Name is the event
// name ("run"), Data its JSON-friendly payload.
type Event struct {
	Name string
	Data any
}

// Hub fans events out to subscribers. A subscriber that cannot keep up loses
// events rather than slowing a run: run events carry whole snapshots, so a
// later event replaces a lost one.
type Hub struct {
	mu   sync.Mutex
	next int
	subs map[int]chan Event
}

// NewHub returns an empty hub.
func NewHub() *Hub {
	return &Hub{subs: map[int]chan Event{}}
}

// Subscribe returns a channel of events and a function that ends the
// subscription and closes the channel.
func (h *Hub) Subscribe() (<-chan Event, func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	id := h.next
	h.next++
	ch := make(chan Event, 64)
	h.subs[id] = ch
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if c, ok := h.subs[id]; ok {
			delete(h.subs, id)
			close(c)
		}
	}
}

// Publish sends e to every subscriber without blocking.
func (h *Hub) Publish(e Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, ch := range h.subs {
		select {
		case ch <- e:
		default:
		}
	}
}
