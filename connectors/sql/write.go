package sql

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// RowsAffectedMeta is the metadata key in which insert, upsert and execute
// pass on how many rows a message changed.
const RowsAffectedMeta = "sql.rowsAffected"

// The transaction modes.
const (
	PerMessage = "message"
	PerBatch   = "batch"
)

// savepoint isolates one message inside a batch transaction.
const savepoint = "weft_message"

// writeFunc runs one message's statements on ex and returns the rows they
// changed; an error fails that message only.
type writeFunc func(ctx context.Context, ex execer, payload any) (int64, error)

// txMode says how writes are grouped into transactions.
type txMode struct {
	batch bool
	size  int
	wait  time.Duration
}

func ptr(f float64) *float64 { return &f }

// txFields are the transaction settings of the writing nodes.
func txFields() []spec.Field {
	inBatch := &spec.Condition{Field: "transaction", Equals: []any{PerBatch}}
	return []spec.Field{
		{Name: "transaction", Title: "Transaction", Type: spec.String, Enum: []string{PerMessage, PerBatch}, Default: PerMessage,
			Description: "message: each message commits on its own. batch: up to batchSize messages share one transaction " +
				"(faster); each message runs in a savepoint, so a failing one is rolled back alone, and messages go on only after the commit."},
		{Name: "batchSize", Title: "Batch size", Type: spec.Integer, Default: 100.0, Minimum: ptr(1), ShowIf: inBatch,
			Description: "The most messages in one transaction."},
		{Name: "batchWaitMs", Title: "Batch wait (ms)", Type: spec.Integer, Default: 200.0, Minimum: ptr(1), ShowIf: inBatch, Advanced: true,
			Description: "Commit a partial batch when no message arrived for this long."},
	}
}

func parseTx(cfg map[string]any) (txMode, error) {
	mode, err := spec.Text(cfg, "transaction")
	if err != nil {
		return txMode{}, err
	}
	size, err := spec.Int(cfg, "batchSize")
	if err != nil {
		return txMode{}, err
	}
	wait, err := spec.Int(cfg, "batchWaitMs")
	if err != nil {
		return txMode{}, err
	}
	if mode != PerMessage && mode != PerBatch {
		return txMode{}, fmt.Errorf("field %q: unknown mode %q", "transaction", mode)
	}
	return txMode{batch: mode == PerBatch, size: int(max(size, 1)), wait: time.Duration(max(wait, 1)) * time.Millisecond}, nil
}

// writer is the Run loop the writing nodes share.
type writer struct {
	conn  connConfig
	mode  txMode
	apply writeFunc
}

func (w *writer) run(ctx context.Context, io registry.IO) error {
	c, err := w.conn.open(ctx, io)
	if err != nil {
		return err
	}
	defer c.close()
	if w.mode.batch {
		b := &batch{w: w, c: c, io: io}
		return b.run(ctx)
	}
	for {
		in, ok := io.Receive(ctx)
		if !ok {
			return nil
		}
		n, err := w.inTx(ctx, c, in.Msg.Payload)
		switch {
		case err != nil && ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			err = io.Fail(ctx, in.Msg, err)
		default:
			err = emitWritten(ctx, io, in.Msg, n)
		}
		if err != nil {
			return err
		}
	}
}

// inTx applies one message in its own transaction.
func (w *writer) inTx(ctx context.Context, c conn, payload any) (int64, error) {
	tx, err := c.begin(ctx)
	if err != nil {
		return 0, err
	}
	n, err := w.apply(ctx, tx, payload)
	if err != nil {
		_ = tx.rollback(ctx)
		return 0, err
	}
	return n, tx.commit(ctx)
}

// emitWritten passes m on with the number of rows it changed.
func emitWritten(ctx context.Context, io registry.IO, m *message.Message, n int64) error {
	if m.Meta == nil {
		m.Meta = map[string]string{}
	}
	m.Meta[RowsAffectedMeta] = strconv.FormatInt(n, 10)
	return io.Emit(ctx, "out", m)
}
