package control

import (
	"context"
	"fmt"
	"slices"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/mapping/expr"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*switchNode)(nil)

// otherwise is the switch's output for messages no rule matches.
const otherwise = "otherwise"

func switchSpec() spec.Spec {
	return spec.Spec{
		Type:     "control.switch",
		Title:    "Switch",
		Category: spec.Transform,
		Icon:     "split",
		Description: "Routes each message by ordered rules: each rule has a JavaScript condition over the payload " +
			"($ is the payload, its top-level fields are names) and names the output it sends to; each output " +
			"becomes a port. In mode \"first\" a message goes to the first rule that matches, in mode \"all\" " +
			"to each matching rule's output (a copy each, same id; once per output); a message no rule matches goes to \"otherwise\". " +
			"Bad input: a condition that throws sends the message to the error port with the reason; the next " +
			"message continues.",
		Inputs:      []spec.Port{{Name: "in"}},
		Outputs:     []spec.Port{{Name: otherwise, Description: "Messages no rule matched."}},
		OutputsFrom: &spec.PortsFrom{Field: "rules", Key: "output"},
		Config: []spec.Field{{
			Name:        "rules",
			Title:       "Rules",
			Description: "Checked in order. Several rules may share an output.",
			Type:        spec.Array,
			Required:    true,
			Default:     []any{map[string]any{"output": "matched", "condition": "total > 100"}},
			Items: &spec.Field{Type: spec.Object, Fields: []spec.Field{
				{Name: "output", Title: "Output", Type: spec.String, Required: true,
					Description: "The output port this rule sends to."},
				{Name: "condition", Title: "Condition", Type: spec.String, Required: true,
					Editor: spec.EditorJavaScript, Description: "A JavaScript expression; the rule matches when it is truthy."},
			}},
		}, {
			Name:        "mode",
			Title:       "Mode",
			Description: "first: the first matching rule wins; all: every matching rule's output gets the message.",
			Type:        spec.String,
			Enum:        []string{"first", "all"},
			Default:     "first",
		}},
	}
}

type rule struct {
	output string
	cond   expr.Program
}

// switchNode routes each message by the first (or every) matching rule.
type switchNode struct {
	rules []rule
	all   bool
}

func newSwitch(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	rules, err := spec.Value(cfg, "rules")
	if err != nil {
		return nil, err
	}
	list, _ := rules.([]any)
	n := &switchNode{}
	for i, el := range list {
		obj, _ := el.(map[string]any)
		out, _ := obj["output"].(string)
		src, _ := obj["condition"].(string)
		cond, err := compile(fmt.Sprintf("rules[%d].condition", i), src)
		if err != nil {
			return nil, err
		}
		n.rules = append(n.rules, rule{output: out, cond: cond})
	}
	mode, err := spec.Text(cfg, "mode")
	n.all = mode == "all"
	return n, err
}

// Run implements registry.Node.
func (s *switchNode) Run(ctx context.Context, io registry.IO) error {
	for {
		in, ok := io.Receive(ctx)
		if !ok {
			return nil
		}
		ports, err := s.match(ctx, in.Msg.Payload)
		if err != nil {
			if err := routeOrFail(ctx, io, in, "", err); err != nil {
				return err
			}
			continue
		}
		if err := emitAll(ctx, io, ports, in.Msg); err != nil {
			return err
		}
	}
}

// match returns the outputs payload goes to, in rule order, each once.
func (s *switchNode) match(ctx context.Context, payload any) ([]string, error) {
	var ports []string
	for i, r := range s.rules {
		ok, err := test(ctx, r.cond, payload)
		if err != nil {
			return nil, fmt.Errorf("rule %d (%s): %w", i+1, r.output, err)
		}
		if ok && !slices.Contains(ports, r.output) {
			ports = append(ports, r.output)
			if !s.all {
				break
			}
		}
	}
	if len(ports) == 0 {
		ports = []string{otherwise}
	}
	return ports, nil
}

// emitAll sends m out of each port: copies first, m itself last (Emit
// hands a message over).
func emitAll(ctx context.Context, io registry.IO, ports []string, m *message.Message) error {
	for i, p := range ports {
		out := m
		if i < len(ports)-1 {
			out = m.Clone()
		}
		if err := io.Emit(ctx, p, out); err != nil {
			return err
		}
	}
	return nil
}
