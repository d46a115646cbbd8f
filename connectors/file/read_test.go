package file_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/file"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/runtime"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "one\r\ntwo\n\nthree")
	writeFile(t, filepath.Join(dir, "people.csv"), "id;name\n1;Ada\n2\n3;Bo\n")
	writeFile(t, filepath.Join(dir, "list.json"), `[{"a":1}, {"a":2}]`)
	writeFile(t, filepath.Join(dir, "x", "1.ndjson"), "{\"n\":1}\n")
	writeFile(t, filepath.Join(dir, "x", "2.ndjson"), "{\"n\":2}\n{\"n\":3}\n")
	writeFile(t, filepath.Join(dir, "bad.xml"), "<r><a>1</a><a>2</r>")
	p := func(name string) string { return filepath.Join(dir, name) }

	tests := []struct {
		name    string
		cfg     map[string]any
		payload string
		out     []any
		failed  []string
	}{
		{"whole", map[string]any{"path": p("a.txt"), "mode": "whole"}, `{}`, []any{"one\r\ntwo\n\nthree"}, nil},
		{"whole too big", map[string]any{"path": p("a.txt"), "mode": "whole", "maxBytes": 4.0}, `{}`, []any{},
			[]string{p("a.txt") + " is larger than 4 bytes: read it by lines or records"}},
		{"lines", map[string]any{"path": p("a.txt"), "mode": "lines"}, `{}`, []any{"one", "two", "", "three"}, nil},
		{"csv records, a bad row", map[string]any{"path": p("people.csv"), "detectTypes": true}, `{}`,
			[]any{obj("id", 1.0, "name", "Ada"), obj("id", 3.0, "name", "Bo")},
			[]string{p("people.csv") + ": record 2 (line 3): the row has 1 fields, the header has 2"}},
		{"json array from a template", map[string]any{"path": "{{dir}}/list.json"}, `{"dir": "` + dir + `"}`,
			[]any{obj("a", 1.0), obj("a", 2.0)}, nil},
		{"glob in name order", map[string]any{"path": p("x/*.ndjson"), "format": "ndjson"}, `{}`,
			[]any{obj("n", 1.0), obj("n", 2.0), obj("n", 3.0)}, nil},
		{"invalid xml ends the file", map[string]any{"path": p("bad.xml")}, `{}`,
			[]any{"1"}, []string{p("bad.xml") + ": record 2 (line 1): invalid XML: element <a> closed by </r>"}},
		{"missing file", map[string]any{"path": p("nope.csv")}, `{}`, []any{}, []string{"open " + p("nope.csv") + ": no such file or directory"}},
		{"glob matches nothing", map[string]any{"path": p("*.none")}, `{}`, []any{}, []string{`no file matches "` + p("*.none") + `"`}},
		{"template field missing", map[string]any{"path": "{{dir}}/list.json"}, `{}`, []any{},
			[]string{`template {{dir}}: the payload field "dir" is empty or not text`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFlow([]flow.Node{manual(tt.payload), {ID: "read", Type: "file.read", Config: tt.cfg}, debug("out"), debug("err")},
				"in->read", "read->out", "read:error->err")
			rec, d := runFlow(t, context.Background(), f, runtime.Options{})
			require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
			assert.Equal(t, tt.out, d.Payloads("out"))
			var failed []string
			for _, p := range d.Payloads("err") {
				failed = append(failed, p.(map[string]any)["error"].(string))
			}
			assert.Equal(t, tt.failed, failed)
		})
	}
}

func TestReadMeta(t *testing.T) {
	path := filepath.Join(t.TempDir(), "l.txt")
	writeFile(t, path, "a\nb\n")
	f := newFlow([]flow.Node{manual(`{}`), {ID: "read", Type: "file.read", Config: map[string]any{"path": path, "mode": "lines"}}, debug("out")},
		"in->read", "read->out")
	rec, d := runFlow(t, context.Background(), f, runtime.Options{})
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	require.Len(t, d.Messages("out"), 2)
	assert.Equal(t, path, d.Messages("out")[1].Meta[file.PathMeta])
	assert.Equal(t, "2", d.Messages("out")[1].Meta[file.RecordMeta])
	assert.NotEqual(t, d.Messages("out")[0].ID, d.Messages("out")[1].ID, "each line is its own message")
}
