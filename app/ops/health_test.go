package ops_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/ops"
	"github.com/weftworks/weft/app/ops/opstest"
)

type healthBody struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks"`
}

func get(t *testing.T, url string) (int, healthBody) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	var b healthBody
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&b))
	return resp.StatusCode, b
}

func TestReadiness(t *testing.T) {
	notYet := errors.New("no run has started")
	tests := []struct {
		name   string
		checks map[string]error
		status int
		body   healthBody
	}{
		{"no checks", nil, http.StatusOK, healthBody{Status: "ready"}},
		{"all pass", map[string]error{"run": nil, "webhooks": nil}, http.StatusOK,
			healthBody{Status: "ready", Checks: map[string]string{"run": "ok", "webhooks": "ok"}}},
		{"one fails", map[string]error{"run": notYet, "webhooks": nil}, http.StatusServiceUnavailable,
			healthBody{Status: "not ready", Checks: map[string]string{"run": notYet.Error(), "webhooks": "ok"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := ops.NewHealth()
			for name, err := range tt.checks {
				h.Check(name, func() error { return err })
			}
			mux := http.NewServeMux()
			ops.Mount(mux, ops.NewCollector(nil), h)
			srv := httptest.NewServer(mux)
			defer srv.Close()
			status, body := get(t, srv.URL+ops.PathReady)
			assert.Equal(t, tt.status, status)
			assert.Equal(t, tt.body, body)
			status, body = get(t, srv.URL+ops.PathLive)
			assert.Equal(t, http.StatusOK, status, "alive whatever readiness says")
			assert.Equal(t, "ok", body.Status)
		})
	}
}

func TestMountServesMetricsText(t *testing.T) {
	mux := http.NewServeMux()
	ops.Mount(mux, ops.NewCollector(nil), ops.NewHealth())
	srv := httptest.NewServer(mux)
	defer srv.Close()
	resp, err := http.Get(srv.URL + ops.PathMetrics)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Content-Type"), "text/plain")
	got, err := opstest.Samples(resp.Body, "weft_")
	require.NoError(t, err)
	assert.Empty(t, got, "no run observed: no weft_ samples yet")
}
