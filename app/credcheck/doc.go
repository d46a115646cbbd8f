// Package credcheck tries a stored credential against the system it is
// for ("test connection" in Studio's Credentials panel): an HTTP GET with
// a basic, bearer or API key credential applied, a token request for
// OAuth2 client credentials, open and ping for a database DSN (PostgreSQL
// through pgx, SQLite through modernc.org/sqlite), a connection for NATS,
// SASL authentication and a metadata request for Kafka.
//
// A check that reaches a verdict returns a Result, OK or not, with a
// message a person reads; only a request that cannot be checked at all (a
// kind without a test, a missing target) is an error.
//
// credcheck may import engine/credential, the standard library and the
// client libraries it dials with; it must never import app/, the runtime
// or Wails.
package credcheck
