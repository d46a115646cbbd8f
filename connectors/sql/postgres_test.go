package sql_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sqlconn "github.com/weftworks/weft/connectors/sql"
	"github.com/weftworks/weft/connectors/sql/pgtest"
	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/runtime"
)

const orders = `CREATE TABLE orders (
	id integer PRIMARY KEY,
	customer text NOT NULL,
	total numeric(10, 2) CHECK (total >= 0),
	items jsonb,
	placed timestamptz,
	ref uuid,
	big bigint
)`

// postgres returns a fresh database holding schema, the credentials that
// name it "pg", and a connection to check it.
func postgres(t *testing.T, schema ...string) (credential.Static, *pgx.Conn) {
	t.Helper()
	dsn := postgresDSN(t)
	ctx := context.Background()
	c, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	for _, s := range schema {
		_, err := c.Exec(ctx, s)
		require.NoError(t, err, s)
	}
	return credential.Static{"pg": {Kind: credential.DSN, Fields: map[string]string{"dsn": dsn}}}, c
}

func pgRows(t *testing.T, c *pgx.Conn, query string) [][]any {
	t.Helper()
	rs, err := c.Query(context.Background(), query)
	require.NoError(t, err)
	out, err := pgx.CollectRows(rs, func(r pgx.CollectableRow) ([]any, error) { return r.Values() })
	require.NoError(t, err)
	return out
}

func TestPostgresInsertAndQuery(t *testing.T) {
	creds, c := postgres(t, orders)
	ins := node("sql.insert", "driver", "postgres", "credential", "pg", "table", "public.orders")
	res := pipeline(t, ins, creds,
		map[string]any{"id": 1, "customer": "Ada", "total": 12.5, "items": []any{map[string]any{"sku": "A", "qty": 2}},
			"placed": "2026-01-02T03:04:05Z", "ref": "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "big": "9007199254740993"},
		map[string]any{"id": 2, "customer": "Bo", "total": -1},             // check constraint
		map[string]any{"id": 1, "customer": "Again"},                       // duplicate key
		map[string]any{"id": 3, "customer": "Cy", "total": "not a number"}, // wrong type
		map[string]any{"id": 4, "customer": "x'); DROP TABLE orders; --", "total": 0},
	)
	require.Equal(t, runtime.StatusSucceeded, res.rec.Status, res.rec.Error)
	assert.Len(t, res.Messages("ok"), 2)
	assertReasons(t, []string{`violates check constraint "orders_total_check"`,
		`duplicate key value violates unique constraint "orders_pkey"`, "invalid input syntax for type numeric"}, res)
	assert.Len(t, res.Messages("errors"), 3)

	q := node("sql.query", "driver", "postgres", "credential", "pg",
		"sql", "SELECT id, customer, total, items, placed, ref, big FROM orders WHERE id = ANY($1::int[]) ORDER BY id",
		"params", []any{"ids"}, "output", "all")
	res = pipeline(t, q, creds, map[string]any{"ids": "{1,4}"})
	require.Equal(t, runtime.StatusSucceeded, res.rec.Status, res.rec.Error)
	require.Empty(t, res.errorReasons())
	assert.Equal(t, []any{[]any{
		map[string]any{"id": 1.0, "customer": "Ada", "total": json.Number("12.50"),
			"items": []any{map[string]any{"sku": "A", "qty": 2.0}}, "placed": "2026-01-02T03:04:05Z",
			"ref": "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "big": json.Number("9007199254740993")},
		map[string]any{"id": 4.0, "customer": "x'); DROP TABLE orders; --", "total": json.Number("0"),
			"items": nil, "placed": nil, "ref": nil, "big": nil},
	}}, payloads(res.Messages("ok")))
	assert.Len(t, pgRows(t, c, "SELECT id FROM orders"), 2, "the table survived the injection attempt")
}

func TestPostgresUpsertAndExecute(t *testing.T) {
	creds, c := postgres(t, orders)
	up := node("sql.upsert", "driver", "postgres", "credential", "pg", "table", "orders", "key", []any{"id"},
		"columns", []any{"id", "customer", "total"})
	res := pipeline(t, up, creds,
		map[string]any{"id": 1, "customer": "Ada", "total": 1},
		map[string]any{"id": 1, "customer": "Ada L", "total": 2},
		map[string]any{"id": 2, "customer": "Bo", "total": 3},
	)
	require.Equal(t, runtime.StatusSucceeded, res.rec.Status, res.rec.Error)
	require.Empty(t, res.errorReasons())
	assert.Equal(t, [][]any{{int32(1), "Ada L"}, {int32(2), "Bo"}}, pgRows(t, c, "SELECT id, customer FROM orders ORDER BY id"))

	exec := node("sql.execute", "driver", "postgres", "credential", "pg",
		"sql", "UPDATE orders SET total = total * $1 WHERE customer LIKE $2", "params", []any{"factor", "who"})
	res = pipeline(t, exec, creds, map[string]any{"factor": 10, "who": "Ada%"}, map[string]any{"factor": 2, "who": "nobody"})
	require.Equal(t, runtime.StatusSucceeded, res.rec.Status, res.rec.Error)
	require.Empty(t, res.errorReasons())
	require.Len(t, res.Messages("ok"), 2)
	assert.Equal(t, "1", res.Messages("ok")[0].Meta[sqlconn.RowsAffectedMeta])
	assert.Equal(t, "0", res.Messages("ok")[1].Meta[sqlconn.RowsAffectedMeta])
	assert.Equal(t, [][]any{{"Ada L", "20.00"}, {"Bo", "3.00"}}, pgRows(t, c, "SELECT customer, total::text FROM orders ORDER BY id"))
}

// In PostgreSQL a failed statement aborts the whole transaction: the
// batch's savepoints are what keep the other messages.
func TestPostgresBatchSavepoints(t *testing.T) {
	creds, c := postgres(t, orders)
	ins := node("sql.insert", "driver", "postgres", "credential", "pg", "table", "orders",
		"columns", []any{"id", "customer"}, "transaction", "batch", "batchSize", 3.0)
	var in []any
	for i := 1; i <= 7; i++ {
		in = append(in, map[string]any{"id": i, "customer": "c"})
	}
	in[4] = map[string]any{"id": 2, "customer": "dup"}
	res := pipeline(t, ins, creds, in...)
	require.Equal(t, runtime.StatusSucceeded, res.rec.Status, res.rec.Error)
	assert.Equal(t, [][]any{{int32(1)}, {int32(2)}, {int32(3)}, {int32(4)}, {int32(6)}, {int32(7)}},
		pgRows(t, c, "SELECT id FROM orders ORDER BY id"))
	assertReasons(t, []string{"duplicate key value"}, res)
	assert.Len(t, res.Messages("ok"), 6)
}

func TestPostgresQueryStreamsRows(t *testing.T) {
	creds, _ := postgres(t)
	q := node("sql.query", "driver", "postgres", "credential", "pg", "sql", "SELECT n FROM generate_series(1, $1::int) AS n", "params", []any{"n"})
	res := pipeline(t, q, creds, map[string]any{"n": 500}, map[string]any{"n": 0}, map[string]any{"n": 3})
	require.Equal(t, runtime.StatusSucceeded, res.rec.Status, res.rec.Error)
	require.Len(t, res.Messages("ok"), 503)
	assert.Equal(t, map[string]any{"n": 500.0}, jsoncodec.Plain(res.Messages("ok")[499].Payload))
	assert.Equal(t, map[string]any{"n": 3.0}, jsoncodec.Plain(res.Messages("ok")[502].Payload))
	assert.Equal(t, "1", res.Messages("ok")[501].Meta[sqlconn.RowMeta], "the second row of the third query")
}

func TestPostgresUnreachableFailsTheRun(t *testing.T) {
	port, err := pgtest.FreePort()
	require.NoError(t, err)
	creds := credential.Static{"pg": {Kind: credential.DSN, Fields: map[string]string{
		"dsn": fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable&connect_timeout=5", port)}}}
	res := pipeline(t, node("sql.query", "driver", "postgres", "credential", "pg", "sql", "SELECT 1"), creds, map[string]any{})
	assert.Equal(t, runtime.StatusFailed, res.rec.Status)
	assert.Contains(t, res.rec.Error, "postgres:")
}
