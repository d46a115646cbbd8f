package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTeamStudioNeedsAFirstAdmin(t *testing.T) {
	code, _, stderr := weft(t, "studio", "--team", "--addr", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "w.db"))
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--admin-user")
}

// TestTeamStudioBootstrapsAnAdminWhoSignsIn starts `weft studio --team`,
// creating the first admin from $WEFT_ADMIN_PASSWORD, and signs in.
func TestTeamStudioBootstrapsAnAdminWhoSignsIn(t *testing.T) {
	t.Setenv("WEFT_ADMIN_PASSWORD", "correct horse battery")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		var stderr strings.Builder
		done <- run(ctx, []string{"studio", "--team", "--admin-user", "ada", "--addr", "127.0.0.1:0",
			"--data", filepath.Join(t.TempDir(), "w.db")}, pw, &stderr)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var base string
	for base == "" && lines.Scan() {
		if m := regexp.MustCompile(`ready: (http://\S+/)`).FindStringSubmatch(lines.Text()); m != nil {
			base = m[1]
		}
	}
	require.NotEmpty(t, base)
	go func() { _, _ = io.Copy(io.Discard, pr) }()

	resp, err := http.Post(base+"api/ListFlows", "application/json", strings.NewReader("[]"))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	resp, err = http.Post(base+"auth/login", "application/json", strings.NewReader(`{"user":"ada","password":"correct horse battery"}`))
	require.NoError(t, err)
	var me struct{ Name, Role string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&me))
	resp.Body.Close()
	assert.Equal(t, "admin", me.Role)

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code)
	case <-time.After(10 * time.Second):
		t.Fatal("studio did not stop")
	}
}

func TestTeamStudioWarnsAboutPlainHTTPBeyondLoopback(t *testing.T) {
	code, _, stderr := weft(t, "studio", "--team", "--addr", "0.0.0.0:0", "--data", filepath.Join(t.TempDir(), "w.db"))
	assert.Equal(t, 2, code, "no admin yet")
	assert.Contains(t, stderr, "plain HTTP")
}
