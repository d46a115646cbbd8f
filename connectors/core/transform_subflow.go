package core

import (
	"fmt"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// subflowSpec describes flow.SubflowType. Its ports come from the
// definition it names, so the spec declares none; validation and
// compilation expand the node first (flow.ExpandSubflows), so no node of
// this type ever runs.
func subflowSpec() spec.Spec {
	return spec.Spec{
		Type:     flow.SubflowType,
		Title:    "Subflow",
		Category: spec.Transform,
		Icon:     "box",
		Description: "Runs a subflow: nodes made reusable with Studio's \"Make subflow\". Its input and output " +
			"ports are those of the definition, which the flow file carries under \"subflows\"; its error port " +
			"receives the failures of every inner node whose own error port is unwired.",
		Config: []spec.Field{{
			Name:        flow.SubflowField,
			Title:       "Subflow",
			Description: "The id of the subflow definition, in the flow's \"subflows\".",
			Type:        spec.String,
			Required:    true,
		}},
	}
}

// newSubflow refuses to build: a subflow node is expanded before a run.
func newSubflow(n flow.Node, _ map[string]any) (registry.Node, error) {
	return nil, fmt.Errorf("a %s node runs only expanded (flow.ExpandSubflows)", n.Type)
}
