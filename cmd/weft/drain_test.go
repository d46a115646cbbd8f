package main

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// slowAnswerFlow answers POST /slow after a 500 ms delay.
const slowAnswerFlow = `{"formatVersion": 2, "id": "slow", "name": "Slow",
  "nodes": [{"id": "hook", "type": "http.webhook", "config": {"path": "/slow"}},
    {"id": "wait", "type": "control.delay", "config": {"delayMs": 500}},
    {"id": "ok", "type": "http.response", "config": {"status": 200, "body": "{\"done\": true}"}}],
  "edges": [{"id": "e1", "from": {"node": "hook", "port": "out"}, "to": {"node": "wait", "port": "in"}},
    {"id": "e2", "from": {"node": "wait", "port": "out"}, "to": {"node": "ok", "port": "in"}}]}`

// TestRunAnswersInFlightRequestsOnStop: a request taken before SIGTERM
// gets the flow's real answer while the run drains, and weft run exits 0.
func TestRunAnswersInFlightRequestsOnStop(t *testing.T) {
	addr := freeAddr(t)
	stop := serveFlow(t, writeFile(t, "slow.flow.json", slowAnswerFlow), "--listen", addr,
		"--state", filepath.Join(t.TempDir(), "state.db"))
	// ready: the run has started and the webhook listens on /slow
	require.Eventually(t, func() bool {
		status, _ := httpGet(t, "http://"+addr+"/readyz")
		return status == 200
	}, 20*time.Second, 10*time.Millisecond, "weft run never became ready")

	type answer struct {
		status int
		body   string
	}
	got := make(chan answer, 1)
	go func() {
		s, b := post(t, "http://"+addr+"/slow", `{}`)
		got <- answer{s, b}
	}()
	time.Sleep(200 * time.Millisecond) // the request waits in the delay node
	code, stderr := stop()
	assert.Equal(t, 0, code, stderr)
	a := <-got
	assert.Equal(t, 200, a.status)
	assert.JSONEq(t, `{"done": true}`, a.body)
}
