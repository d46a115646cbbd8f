package sql

import (
	"context"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*insertNode)(nil)

func insertSpec() spec.Spec {
	return spec.Spec{
		Type:     "sql.insert",
		Title:    "SQL insert",
		Category: spec.Action,
		Icon:     "database",
		Description: "Inserts each message's payload as a row (an array of objects: one row each, in the same transaction), " +
			"every value a bound parameter, then passes the message on with `sql.rowsAffected` in its metadata. " +
			"Bad input: a payload that is not an object or an array of objects, or a statement error (a constraint violation, " +
			"a wrong type, an unknown column) rolls the whole message back and sends it to the error port with the reason; the next message goes on. " +
			"A missing credential or an unreachable database at start fails the run.",
		Inputs:  []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{{Name: "out", Description: "Each message after its commit, unchanged but for the metadata."}},
		Config:  concat(connFields(), tableFields(), txFields()),
	}
}

// insertNode inserts records.
type insertNode struct{ writer }

func newInsert(_ flow.Node, cfg map[string]any) (registry.Node, error) {
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
	return &insertNode{writer{conn: c, mode: mode, apply: rw.apply}}, nil
}

// Run implements registry.Node.
func (n *insertNode) Run(ctx context.Context, io registry.IO) error { return n.run(ctx, io) }
