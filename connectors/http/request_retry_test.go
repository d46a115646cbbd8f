package http_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/runtime/runtimetest"
)

// flaky answers the statuses in order (then 200) and counts its calls.
func flaky(t *testing.T, header http.Header, statuses ...int) (*httptest.Server, *atomic.Int64) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n := int(calls.Add(1))
		status := http.StatusOK
		if n <= len(statuses) {
			status = statuses[n-1]
		}
		for k, vs := range header {
			w.Header()[k] = vs
		}
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, "call %d", n)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func TestRequestRetries(t *testing.T) {
	tests := []struct {
		name      string
		statuses  []int
		header    http.Header
		cfg       map[string]any
		wantCalls int64
		wantOut   any // body of the emitted response; nil: none
		wantErr   string
	}{
		{"5xx then success", []int{500, 503}, nil, nil, 3, "call 3", ""},
		{"429 honours Retry-After", []int{429}, http.Header{"Retry-After": {"0"}}, nil, 2, "call 2", ""},
		{"429 with a past Retry-After date", []int{429}, http.Header{"Retry-After": {"Wed, 21 Oct 2015 07:28:00 GMT"}}, nil, 2, "call 2", ""},
		{"4xx is not retried", []int{404}, nil, nil, 1, nil, "HTTP 404 Not Found: call 1"},
		{"gives up", []int{500, 500, 500}, nil, map[string]any{"retries": 2.0}, 3, nil,
			"after 3 attempts: HTTP 500 Internal Server Error: call 3"},
		{"error status emitted when asked", []int{500}, nil, map[string]any{"retries": 0.0, "failOnStatus": false}, 1, "call 1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, calls := flaky(t, tt.header, tt.statuses...)
			cfg := map[string]any{"url": srv.URL}
			for k, v := range tt.cfg {
				cfg[k] = v
			}
			rec, s := call(t, cfg, host{}, map[string]any{"n": 1.0}, map[string]any{"n": 2.0})
			require.Equal(t, runtime.StatusSucceeded, rec.Status, "the flow keeps running: %s", rec.Error)
			assert.Equal(t, tt.wantCalls+1, calls.Load(), "the second message needs one call")
			out := s.Payloads("out")
			if tt.wantOut == nil {
				require.Len(t, out, 1)
				errs := s.Payloads("errors")
				require.Len(t, errs, 1)
				assert.Equal(t, tt.wantErr, errs[0].(map[string]any)["error"])
				assert.Equal(t, map[string]any{"n": 1.0}, errs[0].(map[string]any)["message"], "the original message goes along")
				return
			}
			require.Len(t, out, 2)
			assert.Equal(t, tt.wantOut, out[0].(map[string]any)["body"])
		})
	}
}

func TestRequestBadInput(t *testing.T) {
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	tests := []struct {
		name string
		cfg  map[string]any
		want string
	}{
		{"missing template value", map[string]any{"url": "http://127.0.0.1/{{nope}}"}, "url: {{nope}}: no value at path"},
		{"not a URL", map[string]any{"url": "{{n}}"}, `url "1" is not an absolute http(s) URL`},
		{"form needs an object", map[string]any{"url": "http://127.0.0.1/", "method": "POST", "bodyType": "form", "bodyPath": "n"},
			"body: a form body needs an object"},
		{"connection refused", map[string]any{"url": down.URL, "retries": 1.0}, "after 2 attempts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, s := call(t, tt.cfg, host{}, map[string]any{"n": 1.0})
			require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
			assert.Empty(t, s.Payloads("out"))
			errs := s.Payloads("errors")
			require.Len(t, errs, 1)
			assert.Contains(t, errs[0].(map[string]any)["error"], tt.want)
		})
	}
}

func TestRequestConfigErrors(t *testing.T) {
	_, err := runtime.Compile(newFlow([]flow.Node{node("call", "http.request", map[string]any{"url": "http://x/{{a"})}),
		newRegistry(t, runtimetest.NewCollector()))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `field "url": bad template`)
}
