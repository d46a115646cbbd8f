package credcheck_test

import (
	"context"
	dbsql "database/sql"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/weftworks/weft/app/credcheck"
	"github.com/weftworks/weft/connectors/sql/pgtest"
	"github.com/weftworks/weft/engine/credential"
)

func cred(kind credential.Kind, fields map[string]string) credential.Credential {
	return credential.Credential{Name: "c", Kind: kind, Fields: fields}
}

// authServer accepts basic ada:pw, bearer t0k or the API key k1 in the
// X-Key header or the key query parameter.
func authServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, _ := r.BasicAuth()
		switch {
		case r.URL.Path == "/boom":
			w.WriteHeader(http.StatusInternalServerError)
		case u == "ada" && p == "pw", r.Header.Get("Authorization") == "Bearer t0k",
			r.Header.Get("X-Key") == "k1", r.URL.Query().Get("key") == "k1":
			w.WriteHeader(http.StatusOK)
		default:
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestCheckHTTP(t *testing.T) {
	srv := authServer(t)
	tests := []struct {
		name   string
		cred   credential.Credential
		path   string
		ok     bool
		reason string
	}{
		{name: "basic ok", cred: cred(credential.Basic, map[string]string{"username": "ada", "password": "pw"}), ok: true, reason: "200 OK"},
		{name: "basic wrong", cred: cred(credential.Basic, map[string]string{"username": "ada", "password": "no"}), reason: "rejected the credential: HTTP 401"},
		{name: "bearer ok", cred: cred(credential.Bearer, map[string]string{"token": "t0k"}), ok: true},
		{name: "apikey header", cred: cred(credential.APIKey, map[string]string{"key": "k1", "name": "X-Key"}), ok: true},
		{name: "apikey query", cred: cred(credential.APIKey, map[string]string{"key": "k1", "in": "query", "name": "key"}), ok: true},
		{name: "apikey wrong", cred: cred(credential.APIKey, map[string]string{"key": "k2", "name": "X-Key"}), reason: "401"},
		{name: "server error", cred: cred(credential.Bearer, map[string]string{"token": "t0k"}), path: "/boom", reason: "answered HTTP 500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := credcheck.Check(context.Background(), tt.cred, srv.URL+tt.path)
			require.NoError(t, err)
			assert.Equal(t, tt.ok, res.OK, res.Message)
			assert.Contains(t, res.Message, tt.reason)
		})
	}
}

func TestCheckHTTPBadTargets(t *testing.T) {
	c := cred(credential.Bearer, map[string]string{"token": "t"})
	_, err := credcheck.Check(context.Background(), c, "")
	require.ErrorIs(t, err, credcheck.ErrTargetRequired)

	res, err := credcheck.Check(context.Background(), c, "ftp://example.test/")
	require.NoError(t, err)
	assert.False(t, res.OK)
	assert.Contains(t, res.Message, "not an http or https URL")

	res, err = credcheck.Check(context.Background(), c, "http://"+closedAddr(t)+"/")
	require.NoError(t, err)
	assert.False(t, res.OK)
	assert.Contains(t, res.Message, "request failed")
}

func TestCheckNotTestable(t *testing.T) {
	_, err := credcheck.Check(context.Background(), cred("ftp", nil), "x")
	require.ErrorIs(t, err, credcheck.ErrNotTestable)
}

func TestCheckOAuth2(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, secret, _ := r.BasicAuth()
		w.Header().Set("Content-Type", "application/json")
		if r.Method != http.MethodPost || r.FormValue("grant_type") != "client_credentials" || r.FormValue("scope") != "read write" {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":"invalid_request"}`))
			return
		}
		if id != "app" || secret != "s3c" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"bad secret"}`))
			return
		}
		_, _ = w.Write([]byte(`{"access_token":"tok","token_type":"bearer","expires_in":3600}`))
	}))
	defer srv.Close()
	fields := func(secret string) map[string]string {
		return map[string]string{"tokenUrl": srv.URL, "clientId": "app", "clientSecret": secret, "scopes": "read write"}
	}

	res, err := credcheck.Check(context.Background(), cred(credential.OAuth2, fields("s3c")), "")
	require.NoError(t, err)
	assert.True(t, res.OK, res.Message)
	assert.Contains(t, res.Message, "expires in 3600 s")

	res, err = credcheck.Check(context.Background(), cred(credential.OAuth2, fields("nope")), "")
	require.NoError(t, err)
	assert.False(t, res.OK)
	assert.Contains(t, res.Message, "invalid_client bad secret")
}

func TestCheckSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orders.db")
	db, err := dbsql.Open("sqlite", path)
	require.NoError(t, err)
	_, err = db.Exec("create table t (x int)")
	require.NoError(t, err)
	require.NoError(t, db.Close())

	for _, dsn := range []string{path, "file:" + path + "?mode=ro"} {
		res, err := credcheck.Check(context.Background(), cred(credential.DSN, map[string]string{"dsn": dsn}), "")
		require.NoError(t, err)
		assert.True(t, res.OK, res.Message)
		assert.Contains(t, res.Message, "opened SQLite")
	}

	missing := filepath.Join(t.TempDir(), "missing.db")
	res, err := credcheck.Check(context.Background(), cred(credential.DSN, map[string]string{"dsn": missing}), "")
	require.NoError(t, err)
	assert.False(t, res.OK)
	assert.Contains(t, res.Message, "does not exist")
	assert.NoFileExists(t, missing, "a check never creates a database")
}

func TestCheckPostgresUnreachable(t *testing.T) {
	dsn := "postgres://weft:pw@" + closedAddr(t) + "/weft?connect_timeout=2"
	res, err := credcheck.Check(context.Background(), cred(credential.DSN, map[string]string{"dsn": dsn}), "")
	require.NoError(t, err)
	assert.False(t, res.OK)
	assert.Contains(t, res.Message, "PostgreSQL:")
	assert.NotContains(t, res.Message, ":pw@", "the password is not echoed")
}

func TestCheckNATS(t *testing.T) {
	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT,
		Username: "ada", Password: "pw", NoLog: true, NoSigs: true})
	require.NoError(t, err)
	go ns.Start()
	t.Cleanup(ns.Shutdown)
	require.True(t, ns.ReadyForConnections(5*time.Second))

	res, err := credcheck.Check(context.Background(), cred(credential.NATS, map[string]string{"user": "ada", "password": "pw"}), ns.ClientURL())
	require.NoError(t, err)
	assert.True(t, res.OK, res.Message)
	assert.Contains(t, res.Message, "connected to NATS")

	res, err = credcheck.Check(context.Background(), cred(credential.NATS, map[string]string{"user": "ada", "password": "no"}), ns.ClientURL())
	require.NoError(t, err)
	assert.False(t, res.OK)
	assert.Contains(t, res.Message, "NATS:")
}

func TestCheckKafka(t *testing.T) {
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.EnableSASL(),
		kfake.Superuser("PLAIN", "ada", "pw"), kfake.Superuser("SCRAM-SHA-256", "grace", "pw2"))
	require.NoError(t, err)
	t.Cleanup(cluster.Close)
	brokers := strings.Join(cluster.ListenAddrs(), ",")

	tests := []struct {
		name   string
		fields map[string]string
		ok     bool
	}{
		{name: "plain", fields: map[string]string{"mechanism": "plain", "username": "ada", "password": "pw"}, ok: true},
		{name: "scram", fields: map[string]string{"mechanism": "scram-sha-256", "username": "grace", "password": "pw2"}, ok: true},
		{name: "wrong password", fields: map[string]string{"mechanism": "plain", "username": "ada", "password": "no"}},
		{name: "unknown mechanism", fields: map[string]string{"mechanism": "gssapi", "username": "ada"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := credcheck.Check(context.Background(), cred(credential.Kafka, tt.fields), brokers)
			require.NoError(t, err)
			assert.Equal(t, tt.ok, res.OK, res.Message)
			assert.Contains(t, res.Message, "Kafka")
		})
	}
}

// closedAddr returns a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

func TestCheckPostgres(t *testing.T) {
	pg := pgtest.StartOrSkip(t)
	tests := []struct {
		name   string
		dsn    string
		ok     bool
		reason string
	}{
		{name: "right password", dsn: pg.DSN("postgres", pgtest.Password), ok: true, reason: "connected to PostgreSQL 1"},
		{name: "wrong password", dsn: pg.DSN("postgres", "nope"), reason: "password authentication failed"},
		{name: "missing database", dsn: pg.DSN("nothere", pgtest.Password), reason: `database "nothere" does not exist`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := credcheck.Check(context.Background(), cred(credential.DSN, map[string]string{"dsn": tt.dsn}), "")
			require.NoError(t, err)
			assert.Equal(t, tt.ok, res.OK, res.Message)
			assert.Contains(t, res.Message, tt.reason)
			assert.NotContains(t, res.Message, pgtest.Password, "the password is not echoed")
		})
	}
}
