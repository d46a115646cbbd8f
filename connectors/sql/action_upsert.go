package sql

import (
	"context"
	"fmt"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*upsertNode)(nil)

func upsertSpec() spec.Spec {
	key := spec.Field{Name: "key", Title: "Key columns", Type: spec.Array, Items: &spec.Field{Type: spec.String}, Required: true,
		Examples: []any{[]any{"id"}},
		Description: "The columns of a primary key or unique constraint that identify a row. A record whose key exists updates the " +
			"other columns; when every column is a key column, an existing row is left alone."}
	return spec.Spec{
		Type:     "sql.upsert",
		Title:    "SQL upsert",
		Category: spec.Action,
		Icon:     "database",
		Description: "Inserts each record or updates the row with the same key (`INSERT … ON CONFLICT … DO UPDATE`, in SQLite and PostgreSQL), " +
			"every value a bound parameter, then passes the message on with `sql.rowsAffected` in its metadata. An array of objects " +
			"upserts one row each in the same transaction. Bad input: a payload that is not an object or an array of objects, a record " +
			"without a key column, or a statement error (a constraint violation, a wrong type) rolls the whole message back and sends it " +
			"to the error port with the reason; the next message goes on. A missing credential or an unreachable database at start fails the run.",
		Inputs:  []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{{Name: "out", Description: "Each message after its commit, unchanged but for the metadata."}},
		Config:  concat(connFields(), tableFields(), []spec.Field{key}, txFields()),
	}
}

// upsertNode inserts or updates records by key.
type upsertNode struct{ writer }

func newUpsert(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	c, err := parseConn(cfg)
	if err != nil {
		return nil, err
	}
	mode, err := parseTx(cfg)
	if err != nil {
		return nil, err
	}
	rw, err := parseRowWriter(c.driver, cfg)
	if err != nil {
		return nil, err
	}
	if rw.key, err = spec.Strings(cfg, "key"); err != nil {
		return nil, err
	}
	if len(rw.key) == 0 {
		return nil, fmt.Errorf("field %q: name at least one key column", "key")
	}
	for _, k := range rw.key {
		if _, err := quoteName(k); err != nil {
			return nil, fmt.Errorf("field %q: %w", "key", err)
		}
	}
	if len(rw.columns) > 0 {
		if _, err := rw.statement(rw.columns); err != nil {
			return nil, fmt.Errorf("field %q: %w", "key", err)
		}
	}
	return &upsertNode{writer{conn: c, mode: mode, apply: rw.apply}}, nil
}

// Run implements registry.Node.
func (n *upsertNode) Run(ctx context.Context, io registry.IO) error { return n.run(ctx, io) }
