// Package sql holds the database node types: sql.query (rows out, one
// message per row or all at once), sql.insert, sql.upsert and sql.execute.
//
// # Basics
//
// Every value from a message reaches the database as a bound parameter,
// never spliced into the statement text: query and execute bind the
// payload paths listed in "params" to the statement's placeholders, insert
// and upsert bind one parameter per column. Table and column names come
// from the node's config and are quoted as identifiers.
//
// Two drivers are built in, both free of cgo: SQLite through
// modernc.org/sqlite (the default, for a file named in the config or by a
// credential) and PostgreSQL through github.com/jackc/pgx/v5 (the DSN comes
// from a credential of kind dsn, resolved at run time through the host's
// engine/credential Source). Each running node opens one connection in Run
// and closes it before Run returns.
//
// Writes run in a transaction per message, or per batch of messages; in a
// batch every message runs inside its own savepoint, so one bad message
// (a constraint violation, a wrong type) is rolled back and goes to the
// error port while the rest of the batch commits. Messages of a batch are
// passed on only after the commit.
//
// # Caveats
//
// Placeholders are the driver's own: `?` or `?1` for SQLite, `$1` for
// PostgreSQL. A payload path that does not exist binds NULL.
//
// This package imports engine packages and the two drivers only; it must
// never import app, another connector family or Wails.
package sql
