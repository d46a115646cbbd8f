package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*manual)(nil)

func manualSpec() spec.Spec {
	return spec.Spec{
		Type:        "core.manual",
		Title:       "Manual trigger",
		Category:    spec.Trigger,
		Trigger:     &spec.TriggerTraits{Kind: spec.TriggerManual},
		Icon:        "play",
		Description: "Starts the flow when you press Run, emitting the payloads you typed: one message for a JSON value, one message per element for a JSON array.",
		Outputs:     []spec.Port{{Name: "out", Description: "One message per payload."}},
		Config: []spec.Field{{
			Name:        "payloads",
			Title:       "Payloads",
			Description: "A JSON value, or a JSON array whose elements each become one message.",
			Type:        spec.String,
			Editor:      spec.EditorJSON,
			Default:     `[{"hello": "world"}]`,
			Examples:    []any{`{"name": "Ada"}`, `[{"id": 1}, {"id": 2}]`},
		}},
	}
}

// manual emits its payloads once and returns.
type manual struct {
	payloads []any
}

func newManual(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	src, err := spec.Text(cfg, "payloads")
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(src) == "" {
		return &manual{}, nil
	}
	var v any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		return nil, fmt.Errorf("field %q: invalid JSON%s: %w", "payloads", where(src, err), err)
	}
	if o, err := jsoncodec.DecodeFull([]byte(src)); err == nil {
		v = o // the same value in the typed key order
	}
	if list, ok := v.([]any); ok {
		return &manual{payloads: list}, nil
	}
	return &manual{payloads: []any{v}}, nil
}

// where gives " at line L, column C" for a JSON syntax error.
func where(src string, err error) string {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return ""
	}
	before := src[:min(max(int(se.Offset)-1, 0), len(src))] // Offset is just past the bad byte
	line := strings.Count(before, "\n") + 1
	col := len(before) - strings.LastIndexByte(before, '\n')
	return fmt.Sprintf(" at line %d, column %d", line, col)
}

// Run implements registry.Node.
func (m *manual) Run(ctx context.Context, io registry.IO) error {
	for _, p := range m.payloads {
		if err := io.Emit(ctx, "out", message.New(message.CloneValue(p))); err != nil {
			return err
		}
	}
	return nil
}
