package control

import (
	"context"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/mapping/expr"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*filter)(nil)

func filterSpec() spec.Spec {
	return spec.Spec{
		Type:     "control.filter",
		Title:    "Filter",
		Category: spec.Transform,
		Icon:     "filter",
		Description: "Passes on the messages whose condition is true (JavaScript truthiness) and sends the others " +
			"out of \"rejected\". The condition is a JavaScript expression over the payload: $ is the payload and its " +
			"top-level fields are names. Bad input: a condition that throws (such as reading a member of undefined) " +
			"sends the message to the error port with the reason and its line and column; the next message continues.",
		Inputs: []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{
			{Name: "out", Description: "Messages whose condition is true, unchanged."},
			{Name: "rejected", Description: "Messages whose condition is false, unchanged."},
		},
		Config: []spec.Field{{
			Name:        "condition",
			Title:       "Condition",
			Description: "A JavaScript expression; the message passes when it is truthy.",
			Type:        spec.String,
			Editor:      spec.EditorJavaScript,
			Required:    true,
			Default:     "$ != null",
			Examples:    []any{"total > 100", `status === "paid" && items.length > 0`},
		}},
	}
}

// filter routes each message by a condition.
type filter struct {
	cond expr.Program
}

func newFilter(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	src, err := spec.Text(cfg, "condition")
	if err != nil {
		return nil, err
	}
	cond, err := compile("condition", src)
	if err != nil {
		return nil, err
	}
	return &filter{cond: cond}, nil
}

// Run implements registry.Node.
func (f *filter) Run(ctx context.Context, io registry.IO) error {
	for {
		in, ok := io.Receive(ctx)
		if !ok {
			return nil
		}
		pass, err := test(ctx, f.cond, in.Msg.Payload)
		port := "rejected"
		if pass {
			port = "out"
		}
		if err := routeOrFail(ctx, io, in, port, err); err != nil {
			return err
		}
	}
}

// routeOrFail emits in on port, or fails it with evalErr when the
// condition could not be evaluated. A cancelled run ends the node.
func routeOrFail(ctx context.Context, io registry.IO, in registry.Input, port string, evalErr error) error {
	switch {
	case evalErr != nil && ctx.Err() != nil:
		return ctx.Err()
	case evalErr != nil:
		return io.Fail(ctx, in.Msg, evalErr)
	}
	return io.Emit(ctx, port, in.Msg)
}
