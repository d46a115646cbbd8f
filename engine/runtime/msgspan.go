package runtime

import (
	"sync"
	"time"

	"github.com/weftworks/weft/engine/registry"
)

// MessageSpan is one message's stay at a node, told to Options.OnMessage:
// from the node receiving it until the node asks for its next input or
// returns. At a source node (nothing wired into it) it is one emitted
// message, from the emit until the flow took it.
type MessageSpan struct {
	RunID string
	// RunStartedAt is when the run started, Unix ms.
	RunStartedAt int64
	NodeID       string
	NodeType     string
	MessageID    string
	Port         string // the input port, or at a source node the output port
	Start        time.Time
	End          time.Time
	// Emitted counts the messages the node emitted meanwhile.
	Emitted int
	// Error is the last failure the node reported meanwhile.
	Error string
}

// spans is a node's message span in progress. Nodes may emit from
// several goroutines, so it has a lock of its own.
type spans struct {
	mu  sync.Mutex
	cur *MessageSpan
}

func (io *nodeIO) newSpan(messageID, port string, start time.Time) *MessageSpan {
	return &MessageSpan{RunID: io.run.opts.RunID, RunStartedAt: io.run.rec.StartedAt, NodeID: io.pn.id,
		NodeType: io.pn.typ, MessageID: messageID, Port: port, Start: start}
}

// spanStart begins the span of the input the node just received.
func (io *nodeIO) spanStart(in registry.Input) {
	if io.run.opts.OnMessage == nil {
		return
	}
	s := io.newSpan(in.Msg.ID, in.Port, time.Now())
	io.spans.mu.Lock()
	io.spans.cur = s
	io.spans.mu.Unlock()
}

// spanEnd ends the span in progress, if any, and tells it.
func (io *nodeIO) spanEnd() {
	on := io.run.opts.OnMessage
	if on == nil {
		return
	}
	io.spans.mu.Lock()
	s := io.spans.cur
	io.spans.cur = nil
	io.spans.mu.Unlock()
	if s != nil {
		s.End = time.Now()
		on(*s)
	}
}

// spanSent counts a message the node emitted since start: on the span in
// progress, or as a span of its own at a source node.
func (io *nodeIO) spanSent(port, messageID string, start time.Time) {
	on := io.run.opts.OnMessage
	if on == nil {
		return
	}
	io.spans.mu.Lock()
	s := io.spans.cur
	if s != nil {
		s.Emitted++
	}
	io.spans.mu.Unlock()
	if s == nil && io.pn.senders == 0 {
		s := io.newSpan(messageID, port, start)
		s.End, s.Emitted = time.Now(), 1
		on(*s)
	}
}

// spanFailed notes a failure on the span in progress.
func (io *nodeIO) spanFailed(err error) {
	if io.run.opts.OnMessage == nil {
		return
	}
	io.spans.mu.Lock()
	if io.spans.cur != nil {
		io.spans.cur.Error = err.Error()
	}
	io.spans.mu.Unlock()
}

// spanClock is the start of a send when spans are told, else zero (no
// clock read per message for nothing).
func (io *nodeIO) spanClock() time.Time {
	if io.run.opts.OnMessage == nil {
		return time.Time{}
	}
	return time.Now()
}
