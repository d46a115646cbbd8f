package runtimetest

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
)

// Flow returns flow "f" of nodes wired by edges written "from:port->
// to:port"; a missing port is "out" on the left and "in" on the right.
// Edges are named e1, e2, … in order.
func Flow(nodes []flow.Node, edges ...string) *flow.Flow {
	f := &flow.Flow{FormatVersion: flow.FormatVersion, ID: "f", Name: "f", Nodes: nodes}
	for _, e := range edges {
		from, to, _ := strings.Cut(e, "->")
		Wire(f, from, to)
	}
	return f
}

// Wire adds an edge from "node:port" to "node:port" to f (ports default
// to out and in).
func Wire(f *flow.Flow, from, to string) {
	fn, fp, ok := strings.Cut(from, ":")
	if !ok {
		fp = "out"
	}
	tn, tp, ok := strings.Cut(to, ":")
	if !ok {
		tp = "in"
	}
	f.Edges = append(f.Edges, flow.Edge{ID: fmt.Sprintf("e%d", len(f.Edges)+1),
		From: flow.PortRef{Node: fn, Port: fp}, To: flow.PortRef{Node: tn, Port: tp}})
}

// Node is a flow node of type typ with config cfg.
func Node(id, typ string, cfg map[string]any) flow.Node {
	return flow.Node{ID: id, Type: typ, Config: cfg}
}

// Debug is a core.debug node called id.
func Debug(id string) flow.Node { return flow.Node{ID: id, Type: "core.debug"} }

// NodeFunc is a registry.Node made of a function.
type NodeFunc func(ctx context.Context, io registry.IO) error

// Run implements registry.Node.
func (f NodeFunc) Run(ctx context.Context, io registry.IO) error { return f(ctx, io) }

// Collector keeps what each node showed; Add is a runtime.Options.OnDebug.
type Collector struct {
	mu   sync.Mutex
	msgs map[string][]*message.Message
}

// NewCollector returns an empty Collector.
func NewCollector() *Collector { return &Collector{msgs: map[string][]*message.Message{}} }

// Add records m as shown by node.
func (c *Collector) Add(node string, m *message.Message) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.msgs[node] = append(c.msgs[node], m)
}

// Messages returns what node showed, in order.
func (c *Collector) Messages(node string) []*message.Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]*message.Message(nil), c.msgs[node]...)
}

// Count is how many messages node showed.
func (c *Collector) Count(node string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.msgs[node])
}

// Payloads returns copies of the payloads node showed, in order (empty,
// not nil, when none), with ordered objects (*jsoncodec.Object) as maps so
// that tests compare values with map literals; tests of key order read
// Messages.
func (c *Collector) Payloads(node string) []any {
	out := []any{}
	for _, m := range c.Messages(node) {
		out = append(out, jsoncodec.Plain(m.Payload))
	}
	return out
}

// Meta returns the metadata value key of each message node showed.
func (c *Collector) Meta(node, key string) []string {
	out := []string{}
	for _, m := range c.Messages(node) {
		out = append(out, m.Meta[key])
	}
	return out
}
