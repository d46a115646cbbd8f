package sql_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/weftworks/weft/connectors/core"
	sqlconn "github.com/weftworks/weft/connectors/sql"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
)

// Orders go into a SQLite file; a query then reads back the big ones.
func ExampleRegister() {
	dir, err := os.MkdirTemp("", "weft-example-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "shop.db")

	reg := registry.New()
	if err := core.Register(reg); err != nil {
		panic(err)
	}
	if err := sqlconn.Register(reg); err != nil {
		panic(err)
	}
	run := func(payloads string, nodes ...flow.Node) {
		f := &flow.Flow{FormatVersion: flow.FormatVersion, ID: "shop", Name: "Shop",
			Nodes: append([]flow.Node{{ID: "in", Type: "core.manual", Config: map[string]any{"payloads": payloads}}}, nodes...)}
		for i := 1; i < len(f.Nodes); i++ {
			f.Edges = append(f.Edges, flow.Edge{ID: fmt.Sprint("e", i),
				From: flow.PortRef{Node: f.Nodes[i-1].ID, Port: "out"}, To: flow.PortRef{Node: f.Nodes[i].ID, Port: "in"}})
		}
		plan, err := runtime.Compile(f, reg)
		if err != nil {
			panic(err)
		}
		rec := plan.Run(context.Background(), runtime.Options{
			OnDebug: func(_ string, m *message.Message) {
				b, _ := json.Marshal(m.Payload) // columns in the query's order
				fmt.Println(string(b))
			},
		})
		fmt.Println(rec.Status)
	}

	run(`{}`, flow.Node{ID: "ddl", Type: "sql.execute", Config: map[string]any{
		"path": db, "sql": "CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)"}})
	run(`[{"id": 1, "total": 5}, {"id": 2, "total": 120}, {"id": 3, "total": 300}]`,
		flow.Node{ID: "save", Type: "sql.insert", Config: map[string]any{"path": db, "table": "orders"}})
	run(`{"min": 100}`,
		flow.Node{ID: "big", Type: "sql.query", Config: map[string]any{
			"path": db, "sql": "SELECT total, id FROM orders WHERE total >= ?1 ORDER BY id", "params": []any{"min"}}},
		flow.Node{ID: "show", Type: "core.debug"})
	// Output:
	// succeeded
	// succeeded
	// {"total":120,"id":2}
	// {"total":300,"id":3}
	// succeeded
}
