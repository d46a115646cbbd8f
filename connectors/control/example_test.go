package control_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/weftworks/weft/connectors/control"
	"github.com/weftworks/weft/connectors/core"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
)

// A switch routes orders by total to outputs its rules name; each output
// is a port the editor shows.
func ExampleRegister() {
	reg := registry.New()
	if err := core.Register(reg); err != nil {
		panic(err)
	}
	if err := control.Register(reg); err != nil {
		panic(err)
	}
	edge := func(id, from, fromPort, to string) flow.Edge {
		return flow.Edge{ID: id, From: flow.PortRef{Node: from, Port: fromPort}, To: flow.PortRef{Node: to, Port: "in"}}
	}
	f := &flow.Flow{
		FormatVersion: flow.FormatVersion, ID: "orders", Name: "Orders",
		Nodes: []flow.Node{
			{ID: "orders", Type: "core.manual", Config: map[string]any{"payloads": `[{"id": 1, "total": 250}, {"id": 2, "total": 20}]`}},
			{ID: "route", Type: "control.switch", Config: map[string]any{"rules": []any{
				map[string]any{"output": "big", "condition": "total > 100"}}}},
			{ID: "big", Type: "core.debug"},
			{ID: "small", Type: "core.debug"},
		},
		Edges: []flow.Edge{edge("e1", "orders", "out", "route"), edge("e2", "route", "big", "big"), edge("e3", "route", "otherwise", "small")},
	}
	plan, err := runtime.Compile(f, reg)
	if err != nil {
		panic(err)
	}
	rec := plan.Run(context.Background(), runtime.Options{
		OnDebug: func(node string, m *message.Message) {
			b, _ := json.Marshal(m.Payload)
			fmt.Println(node, string(b))
		},
	})
	fmt.Println(rec.Status)
	// Unordered output:
	// big {"id":1,"total":250}
	// small {"id":2,"total":20}
	// succeeded
}
