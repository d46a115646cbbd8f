package core_test

import (
	"context"
	"fmt"

	"github.com/weftworks/weft/connectors/core"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
)

// A manual trigger feeds a script whose output a debug node shows.
func ExampleRegister() {
	reg := registry.New()
	if err := core.Register(reg); err != nil {
		panic(err)
	}
	f := &flow.Flow{
		FormatVersion: flow.FormatVersion, ID: "hello", Name: "Hello",
		Nodes: []flow.Node{
			{ID: "n1", Type: "core.manual", Config: map[string]any{"payloads": `[{"name": "Ada"}, {"name": "Grace"}]`}},
			{ID: "n2", Type: "core.script", Config: map[string]any{"code": `return "Hello, " + msg.name;`}},
			{ID: "n3", Type: "core.debug"},
		},
		Edges: []flow.Edge{
			{ID: "e1", From: flow.PortRef{Node: "n1", Port: "out"}, To: flow.PortRef{Node: "n2", Port: "in"}},
			{ID: "e2", From: flow.PortRef{Node: "n2", Port: "out"}, To: flow.PortRef{Node: "n3", Port: "in"}},
		},
	}
	plan, err := runtime.Compile(f, reg)
	if err != nil {
		panic(err)
	}
	rec := plan.Run(context.Background(), runtime.Options{
		OnDebug: func(node string, m *message.Message) { fmt.Println(node, m.Payload) },
	})
	fmt.Println(rec.Status)
	// Output:
	// n3 Hello, Ada
	// n3 Hello, Grace
	// succeeded
}
