package runner_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/weftworks/weft/app/runner"
)

func TestDeadLetterEndpointsOnlyOnLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true, "[::1]:9": true, "localhost:80": true,
		"0.0.0.0:8080": false, ":8080": false, "10.0.0.5:80": false, "nonsense": false,
	} {
		assert.Equal(t, want, runner.Loopback(addr), addr)
	}
}

func TestDeadLetterEndpointsRefuseForeignHostsAndForms(t *testing.T) {
	mux := http.NewServeMux()
	runner.MountDeadLetters(mux, nil) // refused before the spool is reached
	for _, tc := range []struct {
		method, host, contentType string
		want                      int
	}{
		{http.MethodGet, "evil.example:8080", "", http.StatusForbidden},
		{http.MethodPost, "127.0.0.1:8080", "text/plain", http.StatusUnsupportedMediaType},
		{http.MethodPost, "attacker.test", "application/json", http.StatusForbidden},
	} {
		req := httptest.NewRequest(tc.method, "/deadletters/purge", strings.NewReader(`{"ids": ["x"]}`))
		if tc.method == http.MethodGet {
			req = httptest.NewRequest(tc.method, "/deadletters", nil)
		}
		req.Host = tc.host
		req.Header.Set("Content-Type", tc.contentType)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		assert.Equal(t, tc.want, rec.Code, "%s %s %s", tc.method, tc.host, tc.contentType)
	}
}
