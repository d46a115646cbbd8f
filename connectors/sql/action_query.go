package sql

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strconv"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// Metadata keys on the messages sql.query emits per row.
const (
	// SourceMeta is the id of the message whose query produced the row.
	SourceMeta = "sql.source"
	// RowMeta is the row's 0-based position in the result.
	RowMeta = "sql.row"
)

// The query output modes.
const (
	EachRow  = "each"
	AllRows  = "all"
	FirstRow = "first"
)

var _ registry.Node = (*queryNode)(nil)

func querySpec() spec.Spec {
	return spec.Spec{
		Type:     "sql.query",
		Title:    "SQL query",
		Category: spec.Action,
		Icon:     "database",
		Description: "Runs a query for each message with values bound from the payload and emits the rows (column → value): " +
			"one message per row, streamed as the database returns them (each), one message holding every row (all), or the first row " +
			"or null (first). Bad input: a query error (a syntax error, a wrong type, a missing table) or more rows than maxRows sends " +
			"the message to the error port with the reason; rows already streamed stay emitted; the next message goes on. " +
			"A missing credential or an unreachable database at start fails the run.",
		Inputs:  []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{{Name: "out", Description: "Rows: new messages per row (each), or the input message with the rows (all, first)."}},
		Config: concat(connFields(), statementFields("SELECT id, name FROM customers WHERE country = $1"), []spec.Field{
			{Name: "output", Title: "Output", Type: spec.String, Enum: []string{EachRow, AllRows, FirstRow}, Default: EachRow,
				Description: "each: one new message per row (metadata sql.source = the input's id, sql.row = the position; no rows, no message). " +
					"all: the input message with an array of rows. first: the input message with the first row, or null."},
			{Name: "into", Title: "Into field", Type: spec.String, Examples: []any{"customer"},
				Description: "Put the result in this field of the input payload (an object) instead of replacing the payload."},
			{Name: "maxRows", Title: "Max rows", Type: spec.Integer, Default: 10000.0, Minimum: ptr(1), Advanced: true,
				ShowIf:      &spec.Condition{Field: "output", Equals: []any{AllRows}},
				Description: "With output all: fail the message when the result has more rows than this."},
		}),
	}
}

// queryNode runs a query per message and emits its rows.
type queryNode struct {
	conn    connConfig
	sql     string
	params  []string
	output  string
	into    string
	maxRows int
}

// emitError marks an Emit failure inside the row loop: the run is over.
type emitError struct{ err error }

func (e emitError) Error() string { return e.err.Error() }

// errEnough stops reading rows early.
var errEnough = errors.New("enough rows")

func newQuery(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	c, err := parseConn(cfg)
	if err != nil {
		return nil, err
	}
	q, params, err := parseStatement(cfg)
	if err != nil {
		return nil, err
	}
	n := &queryNode{conn: c, sql: q, params: params}
	if n.output, err = spec.Text(cfg, "output"); err != nil {
		return nil, err
	}
	if n.into, err = spec.Text(cfg, "into"); err != nil {
		return nil, err
	}
	maxRows, err := spec.Int(cfg, "maxRows")
	if err != nil {
		return nil, err
	}
	n.maxRows = int(max(maxRows, 1))
	return n, nil
}

// Run implements registry.Node.
func (n *queryNode) Run(ctx context.Context, io registry.IO) error {
	c, err := n.conn.open(ctx, io)
	if err != nil {
		return err
	}
	defer c.close()
	for {
		in, ok := io.Receive(ctx)
		if !ok {
			return nil
		}
		err := n.handle(ctx, io, c, in.Msg)
		if ee, ok := errors.AsType[emitError](err); ok {
			return ee.err
		}
		if err != nil && ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			if err := io.Fail(ctx, in.Msg, err); err != nil {
				return err
			}
		}
	}
}

func (n *queryNode) handle(ctx context.Context, io registry.IO, c conn, m *message.Message) error {
	if n.into != "" && !jsoncodec.IsObject(m.Payload) {
		return fmt.Errorf("field %q: the payload must be an object to put the result into", "into")
	}
	a, err := args(m.Payload, n.params)
	if err != nil {
		return err
	}
	switch n.output {
	case EachRow:
		i := 0
		return c.query(ctx, n.sql, a, func(r rowMap) error {
			out := &message.Message{ID: message.NewID(), Payload: n.result(m.Payload, r), Meta: maps.Clone(m.Meta)}
			if out.Meta == nil {
				out.Meta = map[string]string{}
			}
			out.Meta[SourceMeta], out.Meta[RowMeta] = m.ID, strconv.Itoa(i)
			i++
			if err := io.Emit(ctx, "out", out); err != nil {
				return emitError{err}
			}
			return nil
		})
	case FirstRow:
		var first any
		err = c.query(ctx, n.sql, a, func(r rowMap) error {
			first = r
			return errEnough
		})
		if errors.Is(err, errEnough) {
			err = nil
		}
		return n.emitResult(ctx, io, m, first, err)
	}
	rows := []any{}
	err = c.query(ctx, n.sql, a, func(r rowMap) error {
		if len(rows) >= n.maxRows {
			return fmt.Errorf("the query returned more than %d rows (maxRows)", n.maxRows)
		}
		rows = append(rows, r)
		return nil
	})
	return n.emitResult(ctx, io, m, rows, err)
}

// emitResult passes m on carrying result, unless the query failed.
func (n *queryNode) emitResult(ctx context.Context, io registry.IO, m *message.Message, result any, err error) error {
	if err != nil {
		return err
	}
	if err := io.Emit(ctx, "out", m.WithPayload(n.result(m.Payload, result))); err != nil {
		return emitError{err}
	}
	return nil
}

// result is the payload carrying v: v itself, or a copy of the input
// object with v in the into field.
func (n *queryNode) result(payload, v any) any {
	if n.into == "" {
		return v
	}
	return jsoncodec.WithMember(payload, n.into, v)
}
