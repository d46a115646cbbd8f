package sql

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// The drivers.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// ErrNoDatabase is returned by a factory whose config names no database:
// SQLite needs a file path or a credential, PostgreSQL a credential.
var ErrNoDatabase = errors.New("no database configured")

// rowMap is one result row: column name → JSON-like value, in the
// query's column order.
type rowMap = *jsoncodec.Object

// execer runs statements on a connection or inside a transaction.
type execer interface {
	// exec runs a statement and returns the number of rows it affected.
	exec(ctx context.Context, query string, args []any) (int64, error)
	// query runs a statement and calls row for each result row, in order,
	// while the cursor is open; an error from row stops the iteration and
	// is returned.
	query(ctx context.Context, query string, args []any, row func(rowMap) error) error
}

// conn is an open database connection.
type conn interface {
	execer
	begin(ctx context.Context) (txn, error)
	close() error
}

// txn is an open transaction.
type txn interface {
	execer
	commit(ctx context.Context) error
	rollback(ctx context.Context) error
}

// connConfig says which database a node talks to.
type connConfig struct {
	driver     string
	path       string
	credential string
}

// connFields are the config fields every node of the family has.
func connFields() []spec.Field {
	return []spec.Field{
		{Name: "driver", Title: "Database", Type: spec.String, Enum: []string{SQLite, Postgres}, Default: SQLite,
			Description: "sqlite: an embedded database file; postgres: a PostgreSQL server."},
		{Name: "path", Title: "SQLite file", Type: spec.String, ShowIf: &spec.Condition{Field: "driver", Equals: []any{SQLite}},
			Description: "Path of the SQLite database file (created when missing). Ignored when a credential is set.",
			Examples:    []any{"data/orders.db"}},
		{Name: "credential", Title: "Credential", Type: spec.String, Editor: spec.EditorCredential,
			Description: "A credential of kind dsn. PostgreSQL: a URL (postgres://user@host:5432/db) or key=value DSN; " +
				"SQLite: a file path or file: URI."},
	}
}

func parseConn(cfg map[string]any) (connConfig, error) {
	var c connConfig
	var err error
	if c.driver, err = spec.Text(cfg, "driver"); err != nil {
		return c, err
	}
	if c.path, err = spec.Text(cfg, "path"); err != nil {
		return c, err
	}
	if c.credential, err = spec.Text(cfg, "credential"); err != nil {
		return c, err
	}
	switch {
	case c.driver != SQLite && c.driver != Postgres:
		return c, fmt.Errorf("field %q: unknown driver %q", "driver", c.driver)
	case c.credential != "":
		return c, nil
	case c.driver == Postgres:
		return c, fmt.Errorf("field %q: %w: PostgreSQL needs a dsn credential", "credential", ErrNoDatabase)
	case c.path == "":
		return c, fmt.Errorf("field %q: %w: set the SQLite file path or a dsn credential", "path", ErrNoDatabase)
	}
	return c, nil
}

// open resolves the DSN (through the run's credentials when the config
// names one) and connects.
func (c connConfig) open(ctx context.Context, io registry.IO) (conn, error) {
	dsn := c.path
	if c.credential != "" {
		cred, err := credential.Lookup(ctx, io, c.credential, credential.DSN)
		if err != nil {
			return nil, err
		}
		dsn = strings.TrimSpace(cred.Field("dsn"))
		if dsn == "" {
			return nil, fmt.Errorf("credential %q: %w: its dsn field is empty", c.credential, ErrNoDatabase)
		}
	}
	if c.driver == Postgres {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}
