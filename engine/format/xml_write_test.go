package format_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/format"
)

func writeXML(t *testing.T, o format.XMLOptions, recs ...any) (string, error) {
	t.Helper()
	var b strings.Builder
	w, err := format.NewXMLWriter(&b, o)
	require.NoError(t, err)
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			return b.String(), err
		}
	}
	require.NoError(t, w.Close())
	return b.String(), nil
}

func TestXMLWriter(t *testing.T) {
	order := obj("@id", 1.0, "sku", []any{"A", "B"}, "note", obj("@lang", "en", "#text", "a<b & \"c\""),
		"empty", nil, "ns:tag", true)
	tests := []struct {
		name string
		opts format.XMLOptions
		recs []any
		want string
	}{
		{"compact", format.XMLOptions{}, []any{order, "plain"},
			`<?xml version="1.0" encoding="UTF-8"?>` + "\n<records>\n" +
				`<record id="1"><empty/><note lang="en">a&lt;b &amp; &#34;c&#34;</note><ns:tag>true</ns:tag><sku>A</sku><sku>B</sku></record>` + "\n" +
				"<record>plain</record>\n</records>\n"},
		{"indented, names", format.XMLOptions{Root: "orders", Item: "order", Indent: "  "}, []any{obj("a", []any{[]any{1.0, 2.5e30}})},
			`<?xml version="1.0" encoding="UTF-8"?>` + "\n<orders>\n  <order>\n    <a>\n      <order>1</order>\n      <order>2.5e+30</order>\n    </a>\n  </order>\n</orders>\n"},
		{"no records", format.XMLOptions{}, nil, `<?xml version="1.0" encoding="UTF-8"?>` + "\n<records>\n</records>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := writeXML(t, tt.opts, tt.recs...)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestXMLWriterErrors(t *testing.T) {
	tests := []struct {
		rec  any
		want string
	}{
		{obj("first name", "x"), `record 1: key "first name" is not a valid XML name`},
		{obj("@a", obj("b", 1.0)), `record 1: attribute "a": an object or array cannot be an attribute or text`},
		{obj("@", "x"), `attribute "" is not a valid XML name`},
		{obj("#text", []any{1.0}), `key "#text": an object`},
	}
	for _, tt := range tests {
		_, err := writeXML(t, format.XMLOptions{}, tt.rec)
		assert.ErrorContains(t, err, tt.want)
	}
	_, err := format.NewXMLWriter(io.Discard, format.XMLOptions{Root: "1st"})
	assert.ErrorIs(t, err, format.ErrXMLName)
}

// What the XML reader reads, the writer writes back the same.
func TestXMLRoundTrip(t *testing.T) {
	in := `<orders><order id="1" xmlns:x="urn:x"><sku>A</sku><sku>B</sku><x:note lang="en">hi
there</x:note></order><order>t<b/></order><order/></orders>`
	want, errs := readAll(t, format.FormatXML, in)
	require.Empty(t, errs)
	assertXMLRoundTrip(t, want)
}

func assertXMLRoundTrip(t *testing.T, recs []any) {
	t.Helper()
	var b bytes.Buffer
	w, err := format.NewWriter(&b, format.FormatXML)
	require.NoError(t, err)
	for _, r := range recs {
		require.NoError(t, w.Write(r))
	}
	require.NoError(t, w.Close())
	got, errs := readAll(t, format.FormatXML, b.String())
	require.Empty(t, errs, b.String())
	assert.Equal(t, recs, got, b.String())
}

func FuzzXMLWrite(f *testing.F) {
	f.Add([]byte(`<r><a x="1">t<b>2</b><b>3</b></a></r>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := format.ReadAll(mustReader(t, data), 50)
		if err != nil || len(recs) == 0 {
			return
		}
		assertXMLRoundTrip(t, recs)
	})
}

func mustReader(t *testing.T, data []byte) format.Reader {
	r, err := format.NewReader(bytes.NewReader(data), format.FormatXML)
	require.NoError(t, err)
	return r
}

func TestCSVOptions(t *testing.T) {
	tests := []struct {
		name string
		opts format.CSVOptions
		in   string
		want []any
		err  string
	}{
		{"types", format.CSVOptions{DetectTypes: true}, "a,b,c,d,e\n1.5,007,TRUE,x,-2e3\n",
			[]any{obj("a", 1.5, "b", "007", "c", true, "d", "x", "e", -2000.0)}, ""},
		{"no header", format.CSVOptions{NoHeader: true, Delimiter: ';'}, "a;b\n1;2;3\n",
			[]any{[]any{"a", "b"}, []any{"1", "2", "3"}}, ""},
		{"strict quotes", format.CSVOptions{}, "a\nx\"y\n", []any{}, `record 1 (line 2): column 2: bare " in non-quoted-field`},
		{"lazy quotes", format.CSVOptions{LazyQuotes: true}, "a\nx\"y\n", []any{obj("a", "x\"y")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := format.ReadAll(format.NewCSVReader(strings.NewReader(tt.in), tt.opts), 0)
			assert.Equal(t, tt.want, got)
			if tt.err == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tt.err)
			}
		})
	}
}

func TestDetectType(t *testing.T) {
	for in, want := range map[string]any{
		"0": 0.0, "-0.5": -0.5, "12": 12.0, "1e5": 1e5, "false": false, "": "", "01": "01", "1.": "1.",
		".5": ".5", "NaN": "NaN", "Inf": "Inf", "0x10": "0x10", "1234567890123456": "1234567890123456", "1_000": "1_000",
	} {
		assert.Equal(t, want, format.DetectType(in), in)
	}
}

func TestCSVWriterOptions(t *testing.T) {
	var b strings.Builder
	w := format.NewCSVWriter(&b, format.CSVOptions{Delimiter: ';', Columns: []string{"b", "a"}})
	require.NoError(t, w.Write(obj("a", 1.0, "b", "x;y", "c", "left out")))
	require.NoError(t, w.Write([]any{"row", nil}))
	require.NoError(t, w.Close())
	assert.Equal(t, "b;a\n\"x;y\";1\nrow;\n", b.String())

	b.Reset()
	w = format.NewCSVWriter(&b, format.CSVOptions{QuoteAll: true, Delimiter: '\t'})
	require.NoError(t, w.Write(obj("a", `say "hi"`, "b", 2.0)))
	require.NoError(t, w.Close())
	assert.Equal(t, "\"a\"\t\"b\"\n\"say \"\"hi\"\"\"\t\"2\"\n", b.String())

	b.Reset()
	w = format.NewCSVWriter(&b, format.CSVOptions{NoHeader: true})
	require.NoError(t, w.Write(obj("a", 1.0)))
	require.NoError(t, w.Write([]any{true, "z"}))
	require.NoError(t, w.Close())
	assert.Equal(t, "1\ntrue,z\n", b.String())
}
