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
