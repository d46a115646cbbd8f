package sql_test

import (
	"context"
	dbsql "database/sql"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/spec"
)

// gatedTrigger emits its first payload, waits until ready reports true,
// then emits the second: a source that goes quiet in between.
type gatedTrigger struct {
	first, second any
	ready         func() bool
}

func (g *gatedTrigger) Run(ctx context.Context, io registry.IO) error {
	if err := io.Emit(ctx, "out", message.New(g.first)); err != nil {
		return err
	}
	deadline := time.Now().Add(30 * time.Second)
	for !g.ready() {
		if time.Now().After(deadline) {
			return errors.New("the partial batch was never committed")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	return io.Emit(ctx, "out", message.New(g.second))
}

// A partial batch commits once its input has been quiet for batchWaitMs,
// without waiting for the batch to fill or the input to close.
func TestBatchCommitsWhenInputIsQuiet(t *testing.T) {
	path, db := sqliteFile(t, customers)
	count := func() int {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM customers").Scan(&n); err != nil && !errors.Is(err, dbsql.ErrNoRows) {
			return -1
		}
		return n
	}
	r := newRegistry(t)
	require.NoError(t, r.Register(spec.Spec{Type: "test.gated", Title: "Gated", Category: spec.Trigger, Outputs: []spec.Port{{Name: "out"}}},
		func(flow.Node, map[string]any) (registry.Node, error) {
			return &gatedTrigger{first: map[string]any{"name": "A"}, second: map[string]any{"name": "B"}, ready: func() bool { return count() == 1 }}, nil
		}))
	f := &flow.Flow{FormatVersion: flow.FormatVersion, ID: "f", Name: "f", Nodes: []flow.Node{
		{ID: "trigger", Type: "test.gated"},
		{ID: "db", Type: "sql.insert", Config: cfg("path", path, "table", "customers", "transaction", "batch", "batchSize", 100.0, "batchWaitMs", 20.0)},
	}, Edges: []flow.Edge{edge("e1", "trigger", "out", "db", "in")}}
	plan, err := runtime.Compile(f, r)
	require.NoError(t, err)
	rec := plan.Run(context.Background(), runtime.Options{})

	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	assert.Equal(t, 2, count())
	assert.Equal(t, int64(2), rec.Nodes["db"].Out)
}
