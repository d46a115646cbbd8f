package sql

import (
	"context"
	"fmt"
	"strings"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*executeNode)(nil)

// statementFields are the statement and its parameters.
func statementFields(example string) []spec.Field {
	return []spec.Field{
		{Name: "sql", Title: "SQL", Type: spec.String, Editor: spec.EditorText, Required: true, Examples: []any{example},
			Description: "The statement. Values go in as placeholders (`?` or `?1` for SQLite, `$1` for PostgreSQL), never pasted into the text."},
		{Name: "params", Title: "Parameters", Type: spec.Array, Items: &spec.Field{Type: spec.String},
			Examples: []any{[]any{"customer.id", "status"}},
			Description: "Payload paths bound to the placeholders in order (`customer.id`, `items.0.sku`, `.` for the whole payload). " +
				"A missing path binds NULL; objects and arrays bind their JSON text."},
	}
}

func executeSpec() spec.Spec {
	return spec.Spec{
		Type:     "sql.execute",
		Title:    "SQL execute",
		Category: spec.Action,
		Icon:     "database",
		Description: "Runs a statement (UPDATE, DELETE, DDL, a procedure call) once per message with values bound from the payload, " +
			"then passes the message on with `sql.rowsAffected` in its metadata. Bad input: a statement error (a constraint violation, " +
			"a wrong type, a missing table) rolls the message back and sends it to the error port with the database's reason; the next message goes on. " +
			"A missing credential or an unreachable database at start fails the run.",
		Inputs:  []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{{Name: "out", Description: "Each message after its commit, unchanged but for the metadata."}},
		Config:  concat(connFields(), statementFields("UPDATE orders SET status = $1 WHERE id = $2"), txFields()),
	}
}

// executeNode runs one statement per message.
type executeNode struct {
	writer
	sql    string
	params []string
}

func newExecute(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	c, err := parseConn(cfg)
	if err != nil {
		return nil, err
	}
	mode, err := parseTx(cfg)
	if err != nil {
		return nil, err
	}
	q, params, err := parseStatement(cfg)
	if err != nil {
		return nil, err
	}
	n := &executeNode{sql: q, params: params}
	n.writer = writer{conn: c, mode: mode, apply: n.apply}
	return n, nil
}

// Run implements registry.Node.
func (n *executeNode) Run(ctx context.Context, io registry.IO) error { return n.run(ctx, io) }

func (n *executeNode) apply(ctx context.Context, ex execer, payload any) (int64, error) {
	a, err := args(payload, n.params)
	if err != nil {
		return 0, err
	}
	return ex.exec(ctx, n.sql, a)
}

func parseStatement(cfg map[string]any) (string, []string, error) {
	q, err := spec.Text(cfg, "sql")
	if err != nil {
		return "", nil, err
	}
	if strings.TrimSpace(q) == "" {
		return "", nil, fmt.Errorf("field %q: required", "sql")
	}
	params, err := spec.Strings(cfg, "params")
	return q, params, err
}

func concat(groups ...[]spec.Field) []spec.Field {
	var out []spec.Field
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}
