package queue_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/queue"
)

func TestFillTemplate(t *testing.T) {
	payload := map[string]any{
		"region": "eu", "n": 42.0, "f": 1.5, "ok": true, "nested": map[string]any{"id": "x7"},
		"list": []any{"a", map[string]any{"b": "c"}}, "null": nil, "obj": map[string]any{},
	}
	tests := []struct {
		src, want, wantErr string
	}{
		{src: "orders.created", want: "orders.created"},
		{src: "", want: ""},
		{src: "orders.{{region}}", want: "orders.eu"},
		{src: "{{ region }}-{{n}}-{{f}}-{{ok}}", want: "eu-42-1.5-true"},
		{src: "{{nested.id}}", want: "x7"},
		{src: "{{list.0}}/{{list.1.b}}", want: "a/c"},
		{src: "single { brace }", want: "single { brace }"},
		{src: "{{missing}}", wantErr: `payload has no field "missing"`},
		{src: "{{nested.missing}}", wantErr: `payload has no field "nested.missing"`},
		{src: "{{list.9}}", wantErr: `payload has no element "list.9"`},
		{src: "{{region.deeper}}", wantErr: `payload has no field "region.deeper"`},
		{src: "{{null}}", wantErr: "not a string, number or boolean"},
		{src: "{{obj}}", wantErr: "not a string, number or boolean"},
		{src: "a.{{region", wantErr: "unclosed {{"},
		{src: "a.{{ }}", wantErr: "empty {{}}"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			got, err := queue.FillTemplate(tt.src, payload)
			if tt.wantErr != "" {
				require.ErrorIs(t, err, queue.ErrTemplate)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// FuzzFillTemplate: filling never panics, a template without
// placeholders fills to itself, and a filled placeholder comes from the
// payload.
func FuzzFillTemplate(f *testing.F) {
	f.Add("orders.{{region}}", `{"region": "eu"}`)
	f.Add("{{a.0.b}}", `{"a": [{"b": 1}]}`)
	f.Add("{{", `null`)
	f.Fuzz(func(t *testing.T, src, payloadJSON string) {
		var payload any
		if json.Unmarshal([]byte(payloadJSON), &payload) != nil {
			return
		}
		got, err := queue.FillTemplate(src, payload)
		if err != nil {
			require.ErrorIs(t, err, queue.ErrTemplate)
			return
		}
		if !strings.Contains(src, "{{") {
			assert.Equal(t, src, got)
		}
	})
}
