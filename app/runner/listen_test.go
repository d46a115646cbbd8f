package runner

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestStartingGateRefusesUntilReady: requests before the webhooks are
// ready get 503 with Retry-After, later ones reach the handler, and the
// gate stays open once it opened.
func TestStartingGateRefusesUntilReady(t *testing.T) {
	readyErr := errors.New("0 of 1 webhook triggers listening")
	gate := startingGate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
	}), func() error { return readyErr })
	get := func() *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		gate.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/orders", nil))
		return w
	}
	w := get()
	assert.Equal(t, http.StatusServiceUnavailable, w.Code)
	assert.Equal(t, "1", w.Header().Get("Retry-After"))
	assert.Contains(t, w.Body.String(), "starting: 0 of 1 webhook triggers listening")
	readyErr = nil
	assert.Equal(t, http.StatusAccepted, get().Code)
	readyErr = errors.New("a trigger stopped")
	assert.Equal(t, http.StatusAccepted, get().Code, "the gate stays open")
}
