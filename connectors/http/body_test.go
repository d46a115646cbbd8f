package http_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	httpconn "github.com/weftworks/weft/connectors/http"
	"github.com/weftworks/weft/engine/jsoncodec"
)

func TestParseBody(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		want                    any
		wantErr                 string
	}{
		{"json", "application/json; charset=utf-8", `{"a": [1, "x"]}`, map[string]any{"a": []any{1.0, "x"}}, ""},
		{"json suffix", "application/vnd.api+json", `[true]`, []any{true}, ""},
		{"bad json", "application/json", `{"a":`, nil, "invalid JSON"},
		{"form", "application/x-www-form-urlencoded", "a=1&b=x&b=y", map[string]any{"a": "1", "b": []any{"x", "y"}}, ""},
		{"xml", "application/xml", `<?xml version="1.0"?><order id="7"><sku>a</sku><sku>b</sku><note>hi</note></order>`,
			map[string]any{"order": map[string]any{"@id": "7", "sku": []any{"a", "b"}, "note": "hi"}}, ""},
		{"bad xml", "application/xml", `<a><b></a>`, nil, "invalid XML"},
		{"text", "text/plain", "hello", "hello", ""},
		{"untyped text", "", "hello", "hello", ""},
		{"binary", "application/octet-stream", "\xff\xfe", nil, "not UTF-8"},
		{"empty", "application/json", "  ", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := httpconn.ParseBody(tt.contentType, []byte(tt.body))
			if tt.wantErr != "" {
				require.ErrorIs(t, err, httpconn.ErrBody)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, jsoncodec.Plain(got))
		})
	}
}

func TestParseBodyKeepsTheRootPrefix(t *testing.T) {
	got, err := httpconn.ParseBody("text/xml", []byte(`<soap:Envelope xmlns:soap="urn:s"><soap:Body>x</soap:Body></soap:Envelope>`))
	require.NoError(t, err)
	require.IsType(t, map[string]any{}, got)
	assert.Contains(t, got, "soap:Envelope")
}

func FuzzParseBody(f *testing.F) {
	for _, s := range []struct{ ct, body string }{
		{"application/json", `{"a":1}`}, {"application/xml", `<a x="1"><b>2</b></a>`},
		{"application/x-www-form-urlencoded", "a=1&a=2"}, {"text/plain", "hi"}, {"text/xml", "<a>"},
	} {
		f.Add(s.ct, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, ct string, body []byte) {
		v, err := httpconn.ParseBody(ct, body)
		if err != nil {
			require.ErrorIs(t, err, httpconn.ErrBody)
			assert.Nil(t, v)
		}
	})
}
