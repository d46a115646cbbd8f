package core

import (
	"context"
	"fmt"
	"time"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/script"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*scriptNode)(nil)

func scriptSpec() spec.Spec {
	minTimeout, maxTimeout := 1.0, 60000.0
	return spec.Spec{
		Type:     "core.script",
		Title:    "Script",
		Category: spec.Transform,
		Icon:     "code",
		Description: "Runs JavaScript on each message. The code is the body of function(msg, meta): " +
			"msg is the payload, meta the message metadata. The value it returns becomes the new payload; " +
			"returning undefined drops the message. A throw or a timeout sends the message to the error port.",
		Inputs:  []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{{Name: "out", Description: "The returned payloads."}},
		Config: []spec.Field{{
			Name:        "code",
			Title:       "Code",
			Description: "The body of function(msg, meta).",
			Type:        spec.String,
			Editor:      spec.EditorJavaScript,
			Required:    true,
			Default:     `return { ...msg, greeting: "Hello, " + msg.name };`,
			Examples:    []any{`if (msg.total > 100) return msg;`},
		}, {
			Name:        "timeoutMs",
			Title:       "Timeout (ms)",
			Description: "The longest one message may run.",
			Type:        spec.Integer,
			Advanced:    true,
			Default:     1000.0,
			Minimum:     &minTimeout,
			Maximum:     &maxTimeout,
		}},
	}
}

// scriptNode runs a compiled snippet on every message.
type scriptNode struct {
	prg *script.Program
}

func newScript(n flow.Node, cfg map[string]any) (registry.Node, error) {
	code, err := spec.Text(cfg, "code")
	if err != nil {
		return nil, err
	}
	ms, err := spec.Int(cfg, "timeoutMs")
	if err != nil {
		return nil, err
	}
	prg, err := script.Compile(n.ID, code, "msg", "meta")
	if err != nil {
		return nil, fmt.Errorf("field %q: %w", "code", err)
	}
	return &scriptNode{prg: prg.WithOptions(script.Options{Timeout: time.Duration(ms) * time.Millisecond})}, nil
}

// Run implements registry.Node.
func (s *scriptNode) Run(ctx context.Context, io registry.IO) error {
	for {
		in, ok := io.Receive(ctx)
		if !ok {
			return nil
		}
		meta := in.Msg.Meta
		if meta == nil {
			meta = map[string]string{}
		}
		res, err := s.prg.Call(ctx, in.Msg.Payload, meta)
		switch {
		case err != nil && ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			if err := io.Fail(ctx, in.Msg, err); err != nil {
				return err
			}
		case res == script.Undefined:
			// dropped on purpose
		default:
			// Objects stay *jsoncodec.Object: writers keep the key order.
			if err := io.Emit(ctx, "out", in.Msg.WithPayload(res)); err != nil {
				return err
			}
		}
	}
}
