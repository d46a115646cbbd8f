package credcheck

import (
	"context"
	dbsql "database/sql"
	"errors"
	"io/fs"
	"os"
	"strings"

	"github.com/jackc/pgx/v5"
	// modernc.org/sqlite registers the CGO-free "sqlite" driver.
	_ "modernc.org/sqlite"
)

// checkDSN opens and pings the database dsn names: a postgres:// URL or a
// key=value DSN with a host goes to PostgreSQL, anything else is a SQLite
// file, which must already exist (a check never creates one).
func checkDSN(ctx context.Context, dsn string) Result {
	dsn = strings.TrimSpace(dsn)
	if isPostgres(dsn) {
		return checkPostgres(ctx, dsn)
	}
	return checkSQLite(ctx, dsn)
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") ||
		strings.Contains(dsn, "host=") || strings.Contains(dsn, "dbname=")
}

func checkPostgres(ctx context.Context, dsn string) Result {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fail("PostgreSQL: %v", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if err := conn.Ping(ctx); err != nil {
		return fail("PostgreSQL: %v", err)
	}
	v := conn.PgConn().ParameterStatus("server_version")
	return pass("connected to PostgreSQL %s", v)
}

func checkSQLite(ctx context.Context, dsn string) Result {
	path := strings.TrimPrefix(dsn, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if path != ":memory:" {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return fail("SQLite: the file %s does not exist", path)
		} else if err != nil {
			return fail("SQLite: %v", err)
		}
	}
	db, err := dbsql.Open("sqlite", dsn)
	if err != nil {
		return fail("SQLite: %v", err)
	}
	defer db.Close()
	var version string
	if err := db.QueryRowContext(ctx, "select sqlite_version()").Scan(&version); err != nil {
		return fail("SQLite: %v", err)
	}
	return pass("opened SQLite %s database %s", version, path)
}
