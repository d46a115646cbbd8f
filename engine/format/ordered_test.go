package format_test

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/format"
	"github.com/weftworks/weft/engine/jsoncodec"
)

// readOrdered reads every record with NewOrderedReader, as JSON text (or
// the error).
func readOrdered(t *testing.T, f format.Format, in string) []string {
	t.Helper()
	r, err := format.NewOrderedReader(strings.NewReader(in), f)
	require.NoError(t, err)
	var out []string
	for range 100 {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			out = append(out, "error: "+err.Error())
			continue
		}
		b, err := jsoncodec.AppendJSON(nil, rec)
		require.NoError(t, err)
		out = append(out, string(b))
	}
	t.Fatal("too many records")
	return nil
}

// TestOrderedReaderKeepsKeyOrder: JSON and NDJSON records keep their key
// order (JavaScript's: array indexes first), also the rare ones the fast
// decoder leaves to the full one; bad records fail as with NewReader.
func TestOrderedReaderKeepsKeyOrder(t *testing.T) {
	deep := strings.Repeat("[", 210) + strings.Repeat("]", 210)
	ndjson := `{"b":1,"a":{"z":2,"y":3},"1":0}` + "\n" + `{"b":"\u00e9","a":` + deep + `}` + "\n" + `{"b":1e400}` + "\n" + `{"b":[1,]}` + "\n"
	assert.Equal(t, []string{
		`{"1":0,"b":1,"a":{"z":2,"y":3}}`,
		`{"b":"é","a":` + deep + `}`,
		"error: record 3 (line 3): invalid JSON: " + ndjsonError(t, `{"b":1e400}`),
		"error: record 4 (line 4): invalid JSON: " + ndjsonError(t, `{"b":[1,]}`),
	}, readOrdered(t, format.FormatNDJSON, ndjson))
	assert.Equal(t, []string{`{"z":1,"a":[{"q":1,"p":2}]}`, `{"y":2,"x":1}`},
		readOrdered(t, format.FormatJSON, `[{"z":1,"a":[{"q":1,"p":2}]}, {"y":2,"x":1}]`))
	assert.Equal(t, []string{`{"1":"x","b":"2","a":"1","b_2":"3"}`}, readOrdered(t, format.FormatCSV, "b,a,1,b\n2,1,x,3\n"),
		"CSV records in column order, as an object literal would have them")
	assert.Equal(t, []string{`{"a":"1","b":"2"}`}, readOrdered(t, format.FormatXML, "<r><x><b>2</b><a>1</a></x></r>"), "XML records are maps, keys sorted")
}

// ndjsonError is the message NewReader gives for a bad NDJSON line.
func ndjsonError(t *testing.T, line string) string {
	t.Helper()
	_, err := format.DecodeRecord([]byte(line), 1, 1)
	require.Error(t, err)
	return strings.TrimPrefix(err.Error(), "record 1 (line 1): invalid JSON: ")
}

// TestWritersKeepOrderedObjectsInOrder: the CSV writer takes its columns
// from an ordered first record in its order (a map's sorted), the XML
// writer writes an ordered object's children in its order, and the CSV
// reader with options gives records in column order.
func TestWritersKeepOrderedObjectsInOrder(t *testing.T) {
	rec := func(text string) any {
		v, err := jsoncodec.DecodeJSON(text)
		require.NoError(t, err)
		return v
	}
	var csv strings.Builder
	w := format.NewCSVWriter(&csv, format.CSVOptions{})
	require.NoError(t, w.Write(rec(`{"b":"x","a":1}`)))
	require.NoError(t, w.Write(map[string]any{"a": 2.0, "b": "y"}))
	require.Error(t, w.Write(rec(`{"b":"z","c":3}`)), "a key that is not a column")
	require.NoError(t, w.Close())
	assert.Equal(t, "b,a\nx,1\ny,2\n", csv.String())

	xml, err := writeXML(t, format.XMLOptions{}, rec(`{"@id":7,"z":"1","a":{"y":"2","b":"3"}}`))
	require.NoError(t, err)
	assert.Contains(t, xml, `<record id="7"><z>1</z><a><y>2</y><b>3</b></a></record>`)

	r := format.NewOrderedCSVReader(strings.NewReader("b;a\n2;1\n"), format.CSVOptions{Delimiter: ';'})
	got, err := r.Read()
	require.NoError(t, err)
	b, err := jsoncodec.AppendJSON(nil, got)
	require.NoError(t, err)
	assert.Equal(t, `{"b":"2","a":"1"}`, string(b))
}
