package credential_test

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/credential"
)

func TestAuthorize(t *testing.T) {
	tests := []struct {
		name   string
		cred   credential.Credential
		header string
		want   string
		query  string
	}{
		{name: "basic", cred: credential.Credential{Kind: credential.Basic, Fields: map[string]string{"username": "ada", "password": "pw"}},
			header: "Authorization", want: "Basic YWRhOnB3"},
		{name: "bearer", cred: credential.Credential{Kind: credential.Bearer, Fields: map[string]string{"token": "t0k"}},
			header: "Authorization", want: "Bearer t0k"},
		{name: "apikey default header", cred: credential.Credential{Kind: credential.APIKey, Fields: map[string]string{"key": "k1"}},
			header: "X-API-Key", want: "k1"},
		{name: "apikey named header", cred: credential.Credential{Kind: credential.APIKey,
			Fields: map[string]string{"key": "k2", "in": "header", "name": "X-Token"}}, header: "X-Token", want: "k2"},
		{name: "apikey query", cred: credential.Credential{Kind: credential.APIKey,
			Fields: map[string]string{"key": "k 3", "in": "query", "name": "api_key"}}, query: "a=1&api_key=k+3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "http://example.test/x?a=1", nil)
			require.NoError(t, credential.Authorize(req, tt.cred))
			if tt.header != "" {
				assert.Equal(t, tt.want, req.Header.Get(tt.header))
			}
			if tt.query != "" {
				assert.Equal(t, tt.query, req.URL.RawQuery)
				assert.Empty(t, req.Header.Get("Authorization"))
			}
		})
	}
	req := httptest.NewRequest("GET", "http://example.test/", nil)
	err := credential.Authorize(req, credential.Credential{Name: "o", Kind: credential.OAuth2})
	require.ErrorIs(t, err, credential.ErrWrongKind)
}
