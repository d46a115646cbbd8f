package jsoncodec_test

import (
	"encoding/json"
	"math"
	"testing"

	gojson "github.com/goccy/go-json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// requireSameJSON checks that AppendJSON writes what encoding/json and
// go-json write for v.
func requireSameJSON(t *testing.T, v any) {
	t.Helper()
	want, err := json.Marshal(v)
	require.NoError(t, err)
	fast, err := gojson.Marshal(v)
	require.NoError(t, err)
	require.Equal(t, string(want), string(fast), "encoding/json and go-json differ")
	got, err := jsoncodec.AppendJSON([]byte("x"), v)
	require.NoError(t, err)
	assert.Equal(t, "x"+string(want), string(got))
}

func TestAppendJSON(t *testing.T) {
	values := []any{
		nil, true, false, "", "plain", `quote " back \ slash`, "<a&b>", "tab\tnl\ncr\rbs\bff\f\x00\x1f",
		"é ü 日本 😀", "bad \xff utf8 \xc3", "line\u2028sep\u2029", 0.0, math.Copysign(0, -1), 1.0, -3.0,
		19.99, 1e20, 1e21, 123456789012345680000.0, 1e-6, 1e-7, 1.5e-300, 9007199254740993.0,
		-9007199254740992.0, math.MaxFloat64, math.SmallestNonzeroFloat64, 0.1 + 0.2,
		[]any{}, []any{1.0, "a", nil, []any{true}}, map[string]any{},
		map[string]any{"b": 1.0, "a": map[string]any{"z": []any{}, "<k>": "v"}, "": nil, "é": "x", "B": 2.0},
		decodeJSON(t, order),
	}
	for _, v := range values {
		requireSameJSON(t, v)
	}
}

func TestAppendJSONRefusesNaN(t *testing.T) {
	for _, v := range []any{math.NaN(), math.Inf(1), map[string]any{"a": []any{math.Inf(-1)}}} {
		got, err := jsoncodec.AppendJSON([]byte("keep"), v)
		require.ErrorIs(t, err, jsoncodec.ErrNotJSON)
		assert.Equal(t, "keep", string(got))
	}
}

// FuzzAppendJSON checks that AppendJSON encodes arbitrary bytes as a
// string, and arbitrary JSON decoded, as encoding/json does.
func FuzzAppendJSON(f *testing.F) {
	f.Add([]byte(order))
	f.Add([]byte(`{"a":[1e-7,1e21,-0,0.1,"<\u2028>"],"b":{"\u00e9":null}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		requireSameJSON(t, string(data))
		var v any
		if json.Unmarshal(data, &v) != nil {
			return
		}
		requireSameJSON(t, v)
	})
}
