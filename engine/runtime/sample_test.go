package runtime_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rt "github.com/weftworks/weft/engine/runtime"
)

// TestSampleReadsPayloadInOrder: a saved run record's samples come back
// with their payload's key order, truncated previews as text.
func TestSampleReadsPayloadInOrder(t *testing.T) {
	for _, text := range []string{
		`{"port":"out","messageId":"m1","payload":{"z":1,"a":{"y":[{"q":1,"p":2}],"b":2}},"at":5}`,
		`{"port":"out","messageId":"m2","payload":"{\"z\":1…","truncated":true,"at":6}`,
		`{"port":"out","messageId":"m3","payload":null,"at":7}`,
	} {
		var s rt.Sample
		require.NoError(t, json.Unmarshal([]byte(text), &s))
		b, err := json.Marshal(s)
		require.NoError(t, err)
		assert.Equal(t, text, string(b))
	}
	var s rt.Sample
	assert.Error(t, json.Unmarshal([]byte(`{"payload":{"a":}}`), &s))
}
