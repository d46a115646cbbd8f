package control

import (
	"context"
	"fmt"
	"maps"
	"strconv"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping/expr"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// The metadata split sets on each part; aggregate's "complete splits"
// mode reads them to put the parts back together.
const (
	// SplitIDMeta is the id of the message that was split: the parts'
	// correlation id.
	SplitIDMeta = "split.id"
	// SplitIndexMeta is the part's 0-based position.
	SplitIndexMeta = "split.index"
	// SplitCountMeta is how many parts the message was split into.
	SplitCountMeta = "split.count"
)

var _ registry.Node = (*split)(nil)

func splitSpec() spec.Spec {
	return spec.Spec{
		Type:     "control.split",
		Title:    "Split",
		Category: spec.Transform,
		Icon:     "split",
		Description: "Turns an array into one message per element. The array is the value of a JavaScript " +
			"expression over the payload ($, the default, is the payload itself; `items` is its items field). Each " +
			"part gets a new id, the input's metadata, and split.id (the input's id, a correlation id), split.index " +
			"and split.count. An empty array emits nothing. Bad input: a value that is not an array, or an " +
			"expression that throws, sends the message to the error port with the reason; the next message continues.",
		Inputs:  []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{{Name: "out", Description: "One message per element, in order."}},
		Config: []spec.Field{{
			Name:        "array",
			Title:       "Array",
			Description: "A JavaScript expression giving the array to split.",
			Type:        spec.String,
			Editor:      spec.EditorJavaScript,
			Required:    true,
			Default:     "$",
			Examples:    []any{"items", "$.order.lines"},
		}},
	}
}

// split emits the elements of an array one by one.
type split struct {
	array expr.Program
}

func newSplit(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	src, err := spec.Text(cfg, "array")
	if err != nil {
		return nil, err
	}
	p, err := compile("array", src)
	if err != nil {
		return nil, err
	}
	return &split{array: p}, nil
}

// Run implements registry.Node.
func (s *split) Run(ctx context.Context, io registry.IO) error {
	for {
		in, ok := io.Receive(ctx)
		if !ok {
			return nil
		}
		list, err := s.elements(ctx, in.Msg.Payload)
		if err != nil {
			if err := routeOrFail(ctx, io, in, "", err); err != nil {
				return err
			}
			continue
		}
		for i, el := range list {
			if err := io.Emit(ctx, "out", part(in.Msg, el, i, len(list))); err != nil {
				return err
			}
		}
	}
}

func (s *split) elements(ctx context.Context, payload any) ([]any, error) {
	v, err := s.array.Eval(ctx, payload)
	if err != nil {
		return nil, err
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("split: the value is %s, not an array", kind(v))
	}
	return list, nil
}

// part is the message for element i of n split from m.
func part(m *message.Message, el any, i, n int) *message.Message {
	meta := maps.Clone(m.Meta)
	if meta == nil {
		meta = map[string]string{}
	}
	meta[SplitIDMeta] = m.ID
	meta[SplitIndexMeta] = strconv.Itoa(i)
	meta[SplitCountMeta] = strconv.Itoa(n)
	return &message.Message{ID: message.NewID(), Payload: message.CloneValue(el), Meta: meta}
}

// kind names a JSON-like value's type for messages.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any, *jsoncodec.Object:
		return "an object"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	}
	if v == expr.Undefined {
		return "undefined"
	}
	return "a number"
}
