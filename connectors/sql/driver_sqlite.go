package sql

import (
	"context"
	dbsql "database/sql"
	"fmt"
	"strings"

	// modernc.org/sqlite registers the CGO-free "sqlite" driver.
	_ "modernc.org/sqlite"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// sqlitePragmas make a file shared by several nodes and processes safe to
// write: wait for locks instead of failing, write-ahead logging, enforced
// foreign keys, and write transactions that take the lock up front.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate"

type sqliteConn struct{ db *dbsql.DB }

type sqliteTx struct{ tx *dbsql.Tx }

// queryer is what *sql.DB and *sql.Tx share.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (dbsql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*dbsql.Rows, error)
}

func openSQLite(ctx context.Context, dsn string) (conn, error) {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	db, err := dbsql.Open("sqlite", dsn+sep+sqlitePragmas)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	// A node works sequentially: one connection, so that a transaction and
	// the statements inside it share it.
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", dsn, err)
	}
	return &sqliteConn{db: db}, nil
}

func (c *sqliteConn) exec(ctx context.Context, q string, args []any) (int64, error) {
	return sqliteExec(ctx, c.db, q, args)
}

func (c *sqliteConn) query(ctx context.Context, q string, args []any, row func(rowMap) error) error {
	return sqliteQuery(ctx, c.db, q, args, row)
}

func (c *sqliteConn) begin(ctx context.Context) (txn, error) {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &sqliteTx{tx: tx}, nil
}

func (c *sqliteConn) close() error { return c.db.Close() }

func (t *sqliteTx) exec(ctx context.Context, q string, args []any) (int64, error) {
	return sqliteExec(ctx, t.tx, q, args)
}

func (t *sqliteTx) query(ctx context.Context, q string, args []any, row func(rowMap) error) error {
	return sqliteQuery(ctx, t.tx, q, args, row)
}

func (t *sqliteTx) commit(context.Context) error   { return t.tx.Commit() }
func (t *sqliteTx) rollback(context.Context) error { return t.tx.Rollback() }

func sqliteExec(ctx context.Context, q queryer, query string, args []any) (int64, error) {
	res, err := q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func sqliteQuery(ctx context.Context, q queryer, query string, args []any, row func(rowMap) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		r := jsoncodec.NewObject(len(cols))
		for i, c := range cols {
			r.Set(c, fromDB(vals[i]))
		}
		if err := row(r); err != nil {
			return err
		}
	}
	return rows.Err()
}
