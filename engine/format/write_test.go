package format_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/format"
)

func TestWriters(t *testing.T) {
	recs := []any{obj("b", 1.5, "a", "x<y"), obj("a", "z\u2028\xed\xa0\xbd", "n", []any{1.0})}
	tests := []struct {
		f    format.Format
		want string
	}{
		{format.FormatNDJSON, "{\"a\":\"x<y\",\"b\":1.5}\n{\"a\":\"z\u2028\\ud83d\",\"n\":[1]}\n"},
		{format.FormatJSON, "[\n{\"a\":\"x<y\",\"b\":1.5},\n{\"a\":\"z\u2028\\ud83d\",\"n\":[1]}\n]\n"},
	}
	for _, tt := range tests {
		var b strings.Builder
		w, err := format.NewWriter(&b, tt.f)
		require.NoError(t, err)
		for _, r := range recs {
			require.NoError(t, w.Write(r))
		}
		require.NoError(t, w.Close())
		assert.Equal(t, tt.want, b.String(), tt.f)
	}
}

func TestJSONWriterEmpty(t *testing.T) {
	var b strings.Builder
	w, err := format.NewWriter(&b, format.FormatJSON)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	assert.Equal(t, "[\n]\n", b.String())
}

func TestCSVWriter(t *testing.T) {
	var b strings.Builder
	w, err := format.NewWriter(&b, format.FormatCSV)
	require.NoError(t, err)
	require.NoError(t, w.Write(obj("name", "Ada, L", "n", 2.0, "tags", []any{"x"})))
	require.NoError(t, w.Write(obj("name", "Bo", "n", nil)))
	assert.ErrorContains(t, w.Write(obj("other", 1.0)), `record 3: key "other" is not a column`)
	assert.ErrorContains(t, w.Write("x"), "CSV needs an object")
	require.NoError(t, w.Close())
	assert.Equal(t, "n,name,tags\n2,\"Ada, L\",\"[\"\"x\"\"]\"\n,Bo,\n", b.String())
	_, err = format.NewWriter(&b, format.Format("yaml"))
	assert.ErrorIs(t, err, format.ErrUnknownFormat)
}
