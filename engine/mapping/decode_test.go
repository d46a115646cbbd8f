package mapping_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping"
)

func TestDecodeErrorsHaveLineAndColumn(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		msg       string
	}{
		{"syntax", "{\n  \"fields\": [,]\n}", 2, 14, "invalid character ','"},
		{"type", "{\n  \"fields\": [{\"target\": 5}]\n}", 2, 25, `"fields.target": expected a string, got number`},
		{"unknown key", "{\"fields\": [],\n \"feilds\": []}", 2, 2, `unknown key "feilds"`},
		{"truncated", "{\"fields\": [", 1, 13, "unexpected end"},
		{"empty", "", 1, 1, "empty mapping file"},
		{"trailing data", "{} {}", 1, 4, "unexpected data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mapping.Decode([]byte(tt.src))
			var se *mapping.SyntaxError
			require.True(t, errors.As(err, &se), "%v", err)
			assert.Equal(t, tt.line, se.Line, se.Error())
			assert.Equal(t, tt.col, se.Column, se.Error())
			assert.Contains(t, se.Msg, tt.msg)
		})
	}
}

func TestDecodeVersions(t *testing.T) {
	m, err := mapping.Decode([]byte(`{"fields":[]}`))
	require.NoError(t, err)
	assert.Equal(t, mapping.FormatVersion, m.FormatVersion)
	_, err = mapping.Decode([]byte(`{"formatVersion": 2, "fields":[]}`))
	require.ErrorIs(t, err, mapping.ErrUnsupportedVersion)
}

func TestFromValue(t *testing.T) {
	m, err := mapping.FromValue(map[string]any{"fields": []any{map[string]any{"target": "a", "const": 1.0}}})
	require.NoError(t, err)
	assert.Equal(t, "a", m.Fields[0].Target)
	_, err = mapping.FromValue(map[string]any{"fieldz": 1.0})
	assert.ErrorContains(t, err, `unknown key "fieldz"`)
}

func TestCompileReportsEveryBadField(t *testing.T) {
	m := &mapping.Mapping{Fields: []mapping.Field{
		{Target: "ok", Path: "a"},
		{Target: "two", Path: "a", Expr: "b"},
		{Target: "none"},
		{Target: "bad.", Path: "a"},
		{Target: "p", Path: "items[x]"},
		{Target: "e", Expr: "a +\n  * 2"},
		{Target: "t", Path: "a", Type: "money"},
		{Target: "f", Path: "a", Format: "yyyy"},
		{Target: "d", Path: "a", Type: "date", Format: "yyyy-QQ"},
		{Target: "c", Const: []byte(`{`)},
	}, Script: "return {"}
	_, err := mapping.Compile(m)
	var ce *mapping.CompileError
	require.ErrorAs(t, err, &ce)
	var targets []string
	for _, f := range ce.Fields {
		targets = append(targets, f.Target)
	}
	assert.Equal(t, []string{"two", "none", "bad.", "p", "e", "t", "f", "d", "c", mapping.ScriptTarget}, targets)
	e := ce.Fields[4]
	assert.Equal(t, 5, e.Index)
	assert.Equal(t, 2, e.Line)
	assert.Equal(t, 3, e.Column)
	assert.Contains(t, err.Error(), `field 2 "two": needs exactly one of path, const and expr`)
	assert.Contains(t, err.Error(), `field 5 "p": path "items[x]", column 6: index "x"`)
	assert.Contains(t, err.Error(), `unknown type "money"`)
	assert.Contains(t, err.Error(), `unknown letter 'Q'`)
	assert.Contains(t, err.Error(), "script: line 1")
}

func TestPathGrammar(t *testing.T) {
	rec := map[string]any{"a.b": map[string]any{"c": 1.0}, "x": []any{[]any{1.0, 2.0}, []any{3.0}}}
	tests := []struct {
		path string
		want any
		err  string
	}{
		{`["a.b"].c`, 1.0, ""},
		{`x[*][0]`, []any{1.0, 3.0}, ""},
		{`x[1][0]`, 3.0, ""},
		{`x[-1]`, nil, "is not [*] or a number"},
		{`a..b`, nil, "expected a name"},
		{`x[0`, nil, "missing ]"},
		{`["a`, nil, "unterminated"},
	}
	for _, tt := range tests {
		c, err := mapping.Compile(&mapping.Mapping{Fields: []mapping.Field{{Target: "v", Path: tt.path}}})
		if tt.err != "" {
			assert.ErrorContains(t, err, tt.err, tt.path)
			continue
		}
		require.NoError(t, err, tt.path)
		out, _ := applyPlain(c, t.Context(), rec)
		assert.Equal(t, tt.want, out["v"], tt.path)
	}
}

func FuzzDecode(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/mapping/*.mapping.json")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		require.NoError(f, err)
		f.Add(data)
	}
	f.Add([]byte(`{"fields":[{"target":"a[].b","path":"x[*].y","type":"date","format":"yyyy"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := mapping.Decode(data)
		if err != nil {
			var se *mapping.SyntaxError
			if errors.As(err, &se) {
				assert.Positive(t, se.Line)
				assert.Positive(t, se.Column)
			}
			return
		}
		if c, err := mapping.CompileWith(m, mapping.Options{Timeout: 20e6}); err == nil {
			applyPlain(c, t.Context(), map[string]any{"x": []any{map[string]any{"y": "2026-01-01"}}})
		}
	})
}
