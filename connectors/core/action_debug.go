package core

import (
	"context"
	"maps"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// LabelMeta is the metadata key carrying a debug node's label on the
// messages it shows.
const LabelMeta = "debug.label"

var _ registry.Node = (*debugNode)(nil)

func debugSpec() spec.Spec {
	return spec.Spec{
		Type:        "core.debug",
		Title:       "Debug",
		Category:    spec.Action,
		Icon:        "bug",
		Description: "Shows every message in the inspector (and in `weft run` output) and passes it on unchanged, so it can sit anywhere in a flow.",
		Inputs:      []spec.Port{{Name: "in"}},
		Outputs:     []spec.Port{{Name: "out", Description: "The same messages, unchanged."}},
		Config: []spec.Field{{
			Name:        "label",
			Title:       "Label",
			Description: "A name shown next to the messages, to tell several debug nodes apart.",
			Type:        spec.String,
		}},
	}
}

// debugNode shows messages and passes them on.
type debugNode struct {
	label string
}

func newDebug(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	label, err := spec.Text(cfg, "label")
	if err != nil {
		return nil, err
	}
	return &debugNode{label: label}, nil
}

// Run implements registry.Node.
func (d *debugNode) Run(ctx context.Context, io registry.IO) error {
	for {
		in, ok := io.Receive(ctx)
		if !ok {
			return nil
		}
		io.Debug(d.shown(in.Msg))
		if err := io.Emit(ctx, "out", in.Msg); err != nil {
			return err
		}
	}
}

// shown is the message as the inspector sees it: labelled when the node
// has a label. The passed-on message is never changed.
func (d *debugNode) shown(m *message.Message) *message.Message {
	if d.label == "" {
		return m
	}
	meta := maps.Clone(m.Meta)
	if meta == nil {
		meta = map[string]string{}
	}
	meta[LabelMeta] = d.label
	return &message.Message{ID: m.ID, Payload: m.Payload, Meta: meta}
}
