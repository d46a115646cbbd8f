package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// orderMapping names its targets out of alphabetical order and passes an
// object of the webhook body through whole.
const orderMapping = `{"fields": [
  {"target": "zid", "path": "body.id"},
  {"target": "customer", "path": "body.customer"},
  {"target": "amount", "expr": "body.total * 2"}]}`

// TestFlowWritesMappingOutputInPreviewOrder runs webhook → mapping → file
// write (NDJSON) → HTTP request under weft run: the bytes written to the
// file and posted to the server have the mapping's field order and the
// body's key order, exactly as weft preview of the same mapping prints.
func TestFlowWritesMappingOutputInPreviewOrder(t *testing.T) {
	var mu sync.Mutex
	var posted []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		posted = b
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"stored":true,"by":"crm"}`))
	}))
	t.Cleanup(srv.Close)
	out := filepath.Join(t.TempDir(), "out.ndjson")
	flowPath := writeFile(t, "order.flow.json", `{"formatVersion": 2, "id": "order", "name": "Order",
  "nodes": [
    {"id": "hook", "type": "http.webhook", "config": {"path": "/in"}},
    {"id": "map", "type": "core.mapping", "config": {"mapping": `+orderMapping+`}},
    {"id": "write", "type": "file.write", "config": {"path": `+quote(out)+`, "format": "ndjson"}},
    {"id": "post", "type": "http.request", "config": {"method": "POST", "url": `+quote(srv.URL+"/crm")+`, "retries": 0}},
    {"id": "ok", "type": "http.response", "config": {"status": 200}}],
  "edges": [
    {"id": "e1", "from": {"node": "hook", "port": "out"}, "to": {"node": "map", "port": "in"}},
    {"id": "e2", "from": {"node": "map", "port": "out"}, "to": {"node": "write", "port": "in"}},
    {"id": "e3", "from": {"node": "write", "port": "out"}, "to": {"node": "post", "port": "in"}},
    {"id": "e4", "from": {"node": "post", "port": "out"}, "to": {"node": "ok", "port": "in"}}]}`)
	body := `{"total": 5, "id": "A1", "customer": {"name": "Ada", "city": "Oslo", "age": 36, "10": "x"}}`
	want := `{"zid":"A1","customer":{"10":"x","name":"Ada","city":"Oslo","age":36},"amount":10}`

	code, preview, stderr := weft(t, "preview", writeFile(t, "m.json", orderMapping),
		"--input", writeFile(t, "in.ndjson", `{"body": `+body+`}`+"\n"), "--format", "ndjson")
	require.Equal(t, 0, code, stderr)
	var res struct {
		Records []struct {
			Output json.RawMessage `json:"output"`
		} `json:"records"`
	}
	require.NoError(t, json.Unmarshal([]byte(preview), &res))
	require.Len(t, res.Records, 1, preview)
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, res.Records[0].Output))
	require.Equal(t, want, compact.String(), "the preview")

	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var runOut, runErr syncBuffer
	go func() { done <- run(ctx, []string{"run", flowPath, "--listen", addr}, &runOut, &runErr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("weft run did not stop within 30s")
		}
	})
	var status int
	var answer string
	require.Eventually(t, func() bool {
		resp, err := http.Post("http://"+addr+"/in", "application/json", strings.NewReader(body))
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		status, answer = resp.StatusCode, string(b)
		return status != http.StatusNotFound // the webhook is not up yet
	}, 20*time.Second, 20*time.Millisecond, "weft run never served: %s", &runErr)
	require.Equal(t, http.StatusOK, status, "%s\n%s", answer, runErr.String())
	assert.Contains(t, answer, `"body":{"stored":true,"by":"crm"}`,
		"the server's response body keeps its key order through http.request and http.response")

	written, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, want+"\n", string(written), "file.write keeps the preview's order")
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, want, strings.TrimSpace(string(posted)), "http.request posts the preview's order")
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
