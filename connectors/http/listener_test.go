package http_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	httpconn "github.com/weftworks/weft/connectors/http"
)

func TestListenerRoutes(t *testing.T) {
	l := httpconn.NewListener()
	srv := httptest.NewServer(l)
	defer srv.Close()
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "hooked") })
	remove, err := l.Handle("/hooks/a", []string{"post"}, ok)
	require.NoError(t, err)

	_, err = l.Handle("/hooks/a/", nil, ok)
	require.ErrorIs(t, err, httpconn.ErrDuplicatePath, "a trailing slash is the same path")
	assert.Contains(t, err.Error(), `"/hooks/a/"`)
	_, err = l.Handle("hooks", nil, ok)
	require.ErrorIs(t, err, httpconn.ErrBadPath)

	tests := []struct {
		method, path string
		want         int
		allow        string
	}{
		{http.MethodPost, "/hooks/a", http.StatusOK, ""},
		{http.MethodPost, "/hooks/a/", http.StatusOK, ""},
		{http.MethodGet, "/hooks/a", http.StatusMethodNotAllowed, "POST"},
		{http.MethodPost, "/hooks/b", http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		req, err := http.NewRequest(tt.method, srv.URL+tt.path, nil)
		require.NoError(t, err)
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		_ = resp.Body.Close()
		assert.Equal(t, tt.want, resp.StatusCode, tt.method+" "+tt.path)
		assert.Equal(t, tt.allow, resp.Header.Get("Allow"))
	}

	remove()
	remove()
	assert.Empty(t, l.Paths())
	_, err = l.Handle("/hooks/a", nil, ok)
	assert.NoError(t, err, "a removed path is free again")
}

func TestRespondWithoutWaitingRequest(t *testing.T) {
	err := httpconn.NewListener().Respond("nobody", httpconn.Response{Status: 200})
	assert.ErrorIs(t, err, httpconn.ErrNotWaiting)
}
