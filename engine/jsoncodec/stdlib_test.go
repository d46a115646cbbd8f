package jsoncodec_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// TestForStdlib checks that encoding/json (HTML escaping off) writes
// ForStdlib's copy with AppendJSON's bytes, and that the value itself is
// left alone.
func TestForStdlib(t *testing.T) {
	lone := "\xed\xa0\xbd"
	values := []any{
		"plain <&>", lone, "a\u2028b\u2029", []any{"x", lone, 1.0, nil},
		map[string]any{"k": map[string]any{"s": lone, "n": 2.0}, "t": []any{"\u2028"}, "u": true},
		map[string]any{lone: 1.0, "b": "x"},
	}
	for _, v := range values {
		before, err := jsoncodec.AppendJSON(nil, v)
		require.NoError(t, err)
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(jsoncodec.ForStdlib(v)))
		assert.Equal(t, string(before), string(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), "%#v", v)
		after, err := jsoncodec.AppendJSON(nil, v)
		require.NoError(t, err)
		assert.Equal(t, before, after, "ForStdlib leaves its argument alone")
	}
	m := map[string]any{"a": []any{"b"}, "self": "x"}
	out := jsoncodec.ForStdlib(m).(map[string]any)
	out["new"] = 1.0
	assert.Contains(t, m, "new", "a value without such strings is returned as is")
}
