package sql

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/weftworks/weft/engine/jsoncodec"
)

type pgConn struct{ c *pgx.Conn }

type pgTx struct{ tx pgx.Tx }

// pgQueryer is what *pgx.Conn and pgx.Tx share.
type pgQueryer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func openPostgres(ctx context.Context, dsn string) (conn, error) {
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return &pgConn{c: c}, nil
}

func (c *pgConn) exec(ctx context.Context, q string, args []any) (int64, error) {
	return pgExec(ctx, c.c, q, args)
}

func (c *pgConn) query(ctx context.Context, q string, args []any, row func(rowMap) error) error {
	return pgQuery(ctx, c.c, q, args, row)
}

func (c *pgConn) begin(ctx context.Context) (txn, error) {
	tx, err := c.c.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return &pgTx{tx: tx}, nil
}

func (c *pgConn) close() error {
	// The run's context may be done already; closing must still say goodbye.
	return c.c.Close(context.Background())
}

func (t *pgTx) exec(ctx context.Context, q string, args []any) (int64, error) {
	return pgExec(ctx, t.tx, q, args)
}

func (t *pgTx) query(ctx context.Context, q string, args []any, row func(rowMap) error) error {
	return pgQuery(ctx, t.tx, q, args, row)
}

func (t *pgTx) commit(ctx context.Context) error   { return t.tx.Commit(ctx) }
func (t *pgTx) rollback(ctx context.Context) error { return t.tx.Rollback(context.WithoutCancel(ctx)) }

func pgExec(ctx context.Context, q pgQueryer, query string, args []any) (int64, error) {
	tag, err := q.Exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func pgQuery(ctx context.Context, q pgQueryer, query string, args []any, row func(rowMap) error) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	fields := rows.FieldDescriptions()
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return err
		}
		r := jsoncodec.NewObject(len(fields))
		for i, f := range fields {
			r.Set(f.Name, fromDB(vals[i]))
		}
		if err := row(r); err != nil {
			return err
		}
	}
	return rows.Err()
}
