package format_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/weftworks/weft/connectors/core"
	"github.com/weftworks/weft/connectors/format"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
)

// CSV text parsed into one message per row, with types detected.
func ExampleRegister() {
	reg := registry.New()
	if err := core.Register(reg); err != nil {
		panic(err)
	}
	if err := format.Register(reg); err != nil {
		panic(err)
	}
	f := &flow.Flow{
		FormatVersion: flow.FormatVersion, ID: "csv", Name: "CSV",
		Nodes: []flow.Node{
			{ID: "n1", Type: "core.manual", Config: map[string]any{"payloads": `"sku;qty\nA-1;3\nB-2;10\n"`}},
			{ID: "n2", Type: "format.parse", Config: map[string]any{"format": "csv", "detectTypes": true}},
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
		OnDebug: func(_ string, m *message.Message) {
			b, _ := json.Marshal(m.Payload) // columns in the CSV's order
			fmt.Println(m.Meta[format.RecordMeta], string(b))
		},
	})
	fmt.Println(rec.Status)
	// Output:
	// 1 {"sku":"A-1","qty":3}
	// 2 {"sku":"B-2","qty":10}
	// succeeded
}
