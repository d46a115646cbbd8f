package sql_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sqlconn "github.com/weftworks/weft/connectors/sql"
	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/runtime"
)

const customers = `CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, country TEXT, tags TEXT)`

func node(typ string, kv ...any) flow.Node {
	return flow.Node{Type: typ, Config: cfg(kv...)}
}

func TestSQLiteInsert(t *testing.T) {
	tests := []struct {
		name     string
		config   []any
		payloads []any
		want     [][]any
		affected []string
		errors   []string
	}{
		{
			name:     "one row per object, every field",
			payloads: []any{map[string]any{"id": 1, "name": "Ada", "country": "UK"}, map[string]any{"id": 2, "name": "Bo"}},
			want:     [][]any{{int64(1), "Ada", "UK", nil}, {int64(2), "Bo", nil, nil}},
			affected: []string{"1", "1"},
		},
		{
			name:     "an array is one row each, one transaction",
			payloads: []any{[]any{map[string]any{"id": 1, "name": "Ada"}, map[string]any{"id": 2, "name": "Bo"}}},
			want:     [][]any{{int64(1), "Ada", nil, nil}, {int64(2), "Bo", nil, nil}},
			affected: []string{"2"},
		},
		{
			name:     "listed columns only; objects as JSON text",
			config:   []any{"columns", []any{"name", "tags"}},
			payloads: []any{map[string]any{"id": 9, "name": "Ada", "tags": []any{"a", 1}}},
			want:     [][]any{{int64(1), "Ada", nil, `["a",1]`}},
			affected: []string{"1"},
		},
		{
			name:     "values are bound, never spliced",
			payloads: []any{map[string]any{"name": "x'); DROP TABLE customers; --"}},
			want:     [][]any{{int64(1), "x'); DROP TABLE customers; --", nil, nil}},
			affected: []string{"1"},
		},
		{
			name: "a constraint violation fails that message only",
			payloads: []any{map[string]any{"id": 1, "name": "Ada"}, map[string]any{"id": 2, "name": "Ada"},
				map[string]any{"id": 3, "name": "Cy"}},
			want:     [][]any{{int64(1), "Ada", nil, nil}, {int64(3), "Cy", nil, nil}},
			affected: []string{"1", "1"},
			errors:   []string{"UNIQUE constraint failed: customers.name"},
		},
		{
			name:     "a failing record rolls its whole message back",
			payloads: []any{[]any{map[string]any{"id": 1, "name": "Ada"}, map[string]any{"id": 2}}},
			errors:   []string{"record 2: ", "NOT NULL constraint failed: customers.name"},
		},
		{
			name:     "bad payloads",
			payloads: []any{"text", []any{map[string]any{"id": 1, "name": "A"}, 2.0}, map[string]any{}, map[string]any{"nope": 1}},
			errors: []string{"the payload must be an object or an array of objects", "element 2: the payload must be",
				"the record has no fields", "no column named nope"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, db := sqliteFile(t, customers)
			res := pipeline(t, node("sql.insert", append([]any{"path", path, "table", "customers"}, tt.config...)...), nil, tt.payloads...)

			require.Equal(t, runtime.StatusSucceeded, res.rec.Status, res.rec.Error)
			assert.Equal(t, tt.want, rows(t, db, "SELECT id, name, country, tags FROM customers ORDER BY id"))
			var affected []string
			for _, m := range res.Messages("ok") {
				affected = append(affected, m.Meta[sqlconn.RowsAffectedMeta])
			}
			assert.Equal(t, tt.affected, affected)
			assertReasons(t, tt.errors, res)
		})
	}
}

// assertReasons checks that the error port carried reasons containing
// want, in order (want may hold several parts of one reason when the
// failure count is lower).
func assertReasons(t *testing.T, want []string, res *result) {
	t.Helper()
	got := res.errorReasons()
	if len(want) == 0 {
		assert.Empty(t, got)
		return
	}
	require.NotEmpty(t, got)
	joined := ""
	for _, g := range got {
		joined += g + "\n"
	}
	for _, w := range want {
		assert.Contains(t, joined, w)
	}
	for _, m := range res.Messages("errors") {
		assert.Contains(t, m.Payload, "message", "the original message travels with the failure")
	}
}

func TestSQLiteUpsert(t *testing.T) {
	path, db := sqliteFile(t, customers)
	up := node("sql.upsert", "path", path, "table", "customers", "key", []any{"id"})
	res := pipeline(t, up,
		nil,
		map[string]any{"id": 1, "name": "Ada", "country": "UK"},
		map[string]any{"id": 2, "name": "Bo", "country": "SE"},
		map[string]any{"id": 1, "name": "Ada L", "country": "FR"},
		map[string]any{"name": "no key"},
	)
	require.Equal(t, runtime.StatusSucceeded, res.rec.Status, res.rec.Error)
	assert.Equal(t, [][]any{{int64(1), "Ada L", "FR"}, {int64(2), "Bo", "SE"}}, rows(t, db, "SELECT id, name, country FROM customers ORDER BY id"))
	assert.Len(t, res.Messages("ok"), 3)
	assertReasons(t, []string{`key column "id" is not among the columns written`}, res)

	_, err := db.Exec(`CREATE TABLE seen (id INTEGER PRIMARY KEY)`)
	require.NoError(t, err)
	keysOnly := node("sql.upsert", "path", path, "table", "seen", "key", []any{"id"}, "columns", []any{"id"})
	res = pipeline(t, keysOnly, nil, map[string]any{"id": 2}, map[string]any{"id": 2, "name": "ignored"})
	require.Equal(t, runtime.StatusSucceeded, res.rec.Status, res.rec.Error)
	require.Empty(t, res.errorReasons())
	require.Len(t, res.Messages("ok"), 2)
	assert.Equal(t, "1", res.Messages("ok")[0].Meta[sqlconn.RowsAffectedMeta])
	assert.Equal(t, "0", res.Messages("ok")[1].Meta[sqlconn.RowsAffectedMeta], "every column a key: an existing row is left alone")
	assert.Equal(t, [][]any{{int64(2)}}, rows(t, db, "SELECT id FROM seen"))
}

func TestSQLiteExecute(t *testing.T) {
	path, db := sqliteFile(t, customers, `INSERT INTO customers (id, name) VALUES (1, 'Ada'), (2, 'Bo'), (3, 'Cy')`)
	exec := node("sql.execute", "path", path, "sql", "UPDATE customers SET country = ?1 WHERE id >= ?2", "params", []any{"to", "from.id"})
	res := pipeline(t, exec, nil,
		map[string]any{"to": "SE", "from": map[string]any{"id": 2}},
		map[string]any{"to": "NO", "from": map[string]any{"id": 3}},
		map[string]any{"to": "XX", "from": map[string]any{"id": 99}},
	)
	require.Equal(t, runtime.StatusSucceeded, res.rec.Status, res.rec.Error)
	assert.Equal(t, [][]any{{int64(1), nil}, {int64(2), "SE"}, {int64(3), "NO"}}, rows(t, db, "SELECT id, country FROM customers ORDER BY id"))
	var affected []string
	for _, m := range res.Messages("ok") {
		affected = append(affected, m.Meta[sqlconn.RowsAffectedMeta])
	}
	assert.Equal(t, []string{"2", "1", "0"}, affected)
	b, err := json.Marshal(res.Messages("ok")[0].Payload)
	require.NoError(t, err)
	assert.Equal(t, `{"from":{"id":2},"to":"SE"}`, string(b), "the message goes on unchanged")

	bad := node("sql.execute", "path", path, "sql", "UPDATE nowhere SET x = 1")
	res = pipeline(t, bad, nil, map[string]any{})
	require.Equal(t, runtime.StatusSucceeded, res.rec.Status, res.rec.Error)
	assertReasons(t, []string{"no such table: nowhere"}, res)
}

func TestSQLiteBatch(t *testing.T) {
	path, db := sqliteFile(t, customers)
	ins := node("sql.insert", "path", path, "table", "customers", "transaction", "batch", "batchSize", 2.0)
	res := pipeline(t, ins, nil,
		map[string]any{"id": 1, "name": "A"}, map[string]any{"id": 2, "name": "B"},
		map[string]any{"id": 3, "name": "A"}, // duplicate name: rolled back alone
		map[string]any{"id": 4, "name": "D"}, map[string]any{"id": 5, "name": "E"},
	)
	require.Equal(t, runtime.StatusSucceeded, res.rec.Status, res.rec.Error)
	assert.Equal(t, [][]any{{int64(1)}, {int64(2)}, {int64(4)}, {int64(5)}}, rows(t, db, "SELECT id FROM customers ORDER BY id"))
	assert.Equal(t, []any{
		map[string]any{"id": 1.0, "name": "A"}, map[string]any{"id": 2.0, "name": "B"},
		map[string]any{"id": 4.0, "name": "D"}, map[string]any{"id": 5.0, "name": "E"},
	}, payloads(res.Messages("ok")), "messages go on after their commit, in order")
	assertReasons(t, []string{"UNIQUE constraint failed"}, res)
	assert.Equal(t, int64(1), res.rec.Nodes["db"].Errors)
}

func TestSQLiteQuery(t *testing.T) {
	path, _ := sqliteFile(t, customers,
		`INSERT INTO customers (id, name, country) VALUES (1, 'Ada', 'UK'), (2, 'Bo', 'SE'), (3, 'Cy', 'UK')`)
	const byCountry = "SELECT id, name FROM customers WHERE country = ?1 ORDER BY id"
	ada := map[string]any{"id": 1.0, "name": "Ada"}
	cy := map[string]any{"id": 3.0, "name": "Cy"}
	tests := []struct {
		name   string
		config []any
		in     []any
		want   []any
		errors []string
	}{
		{"each row a message", []any{"sql", byCountry, "params", []any{"c"}}, []any{map[string]any{"c": "UK"}, map[string]any{"c": "DE"}}, []any{ada, cy}, nil},
		{"all rows", []any{"sql", byCountry, "params", []any{"c"}, "output", "all"},
			[]any{map[string]any{"c": "UK"}, map[string]any{"c": "DE"}}, []any{[]any{ada, cy}, []any{}}, nil},
		{"first row or null", []any{"sql", byCountry, "params", []any{"c"}, "output", "first"},
			[]any{map[string]any{"c": "UK"}, map[string]any{"c": "DE"}}, []any{ada, nil}, nil},
		{"into a field", []any{"sql", "SELECT name FROM customers WHERE id = ?", "params", []any{"id"}, "output", "first", "into", "customer"},
			[]any{map[string]any{"id": 2}}, []any{map[string]any{"id": 2.0, "customer": map[string]any{"name": "Bo"}}}, nil},
		{"whole payload and types", []any{"sql", "SELECT ?1 AS v, typeof(?1) AS t", "params", []any{"."}, "output", "first"},
			[]any{2.0, 2.5, "x", true, nil, []any{1.0}}, []any{
				map[string]any{"v": 2.0, "t": "integer"}, map[string]any{"v": 2.5, "t": "real"},
				map[string]any{"v": "x", "t": "text"}, map[string]any{"v": 1.0, "t": "integer"},
				map[string]any{"v": nil, "t": "null"}, map[string]any{"v": "[1]", "t": "text"}}, nil},
		{"result types", []any{"sql", "SELECT 9007199254740993 AS big, -3 AS small, x'ff00' AS bin, 'é' AS txt", "output", "first"},
			[]any{map[string]any{}}, []any{map[string]any{"big": json.Number("9007199254740993"), "small": -3.0, "bin": "/wA=", "txt": "é"}}, nil},
		{"missing path binds NULL", []any{"sql", "SELECT ?1 IS NULL AS missing", "params", []any{"a.b.c"}, "output", "first"},
			[]any{map[string]any{"a": 1}}, []any{map[string]any{"missing": 1.0}}, nil},
		{"maxRows", []any{"sql", "SELECT id FROM customers", "output", "all", "maxRows", 2.0}, []any{map[string]any{}}, []any{},
			[]string{"more than 2 rows"}},
		{"query error", []any{"sql", "SELEC 1"}, []any{map[string]any{}}, []any{}, []string{"syntax error"}},
		{"into needs an object", []any{"sql", "SELECT 1", "into", "x"}, []any{"text"}, []any{}, []string{"must be an object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := pipeline(t, node("sql.query", append([]any{"path", path}, tt.config...)...), nil, tt.in...)
			require.Equal(t, runtime.StatusSucceeded, res.rec.Status, res.rec.Error)
			assert.Equal(t, tt.want, payloads(res.Messages("ok")))
			assertReasons(t, tt.errors, res)
		})
	}
}

func TestSQLiteQueryEachRowMeta(t *testing.T) {
	path, _ := sqliteFile(t, customers, `INSERT INTO customers (id, name) VALUES (1, 'Ada'), (2, 'Bo')`)
	res := pipeline(t, node("sql.query", "path", path, "sql", "SELECT id FROM customers ORDER BY id"), nil, map[string]any{})
	require.Equal(t, runtime.StatusSucceeded, res.rec.Status, res.rec.Error)
	require.Len(t, res.Messages("ok"), 2)
	source := res.rec.Nodes["trigger"].Emitted[0].MessageID
	for i, m := range res.Messages("ok") {
		assert.Equal(t, source, m.Meta[sqlconn.SourceMeta])
		assert.Equal(t, []string{"0", "1"}[i], m.Meta[sqlconn.RowMeta])
		assert.NotEqual(t, source, m.ID, "each row is a new message")
	}
	assert.NotEqual(t, res.Messages("ok")[0].ID, res.Messages("ok")[1].ID)
}

func TestSQLiteCredential(t *testing.T) {
	path, db := sqliteFile(t, customers)
	ins := node("sql.insert", "credential", "local", "table", "customers")
	creds := credential.Static{"local": {Kind: credential.DSN, Fields: map[string]string{"dsn": path}}}
	res := pipeline(t, ins, creds, map[string]any{"name": "Ada"})
	require.Equal(t, runtime.StatusSucceeded, res.rec.Status, res.rec.Error)
	assert.Equal(t, [][]any{{"Ada"}}, rows(t, db, "SELECT name FROM customers"))
}

func TestCredentialProblemsFailTheRun(t *testing.T) {
	tests := []struct {
		name  string
		creds credential.Source
		want  string
	}{
		{"no credential store", nil, "no credential store"},
		{"unknown credential", credential.Static{}, `credential "db": credential not found`},
		{"wrong kind", credential.Static{"db": {Kind: credential.Bearer, Fields: map[string]string{"token": "x"}}}, "wrong kind"},
		{"empty dsn", credential.Static{"db": {Kind: credential.DSN, Fields: map[string]string{"dsn": " "}}}, "dsn field is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := pipeline(t, node("sql.execute", "driver", "postgres", "credential", "db", "sql", "SELECT 1"), tt.creds, map[string]any{})
			assert.Equal(t, runtime.StatusFailed, res.rec.Status)
			assert.Contains(t, res.rec.Error, `node "db"`)
			assert.Contains(t, res.rec.Error, tt.want)
		})
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		node flow.Node
		want string
	}{
		{"postgres needs a credential", node("sql.execute", "driver", "postgres", "sql", "SELECT 1"), "PostgreSQL needs a dsn credential"},
		{"sqlite needs a file", node("sql.execute", "sql", "SELECT 1"), "set the SQLite file path"},
		{"unknown driver", node("sql.execute", "driver", "oracle", "path", "x", "sql", "SELECT 1"), "oracle"},
		{"blank statement", node("sql.execute", "path", "x", "sql", "  "), `field "sql": required`},
		{"bad table name", node("sql.insert", "path", "x", "table", "a..b"), `field "table"`},
		{"upsert key not written", node("sql.upsert", "path", "x", "table", "t", "key", []any{"id"}, "columns", []any{"name"}),
			`key column "id" is not among the columns written`},
		{"upsert without key", node("sql.upsert", "path", "x", "table", "t", "key", []any{}), "at least one key column"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.node.ID = "db"
			f := &flow.Flow{FormatVersion: flow.FormatVersion, ID: "f", Name: "f", Nodes: []flow.Node{
				{ID: "trigger", Type: "core.manual"}, tt.node}, Edges: []flow.Edge{edge("e1", "trigger", "out", "db", "in")}}
			_, err := runtime.Compile(f, newRegistry(t))
			require.Error(t, err)
			assert.Contains(t, err.Error(), `"db"`)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestRegister(t *testing.T) {
	r := newRegistry(t)
	for _, typ := range []string{"sql.query", "sql.insert", "sql.upsert", "sql.execute"} {
		s, ok := r.Spec(typ)
		require.True(t, ok, typ)
		assert.Equal(t, "in", s.Inputs[0].Name, typ)
		assert.Equal(t, "out", s.Outputs[0].Name, typ)
		assert.Contains(t, s.Description, "Bad input", typ)
	}
	assert.Error(t, sqlconn.Register(r), "registering twice is refused")
}
