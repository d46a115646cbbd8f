package main

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDeadLettersThroughARunningServe: while weft serve holds the spool,
// weft deadletters --server lists a dead letter with its reason, and a
// replay after the fix is delivered at once, without a restart.
func TestDeadLettersThroughARunningServe(t *testing.T) {
	up := newUpstream(t)
	dir, addr := t.TempDir(), freeAddr(t)
	copyInto(t, bundleFile(t, writeFile(t, "orders.flow.json", callFlow(up.URL)), "1.0.0"), dir, "orders.weft")
	_, stderr := startServe(t, "--bundles", dir, "--listen", addr, "--state", filepath.Join(t.TempDir(), "state.db"),
		"--retries", "1", "--retry-backoff", "10ms")
	base := "http://" + addr
	require.Eventually(t, func() bool {
		code, _ := httpGet(t, base+"/readyz")
		return code == http.StatusOK
	}, 20*time.Second, 20*time.Millisecond, "never ready: %s", stderr)
	status, body := post(t, base+"/orders", `{"order": "B2"}`)
	require.Equal(t, http.StatusAccepted, status, body)
	var accepted struct{ ID string }
	require.NoError(t, json.Unmarshal([]byte(body), &accepted))
	metric(t, addr, "weft_dead_letters", 1)

	code, stdout, errOut := weft(t, "deadletters", "list", "--server", base)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, stdout, accepted.ID)
	assert.Contains(t, stdout, "orders/orders") // bundle/flow
	assert.Contains(t, stdout, "500")
	code, stdout, errOut = weft(t, "deadletters", "show", accepted.ID, "--server", base)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, stdout, `"order": "B2"`)
	code, _, errOut = weft(t, "deadletters", "show", "nope", "--server", base)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no such dead letter")

	up.broken.Store(false) // the fix
	code, stdout, errOut = weft(t, "deadletters", "replay", "--all", "--flow", "orders/orders", "--server", base)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, stdout, "replayed 1")
	require.Eventually(t, func() bool { return up.served.Load() == 1 }, 20*time.Second, 10*time.Millisecond,
		"the replayed message was not delivered by the running serve: %s", stderr)
	metric(t, addr, "weft_dead_letters", 0)
	metric(t, addr, "weft_spool_depth", 0)
	code, stdout, _ = weft(t, "deadletters", "list", "--json", "--server", base)
	require.Equal(t, 0, code)
	assert.JSONEq(t, "[]", strings.TrimSpace(stdout))
}

func TestRunRefusesNegativeRetries(t *testing.T) {
	code, _, stderr := weft(t, "run", writeFile(t, "f.json", slowAnswerFlow), "--retries", "-1")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "want a whole number, 0 or more")
}
