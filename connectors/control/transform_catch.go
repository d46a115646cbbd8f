package control

import (
	"context"
	"fmt"
	"maps"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// The metadata catch sets on a message emitted in "original" mode.
const (
	// ErrorMeta is the failure's reason.
	ErrorMeta = "error"
	// ErrorNodeMeta is the id of the node that failed the message.
	ErrorNodeMeta = "error.node"
)

var _ registry.Node = (*catch)(nil)

func catchSpec() spec.Spec {
	return spec.Spec{
		Type:     "control.catch",
		Title:    "Catch",
		Category: spec.Transform,
		Icon:     "shield",
		Description: "Receives the failures of other nodes whose error port is not wired: of the nodes listed, or, " +
			"with an empty list, of every node no other catch lists (except catchers and the nodes after this one). " +
			"Inside a subflow, an empty list means the nodes of that subflow only (those of subflows inside it too, " +
			"unless a catch with an empty list inside them catches them first); what no catch inside a subflow " +
			"catches goes on to the catches around it, as in Node-RED; one with an empty list left with nothing " +
			"to catch in its subflow is refused. " +
			"Emits each failure as {error, node, message} (the reason, the failing node's id and the original " +
			"payload), or, in \"original\" mode, the original payload with the reason and node in the metadata " +
			"(error, error.node). Bad input: none; every failure it receives is passed on.",
		Outputs: []spec.Port{{Name: "out", Description: "One message per failure, same id as the failed message."}},
		Catch:   &spec.CatchFrom{Field: "nodes"},
		Config: []spec.Field{{
			Name:        "nodes",
			Title:       "Nodes",
			Description: "The ids of the nodes to catch; empty catches every node no other catch lists (inside a subflow: of that subflow).",
			Type:        spec.Array,
			Items:       &spec.Field{Type: spec.String},
			Default:     []any{},
		}, {
			Name:        "emit",
			Title:       "Emit",
			Description: "failure: {error, node, message}; original: the failed message's payload, reason in metadata.",
			Type:        spec.String,
			Enum:        []string{"failure", "original"},
			Default:     "failure",
		}},
	}
}

// catch passes on the failures the runtime routes to it.
type catch struct {
	original bool
}

func newCatch(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	emit, err := spec.Text(cfg, "emit")
	return &catch{original: emit == "original"}, err
}

// Run implements registry.Node.
func (c *catch) Run(ctx context.Context, io registry.IO) error {
	for {
		in, ok := io.Receive(ctx)
		if !ok {
			return nil
		}
		out := in.Msg
		if c.original {
			out = restore(in.Msg)
		}
		if err := io.Emit(ctx, "out", out); err != nil {
			return err
		}
	}
}

// restore returns the original message of a failure payload, with the
// reason and node in its metadata; m itself when it is no failure payload.
func restore(m *message.Message) *message.Message {
	p := m.Payload
	reason, hasErr := jsoncodec.Lookup(p, "error")
	original, hasMsg := jsoncodec.Lookup(p, "message")
	if !hasErr || !hasMsg {
		return m
	}
	meta := maps.Clone(m.Meta)
	if meta == nil {
		meta = map[string]string{}
	}
	meta[ErrorMeta] = fmt.Sprint(reason)
	node, _ := jsoncodec.Lookup(p, "node")
	if node, ok := node.(string); ok {
		meta[ErrorNodeMeta] = node
	}
	return &message.Message{ID: m.ID, Payload: original, Meta: meta}
}
