package sql_test

import (
	"context"
	dbsql "database/sql"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/weftworks/weft/connectors/core"
	sqlconn "github.com/weftworks/weft/connectors/sql"
	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/runtime/runtimetest"
)

func newRegistry(t testing.TB) *registry.Registry {
	t.Helper()
	r := registry.New()
	require.NoError(t, core.Register(r))
	require.NoError(t, sqlconn.Register(r))
	return r
}

// result is what a pipeline run produced.
type result struct {
	rec *runtime.Record
	*runtimetest.Collector
}

func payloads(ms []*message.Message) []any {
	out := []any{}
	for _, m := range ms {
		out = append(out, jsoncodec.Plain(jsoncodec.CloneValue(m.Payload)))
	}
	return out
}

// errorReasons are the reasons of the failures the error port carried.
func (r *result) errorReasons() []string {
	var out []string
	for _, m := range r.Messages("errors") {
		out = append(out, m.Payload.(map[string]any)["error"].(string))
	}
	return out
}

// pipeline runs manual(payloads) → node → debug "ok", with the node's
// error port wired to debug "errors". creds, when not nil, is the run's
// credential source.
func pipeline(t *testing.T, node flow.Node, creds credential.Source, payloads ...any) *result {
	t.Helper()
	data, err := json.Marshal(payloads)
	require.NoError(t, err)
	node.ID = "db"
	f := runtimetest.Flow([]flow.Node{
		{ID: "trigger", Type: "core.manual", Config: map[string]any{"payloads": string(data)}},
		node, runtimetest.Debug("ok"), runtimetest.Debug("errors"),
	}, "trigger->db", "db->ok", "db:"+flow.ErrorPort+"->errors")
	plan, err := runtime.Compile(f, newRegistry(t))
	require.NoError(t, err)
	services := registry.Services{}
	if creds != nil {
		registry.Provide(services, credential.Key, creds)
	}
	res := &result{Collector: runtimetest.NewCollector()}
	res.rec = plan.Run(context.Background(), runtime.Options{OnDebug: res.Add, Services: services})
	return res
}

func edge(id, from, fp, to, tp string) flow.Edge {
	return flow.Edge{ID: id, From: flow.PortRef{Node: from, Port: fp}, To: flow.PortRef{Node: to, Port: tp}}
}

// cfg builds a node config from key/value pairs.
func cfg(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

// sqliteFile returns the path of a new SQLite database in a temporary
// directory, created with the statements in schema, and a handle on it to
// check what the nodes wrote.
func sqliteFile(t *testing.T, schema ...string) (string, *dbsql.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	db, err := dbsql.Open("sqlite", path+"?_pragma=busy_timeout(10000)")
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	for _, s := range schema {
		_, err := db.Exec(s)
		require.NoError(t, err, s)
	}
	return path, db
}

// rows reads a query's result as JSON-like rows, for checks.
func rows(t *testing.T, db *dbsql.DB, query string) [][]any {
	t.Helper()
	rs, err := db.Query(query)
	require.NoError(t, err)
	defer rs.Close()
	cols, err := rs.Columns()
	require.NoError(t, err)
	var out [][]any
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rs.Scan(ptrs...))
		out = append(out, vals)
	}
	require.NoError(t, rs.Err())
	return out
}
