package file_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/weftworks/weft/connectors/core"
	"github.com/weftworks/weft/connectors/file"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
)

// Records written to a CSV file, then read back from the path the writer
// put in the message's metadata.
func ExampleRegister() {
	dir, err := os.MkdirTemp("", "weft-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	reg := registry.New()
	if err := core.Register(reg); err != nil {
		panic(err)
	}
	if err := file.Register(reg); err != nil {
		panic(err)
	}
	f := &flow.Flow{
		FormatVersion: flow.FormatVersion, ID: "files", Name: "Files",
		Nodes: []flow.Node{
			{ID: "n1", Type: "core.manual", Config: map[string]any{"payloads": `[[{"id": 1, "name": "Ada"}, {"id": 2, "name": "Grace"}]]`}},
			{ID: "n2", Type: "file.write", Config: map[string]any{"path": filepath.Join(dir, "out", "people.csv"), "format": "csv", "mode": "atomic"}},
			{ID: "n3", Type: "file.read", Config: map[string]any{"path": "{{meta.file.path}}", "format": "csv"}},
			{ID: "n4", Type: "core.debug"},
		},
		Edges: []flow.Edge{
			{ID: "e1", From: flow.PortRef{Node: "n1", Port: "out"}, To: flow.PortRef{Node: "n2", Port: "in"}},
			{ID: "e2", From: flow.PortRef{Node: "n2", Port: "out"}, To: flow.PortRef{Node: "n3", Port: "in"}},
			{ID: "e3", From: flow.PortRef{Node: "n3", Port: "out"}, To: flow.PortRef{Node: "n4", Port: "in"}},
		},
	}
	plan, err := runtime.Compile(f, reg)
	if err != nil {
		panic(err)
	}
	rec := plan.Run(context.Background(), runtime.Options{
		OnDebug: func(_ string, m *message.Message) {
			b, _ := json.Marshal(m.Payload) // the file's key order
			fmt.Println(m.Meta[file.RecordMeta], string(b))
		},
	})
	fmt.Println(rec.Status)
	// Output:
	// 1 {"id":"1","name":"Ada"}
	// 2 {"id":"2","name":"Grace"}
	// succeeded
}
