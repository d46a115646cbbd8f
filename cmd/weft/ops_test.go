package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/ops/opstest"
	"github.com/weftworks/weft/connectors/sql/pgtest"
)

// pingFlow is a webhook flow: POST /ping → a script that echoes n, or
// throws for {"bad": true} → 200 with the echo, or 422 from the script's
// error port.
const pingFlow = `{"formatVersion": 2, "id": "ping", "name": "Ping",
  "nodes": [
    {"id": "hook", "type": "http.webhook", "config": {"path": "/ping", "methods": ["POST"]}},
    {"id": "echo", "type": "core.script", "config": {"code": "if (msg.body.bad) throw new Error('bad ping'); return {echo: msg.body.n};"}},
    {"id": "ok", "type": "http.response", "config": {"status": 200}},
    {"id": "bad", "type": "http.response", "config": {"status": 422}}],
  "edges": [
    {"id": "e1", "from": {"node": "hook", "port": "out"}, "to": {"node": "echo", "port": "in"}},
    {"id": "e2", "from": {"node": "echo", "port": "out"}, "to": {"node": "ok", "port": "in"}},
    {"id": "e3", "from": {"node": "echo", "port": "error"}, "to": {"node": "bad", "port": "in"}}]}`

func freeAddr(t *testing.T) string {
	t.Helper()
	port, err := pgtest.FreePort()
	require.NoError(t, err)
	return fmt.Sprintf("127.0.0.1:%d", port)
}

// httpGet returns the status and body of a GET, retrying while nothing
// listens yet.
func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	var resp *http.Response
	require.Eventually(t, func() bool {
		var err error
		resp, err = http.Get(url)
		return err == nil
	}, 20*time.Second, 50*time.Millisecond, "nothing answered on %s", url)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(data)
}

// samples parses Prometheus text into sample → value for weft_ metrics.
func samples(t *testing.T, text string) map[string]float64 {
	t.Helper()
	out, err := opstest.Samples(strings.NewReader(text), "weft_")
	require.NoError(t, err, text)
	return out
}

func TestRunServesOpsBesideWebhooks(t *testing.T) {
	addr := freeAddr(t)
	stop := serveFlow(t, writeFile(t, "ping.flow.json", pingFlow), "--listen", addr, "--state", t.TempDir()+"/state.db")
	base := "http://" + addr
	require.Eventually(t, func() bool {
		status, _ := httpGet(t, base+"/readyz")
		return status == http.StatusOK
	}, 20*time.Second, 50*time.Millisecond, "never ready")
	status, body := httpGet(t, base+"/healthz")
	assert.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{"status": "ok"}`, body)

	for _, req := range []struct {
		body string
		want int
	}{{`{"n": 1}`, http.StatusOK}, {`{"n": 2}`, http.StatusOK}, {`{"bad": true}`, http.StatusUnprocessableEntity}} {
		status, body := post(t, base+"/ping", req.body)
		require.Equal(t, req.want, status, body)
	}

	want := map[string]float64{
		`weft_runs_started_total{flow="ping"}`:                                      1,
		`weft_runs_active{flow="ping"}`:                                             1,
		`weft_node_messages_out_total{flow="ping",node="hook",type="http.webhook"}`: 3,
		`weft_node_messages_in_total{flow="ping",node="echo",type="core.script"}`:   3,
		`weft_node_messages_out_total{flow="ping",node="echo",type="core.script"}`:  2,
		`weft_node_errors_total{flow="ping",node="echo",type="core.script"}`:        1,
		`weft_node_messages_in_total{flow="ping",node="ok",type="http.response"}`:   2,
		`weft_node_messages_in_total{flow="ping",node="bad",type="http.response"}`:  1,
	}
	var got map[string]float64
	require.Eventually(t, func() bool {
		_, text := httpGet(t, base+"/metrics")
		got = samples(t, text)
		return got[`weft_node_messages_in_total{flow="ping",node="bad",type="http.response"}`] == 1
	}, 20*time.Second, 50*time.Millisecond, "the counters never reached /metrics")
	for k, v := range want {
		assert.Equal(t, v, got[k], k)
	}

	code, stderr := stop()
	require.Equal(t, 0, code, stderr)
	logs := jsonLogs(t, stderr)
	assert.Contains(t, logs, "listening")
	assert.Contains(t, logs, "run started")
	assert.Contains(t, logs, "node failed messages")
	ended := logs["run ended"]
	require.NotNil(t, ended, stderr)
	assert.Equal(t, "cancelled", ended["status"])
	assert.Equal(t, logs["run started"]["run_id"], ended["run_id"], "one run id across the run's lines")
	assert.NotEmpty(t, logs["node failed messages"]["message_id"], "a failure names its message")
}

// jsonLogs checks every stderr line is a JSON log line and returns the
// last line of each message.
func jsonLogs(t *testing.T, stderr string) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &m), "not a JSON log line: %s", l)
		require.Contains(t, m, "level", l)
		msg, _ := m["msg"].(string)
		out[msg] = m
	}
	return out
}

func TestRunServesOpsOnItsOwnAddress(t *testing.T) {
	hooks, opsAddr := freeAddr(t), freeAddr(t)
	stop := serveFlow(t, writeFile(t, "ping.flow.json", pingFlow), "--listen", hooks, "--ops", opsAddr,
		"--log-format", "text", "--state", t.TempDir()+"/state.db")
	require.Eventually(t, func() bool {
		status, _ := httpGet(t, "http://"+opsAddr+"/readyz")
		return status == http.StatusOK
	}, 20*time.Second, 50*time.Millisecond, "never ready")
	status, _ := post(t, "http://"+hooks+"/ping", `{"n": 1}`)
	require.Equal(t, http.StatusOK, status)
	status, text := httpGet(t, "http://"+opsAddr+"/metrics")
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, text, "weft_runs_started_total")
	status, _ = httpGet(t, "http://"+hooks+"/metrics")
	assert.Equal(t, http.StatusNotFound, status, "the ops endpoints are only where --ops says")
	code, stderr := stop()
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, `msg="run started"`, "--log-format text writes text lines")
}

func TestRunRefusesUnknownLogFormat(t *testing.T) {
	code, stdout, stderr := weft(t, "run", "--log-format", "yaml", "../../testdata/flows/hello.flow.json")
	assert.Equal(t, 2, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "log format")
}

func TestRunHelloLogsGoToStderr(t *testing.T) {
	code, stdout, stderr := weft(t, "run", "../../testdata/flows/hello.flow.json")
	require.Equal(t, 0, code, stderr)
	for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		assert.NotContains(t, l, `"level"`, "stdout holds debug NDJSON only")
	}
	logs := jsonLogs(t, stderr)
	assert.Equal(t, "succeeded", logs["run ended"]["status"])
}
