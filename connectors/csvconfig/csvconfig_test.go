package csvconfig_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/csvconfig"
)

func TestOptions(t *testing.T) {
	for in, want := range map[string]rune{"": 0, "auto": 0, "tab": '\t', ";": ';', "|": '|'} {
		o, err := csvconfig.ReadOptions(map[string]any{"delimiter": in})
		require.NoError(t, err, in)
		assert.Equal(t, want, o.Delimiter, in)
		assert.False(t, o.NoHeader, "a header row is the default")
	}
	for _, bad := range []string{";;", `"`, "\n"} {
		_, err := csvconfig.ReadOptions(map[string]any{"delimiter": bad})
		assert.ErrorContains(t, err, "delimiter", bad)
		_, err = csvconfig.WriteOptions(map[string]any{"delimiter": bad})
		assert.ErrorContains(t, err, "delimiter", bad)
	}
	o, err := csvconfig.ReadOptions(map[string]any{"header": false, "detectTypes": true})
	require.NoError(t, err)
	assert.True(t, o.NoHeader)
	assert.True(t, o.DetectTypes)
	o, err = csvconfig.WriteOptions(map[string]any{"header": false, "quoteAll": true})
	require.NoError(t, err)
	assert.True(t, o.NoHeader)
	assert.True(t, o.QuoteAll)
	assert.Len(t, csvconfig.Fields("csv"), 4)
}
