package format_test

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/format"
)

// readAll reads every record, collecting errors as strings.
func readAll(t *testing.T, f format.Format, in string) ([]any, []string) {
	t.Helper()
	r, err := format.NewReader(strings.NewReader(in), f)
	require.NoError(t, err)
	recs := []any{}
	var errs []string
	for i := 0; i < 100000; i++ {
		rec, err := r.Read()
		if err == io.EOF {
			return recs, errs
		}
		if err != nil {
			errs = append(errs, err.Error())
			var fe *format.Error
			if !errors.As(err, &fe) || fe.Fatal {
				return recs, errs
			}
			continue
		}
		recs = append(recs, rec)
	}
	t.Fatal("the reader never ended")
	return nil, nil
}

func obj(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func TestReaders(t *testing.T) {
	tests := []struct {
		name string
		f    format.Format
		in   string
		want []any
		errs []string
	}{
		{"json array", format.FormatJSON, "[{\"a\":1},\n {\"a\":[true,null]}, 3]", []any{obj("a", 1.0), obj("a", []any{true, nil}), 3.0}, nil},
		{"json empty array", format.FormatJSON, " [ ] ", []any{}, nil},
		{"json values", format.FormatJSON, "{\"a\":1}\n{\n \"a\": 2\n}", []any{obj("a", 1.0), obj("a", 2.0)}, nil},
		{"json syntax error", format.FormatJSON, "[{\"a\":1},\n\n {\"a\":}]", []any{obj("a", 1.0)}, []string{"record 2 (line 3): invalid character '}'"}},
		{"json truncated", format.FormatJSON, "[{\"a\":1},\n {\"a\"", []any{obj("a", 1.0)}, []string{"record 2 (line 2): unexpected end"}},
		{"json trailing data", format.FormatJSON, "[1]\n x", []any{1.0}, []string{"record 2 (line 2): invalid character 'x'"}},
		{"ndjson", format.FormatNDJSON, "{\"a\":1}\n\n{\"a\":2}\r\n", []any{obj("a", 1.0), obj("a", 2.0)}, nil},
		{"ndjson bad line continues", format.FormatNDJSON, "{\"a\":1}\n{oops}\n\n{\"a\":3}", []any{obj("a", 1.0), obj("a", 3.0)}, []string{"record 2 (line 2): invalid JSON"}},
		{"csv comma", format.FormatCSV, "id,name\n1,Ada\n2,\"Lovelace, A\"\n", []any{obj("id", "1", "name", "Ada"), obj("id", "2", "name", "Lovelace, A")}, nil},
		{"csv semicolon", format.FormatCSV, "id;price\n1;1,5\n2;2,0\n", []any{obj("id", "1", "price", "1,5"), obj("id", "2", "price", "2,0")}, nil},
		{"csv tab", format.FormatCSV, "a\tb\nx\ty\n", []any{obj("a", "x", "b", "y")}, nil},
		{"csv pipe", format.FormatCSV, "a|b\nx|y,z\n", []any{obj("a", "x", "b", "y,z")}, nil},
		{"csv header names", format.FormatCSV, "\xef\xbb\xbfa,,a\n1,2,3\n", []any{obj("a", "1", "column 2", "2", "a_2", "3")}, nil},
		{"csv wrong field count continues", format.FormatCSV, "a,b\n1,2\n3\n4,5\n", []any{obj("a", "1", "b", "2"), obj("a", "4", "b", "5")}, []string{"record 2 (line 3): the row has 1 fields, the header has 2"}},
		{"csv bad quote continues", format.FormatCSV, "a,b\n1,\"x\"y\n4,5\n", []any{obj("a", "4", "b", "5")}, []string{"record 1 (line 2): column"}},
		{"xml", format.FormatXML, `<?xml version="1.0"?>
<orders>
  <order id="1"><sku>A</sku><sku>B</sku><note lang="en">hi</note><empty/></order>
  <order id="2">text<b>x</b></order>
</orders>`, []any{
			obj("@id", "1", "sku", []any{"A", "B"}, "note", obj("@lang", "en", "#text", "hi"), "empty", ""),
			obj("@id", "2", "#text", "text", "b", "x"),
		}, nil},
		{"xml syntax error", format.FormatXML, "<r>\n<a>1</a>\n<a>2</b>\n</r>", []any{"1"}, []string{"record 2 (line 3): invalid XML"}},
		{"xml unclosed root", format.FormatXML, "<r><a>1</a>", []any{"1"}, []string{"record 1 (line 1): invalid XML: unexpected EOF"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, errs := readAll(t, tt.f, tt.in)
			assert.Equal(t, tt.want, recs)
			require.Len(t, errs, len(tt.errs), "%v", errs)
			for i, e := range tt.errs {
				assert.Contains(t, errs[i], e)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	tests := map[string]format.Format{
		" [1]":                 format.FormatJSON,
		"{\"a\":1}\n{\"a\":2}": format.FormatNDJSON,
		"{\n \"a\": 1\n}":      format.FormatJSON,
		"<a/>":                 format.FormatXML,
		"a,b\n1,2":             format.FormatCSV,
		"":                     format.FormatNDJSON,
	}
	for in, want := range tests {
		assert.Equal(t, want, format.Detect([]byte(in)), in)
	}
	recs, errs := readAll(t, format.FormatAuto, "x;y\n1;2\n")
	assert.Empty(t, errs)
	assert.Equal(t, []any{obj("x", "1", "y", "2")}, recs)
}

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		in   string
		want rune
	}{
		{"a,b;c\n1,2;3\n", ','},
		{"a;b;c\n1,5;2;3\n4;5,5;6\n", ';'},
		{"\"x;y\",b\n1,2\n", ','},
		{"a\tb\tc\n", '\t'},
		{"single\n", ','},
	}
	for _, tt := range tests {
		assert.Equal(t, string(tt.want), string(format.DetectDelimiter([]byte(tt.in))), tt.in)
	}
}

func TestParseFormat(t *testing.T) {
	f, err := format.ParseFormat("CSV")
	require.NoError(t, err)
	assert.Equal(t, format.FormatCSV, f)
	_, err = format.ParseFormat("yaml")
	assert.ErrorIs(t, err, format.ErrUnknownFormat)
}

func TestReadAllLimitAndErrors(t *testing.T) {
	r, err := format.NewReader(strings.NewReader("1\nx\n3\n4\n"), format.FormatNDJSON)
	require.NoError(t, err)
	recs, err := format.ReadAll(r, 2)
	assert.Equal(t, []any{1.0, 3.0}, recs)
	assert.ErrorContains(t, err, "record 2 (line 2)")
}

func TestLongJSONArrayLines(t *testing.T) {
	var b strings.Builder
	b.WriteString("[\n")
	for i := range 5000 {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(`{"i": 1}`)
	}
	b.WriteString(",\n{]")
	recs, errs := readAll(t, format.FormatJSON, b.String())
	assert.Len(t, recs, 5000)
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0], "record 5001 (line 5002)")
}
