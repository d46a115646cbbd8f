// Package pgtest starts a throw-away PostgreSQL cluster for tests that
// need a real server: initdb into a temporary directory, pg_ctl start on
// a free 127.0.0.1 port (its socket in the same directory), stop and
// remove it at the end. As root the server runs as the postgres user.
// The superuser postgres has the password Password (scram-sha-256), so
// tests can also check what a wrong password does.
//
// Start fails with an error wrapping os.ErrNotExist when PostgreSQL is not
// installed (build/scripts/setup.sh installs Debian's postgresql); tests
// skip then, except under CI.
//
// pgtest is for tests only; it may import the standard library and must
// never be imported by non-test code.
package pgtest
