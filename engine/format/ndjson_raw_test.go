package format_test

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/format"
)

// TestAppendRawSplitsLinesOfAnyLength reads lines shorter and much longer
// than the reader's buffer, blank lines, CRLF and a last line without a
// newline: AppendRaw appends each record's trimmed bytes after what dst
// holds, with its record number and line.
func TestAppendRawSplitsLinesOfAnyLength(t *testing.T) {
	long := `{"s":"` + strings.Repeat("x", 300_000) + `"}`
	in := "{\"a\":1}\n\n" + long + "\r\n  {\"a\":3}  \n" + long + "\n{\"a\":5}"
	r, err := format.NewReader(strings.NewReader(in), format.FormatNDJSON)
	require.NoError(t, err)
	raw, ok := r.(format.RawReader)
	require.True(t, ok)
	type rec struct {
		text         string
		record, line int
	}
	var got []rec
	dst := []byte("prefix")
	for {
		out, record, line, err := raw.AppendRaw(dst)
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		require.Equal(t, "prefix", string(out[:6]))
		got = append(got, rec{string(out[6:]), record, line})
	}
	assert.Equal(t, []rec{
		{`{"a":1}`, 1, 1}, {long, 2, 3}, {`{"a":3}`, 3, 4}, {long, 4, 5}, {`{"a":5}`, 5, 6},
	}, got)
}
