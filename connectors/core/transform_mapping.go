package core

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/mapping"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*mappingNode)(nil)

func mappingSpec() spec.Spec {
	return spec.Spec{
		Type:     "core.mapping",
		Title:    "Mapping",
		Category: spec.Transform,
		Icon:     "shuffle",
		Description: "Maps each message to a new record with a declarative mapping (docs/mapping-format.md): " +
			"target fields taken from source paths, constants or JavaScript expressions, with type coercion, " +
			"defaults and \"omit when empty\", plus an optional whole-record script. A message whose fields fail " +
			"goes to the error port with each field and reason; the next message continues.",
		Inputs:  []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{{Name: "out", Description: "The mapped records."}},
		Config: []spec.Field{{
			Name:        "mapping",
			Title:       "Mapping",
			Description: "The mapping: {formatVersion, fields, script, tables, tests}.",
			Type:        spec.Object,
			Editor:      spec.EditorMapping,
			Required:    true,
			Default:     map[string]any{"formatVersion": 1.0, "fields": []any{}},
		}},
	}
}

// mappingNode applies a compiled mapping to every message.
type mappingNode struct {
	m *mapping.Compiled
}

func newMapping(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	v, err := spec.Value(cfg, "mapping")
	if err != nil {
		return nil, err
	}
	m, err := mapping.FromValue(v)
	if err != nil {
		return nil, fmt.Errorf("field %q: %w", "mapping", err)
	}
	c, err := mapping.Compile(m)
	if err != nil {
		return nil, fmt.Errorf("field %q: %w", "mapping", err)
	}
	return &mappingNode{m: c}, nil
}

// Run implements registry.Node.
func (n *mappingNode) Run(ctx context.Context, io registry.IO) error {
	for {
		in, ok := io.Receive(ctx)
		if !ok {
			return nil
		}
		out, errs := n.m.Apply(ctx, in.Msg.Payload)
		switch {
		case len(errs) > 0 && ctx.Err() != nil:
			return ctx.Err()
		case len(errs) > 0:
			if err := io.Fail(ctx, in.Msg, fieldErrors(errs)); err != nil {
				return err
			}
		case out == nil:
			// the script dropped the record
		default:
			// Objects stay *jsoncodec.Object: writers keep the field order.
			if err := io.Emit(ctx, "out", in.Msg.WithPayload(out)); err != nil {
				return err
			}
		}
	}
}

// fieldErrors joins a record's field errors into one reason.
func fieldErrors(errs []mapping.FieldError) error {
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	return errors.New(strings.Join(msgs, "; "))
}
