package file_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/file"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/runtime"
)

func TestWrite(t *testing.T) {
	tests := []struct {
		name     string
		cfg      map[string]any
		payloads []string
		existing string // file content before the run, when not ""
		want     string
		failed   []string
	}{
		{"append ndjson, arrays are lines", map[string]any{}, []string{`[{"a":1},{"a":2}]`, `"x"`}, "{\"a\":0}\n",
			"{\"a\":0}\n{\"a\":1}\n{\"a\":2}\n\"x\"\n", nil},
		{"overwrite json: the last wins", map[string]any{"mode": "overwrite", "format": "json"}, []string{`{"a":1}`, `{"a":2}`}, "old",
			"{\"a\":2}\n", nil},
		{"atomic text", map[string]any{"mode": "atomic", "format": "text"}, []string{`"hello\n"`, `{"not":"text"}`}, "",
			`{"not":"text"}`, nil},
		{"csv append: one header in the first record's key order", map[string]any{"format": "csv"}, []string{`{"b":"x,y","a":1}`, `[{"a":2,"b":"z","c":"left out"}]`}, "",
			"b,a\n\"x,y\",1\nz,2\n", nil},
		{"csv into a file with rows: no header", map[string]any{"format": "csv", "columns": []any{"b", "a"}, "delimiter": ";"},
			[]string{`{"a":1,"b":2}`}, "b;a\n", "b;a\n2;1\n", nil},
		{"csv quote all, tab", map[string]any{"format": "csv", "quoteAll": true, "delimiter": "tab"}, []string{`{"a":"x","b":null}`}, "",
			"\"a\"\t\"b\"\n\"x\"\t\"\"\n", nil},
		{"csv bad payload writes nothing", map[string]any{"format": "csv"}, []string{`"text"`, `{"a":1}`}, "",
			"a\n1\n", []string{"record 1: CSV needs an object, got string"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "new", "dir", "out.txt")
			if tt.existing != "" {
				writeFile(t, path, tt.existing)
			}
			cfg := map[string]any{"path": path}
			for k, v := range tt.cfg {
				cfg[k] = v
			}
			f := newFlow([]flow.Node{manual(tt.payloads...), {ID: "write", Type: "file.write", Config: cfg}, debug("out"), debug("err")},
				"in->write", "write->out", "write:error->err")
			rec, d := runFlow(t, context.Background(), f, runtime.Options{})
			require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
			assert.Equal(t, tt.want, readFile(t, path))
			var failed []string
			for _, p := range d.Payloads("err") {
				failed = append(failed, p.(map[string]any)["error"].(string))
			}
			assert.Equal(t, tt.failed, failed)
			assert.Len(t, d.Messages("out"), len(tt.payloads)-len(tt.failed))
			for _, m := range d.Messages("out") {
				assert.Equal(t, path, m.Meta[file.PathMeta])
			}
			entries, err := os.ReadDir(filepath.Dir(path))
			require.NoError(t, err)
			assert.Len(t, entries, 1, "no temporary file is left behind")
		})
	}
}

func TestWritePathTemplate(t *testing.T) {
	dir := t.TempDir()
	f := newFlow([]flow.Node{manual(`{"c":"acme","n":1}`, `{"c":"bolt","n":2}`, `{"c":"acme","n":3}`, `{"n":4}`),
		{ID: "write", Type: "file.write", Config: map[string]any{"path": dir + "/{{c}}.ndjson"}}, debug("err")},
		"in->write", "write:error->err")
	rec, d := runFlow(t, context.Background(), f, runtime.Options{})
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	assert.Equal(t, "{\"c\":\"acme\",\"n\":1}\n{\"c\":\"acme\",\"n\":3}\n", readFile(t, filepath.Join(dir, "acme.ndjson")))
	assert.Equal(t, "{\"c\":\"bolt\",\"n\":2}\n", readFile(t, filepath.Join(dir, "bolt.ndjson")))
	assert.Equal(t, []any{obj("error", `template {{c}}: the payload field "c" is empty or not text`, "node", "write",
		"message", obj("n", 4.0))}, d.Payloads("err"))
}

func TestWriteUnwritable(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	writeFile(t, blocker, "")
	f := newFlow([]flow.Node{manual(`{}`), {ID: "write", Type: "file.write", Config: map[string]any{"path": blocker + "/sub/out.json"}}, debug("err")},
		"in->write", "write:error->err")
	rec, d := runFlow(t, context.Background(), f, runtime.Options{})
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	require.Len(t, d.Payloads("err"), 1)
	assert.Contains(t, d.Payloads("err")[0].(map[string]any)["error"], "not a directory")
}
