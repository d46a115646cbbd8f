package http_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	httpconn "github.com/weftworks/weft/connectors/http"
)

func TestTemplate(t *testing.T) {
	payload := map[string]any{
		"id": 42.0, "name": "Ada Lovelace", "ok": true, "items": []any{map[string]any{"sku": "a/b"}},
		"nested": map[string]any{"n": nil}, "big": 1e21,
	}
	tests := []struct {
		name, tmpl string
		escape     func(string) string
		want       string
		wantErr    error
	}{
		{"literal", "plain text", nil, "plain text", nil},
		{"number", "/orders/{{id}}", nil, "/orders/42", nil},
		{"big number has no exponent", "{{big}}", nil, "1000000000000000000000", nil},
		{"spaces inside braces", "{{ name }}", nil, "Ada Lovelace", nil},
		{"array index", "{{items.0.sku}}", nil, "a/b", nil},
		{"escaped", "/x/{{items.0.sku}}", url.PathEscape, "/x/a%2Fb", nil},
		{"bool and null", "{{ok}}-{{nested.n}}", nil, "true-", nil},
		{"object as JSON", "{{items}}", nil, `[{"sku":"a/b"}]`, nil},
		{"whole payload", "{{.}}", nil, `{"big":1e+21,"id":42,"items":[{"sku":"a/b"}],"name":"Ada Lovelace","nested":{"n":null},"ok":true}`, nil},
		{"missing", "{{nope}}", nil, "", httpconn.ErrNoValue},
		{"index out of range", "{{items.5}}", nil, "", httpconn.ErrNoValue},
		{"path through a string", "{{name.x}}", nil, "", httpconn.ErrNoValue},
		{"unclosed", "a {{b", nil, "", httpconn.ErrTemplate},
		{"empty", "{{ }}", nil, "", httpconn.ErrTemplate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := httpconn.ParseTemplate(tt.tmpl)
			if err == nil {
				var got string
				got, err = tmpl.Render(payload, tt.escape)
				assert.Equal(t, tt.want, got)
			}
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
		})
	}
}

func TestRenderURL(t *testing.T) {
	payload := map[string]any{"base": "https://api.example.com/v1", "id": "a b/c"}
	tmpl, err := httpconn.ParseTemplate("{{base}}/orders/{{id}}")
	require.NoError(t, err)
	got, err := tmpl.RenderURL(payload)
	require.NoError(t, err)
	assert.Equal(t, "https://api.example.com/v1/orders/a%20b%2Fc", got, "the base is inserted as is, the rest escaped")

	plain, err := httpconn.ParseTemplate("https://x/{{id}}")
	require.NoError(t, err)
	got, err = plain.RenderURL(payload)
	require.NoError(t, err)
	assert.Equal(t, "https://x/a%20b%2Fc", got)
}

func FuzzTemplate(f *testing.F) {
	for _, s := range []string{"", "a", "{{a}}", "{{a.b.0}}", "x{{ y }}z{{", "{{}}", "}}{{", "{{.}}"} {
		f.Add(s)
	}
	payload := map[string]any{"a": map[string]any{"b": []any{"c"}}, "y": 1.5}
	f.Fuzz(func(t *testing.T, s string) {
		tmpl, err := httpconn.ParseTemplate(s)
		if err != nil {
			require.ErrorIs(t, err, httpconn.ErrTemplate)
			return
		}
		out, err := tmpl.Render(payload, nil)
		if err != nil {
			require.ErrorIs(t, err, httpconn.ErrNoValue)
			return
		}
		if !strings.Contains(s, "{{") {
			assert.Equal(t, s, out, "a template without placeholders renders as itself")
		}
	})
}
