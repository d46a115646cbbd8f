package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ordersFlow is POST /orders → a mapping (with a test case) that names
// the release → 200 with the mapped order.
func ordersFlow(t *testing.T, release string) string {
	return writeFile(t, "orders.flow.json", `{"formatVersion": 2, "id": "orders", "name": "Orders",
  "nodes": [
    {"id": "hook", "type": "http.webhook", "config": {"path": "/orders", "methods": ["POST"]}},
    {"id": "map", "type": "core.mapping", "config": {"mapping": {"fields": [
        {"target": "orderId", "path": "body.id"}, {"target": "release", "const": "`+release+`"}],
      "tests": [{"name": "maps the id", "input": {"body": {"id": "A-1"}}, "expected": {"orderId": "A-1", "release": "`+release+`"}}]}}},
    {"id": "ok", "type": "http.response", "config": {"status": 200}}],
  "edges": [
    {"id": "e1", "from": {"node": "hook", "port": "out"}, "to": {"node": "map", "port": "in"}},
    {"id": "e2", "from": {"node": "map", "port": "out"}, "to": {"node": "ok", "port": "in"}}]}`)
}

// buildBundle runs weft bundle on flow and returns the .weft path.
func bundleFile(t *testing.T, flowPath, version string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "orders.weft")
	code, _, stderr := weft(t, "bundle", flowPath, "--name", "orders", "--version", version, "-o", out)
	require.Equal(t, 0, code, stderr)
	return out
}

// syncBuffer is a bytes.Buffer safe to read while weft writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs weft serve in-process; stop ends it like SIGTERM does.
func startServe(t *testing.T, args ...string) (stderr *syncBuffer, stop func() int) {
	t.Helper()
	_, stderr, stop = startServeOut(t, args...)
	return stderr, stop
}

// startServeOut is startServe keeping stdout (the debug NDJSON) too.
func startServeOut(t *testing.T, args ...string) (stdout, stderr *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, append([]string{"serve"}, args...), stdout, stderr) }()
	var once sync.Once
	code := -1
	stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(30 * time.Second):
				t.Error("weft serve did not stop within 30s")
			}
		})
		return code
	}
	t.Cleanup(func() { stop() })
	return stdout, stderr, stop
}

// copyInto copies a file into dir as name, as an operator's cp does.
func copyInto(t *testing.T, src, dir, name string) {
	t.Helper()
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
}

// hammer calls call from n goroutines until the returned function is
// called; that function waits for them and returns how many calls failed
// (returned false) and how many were made.
func hammer(n int, call func() bool) (stop func() (failures, total int64)) {
	var fails, calls atomic.Int64
	halt := make(chan struct{})
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for {
				select {
				case <-halt:
					return
				default:
				}
				calls.Add(1)
				if !call() {
					fails.Add(1)
				}
			}
		})
	}
	return func() (int64, int64) {
		close(halt)
		wg.Wait()
		return fails.Load(), calls.Load()
	}
}

// orderRelease POSTs an order and returns the status and release answered.
func orderRelease(url string) (int, string, error) {
	resp, err := http.Post(url, "application/json", strings.NewReader(`{"id": "A-7"}`))
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	var out struct{ OrderID, Release string }
	if resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.OrderID != "A-7" {
			return resp.StatusCode, "", err
		}
	}
	return resp.StatusCode, out.Release, nil
}

// TestServeHotDeploysWithoutAFailedRequest is issue 5's "done when": a
// bundle copied into the served folder answers its webhook, a new version
// copied over it is swapped in under load without a failed request, and
// weft test, weft diff, /status and /metrics work on it.
func TestServeHotDeploysWithoutAFailedRequest(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	v1 := bundleFile(t, ordersFlow(t, "one"), "1.0.0")
	v2 := bundleFile(t, ordersFlow(t, "two"), "2.0.0")
	copyInto(t, v1, dir, "orders.weft")
	stderr, stop := startServe(t, "--bundles", dir, "--listen", addr, "--state", filepath.Join(t.TempDir(), "state.db"))
	base := "http://" + addr
	require.Eventually(t, func() bool {
		code, release, _ := orderRelease(base + "/orders")
		return code == http.StatusOK && release == "one"
	}, 20*time.Second, 20*time.Millisecond, "v1 never answered: %s", stderr)

	var sawTwo atomic.Bool
	load := hammer(4, func() bool {
		code, release, err := orderRelease(base + "/orders")
		if release == "two" {
			sawTwo.Store(true)
		}
		return err == nil && code == http.StatusOK
	})
	time.Sleep(50 * time.Millisecond)
	copyInto(t, v2, dir, "orders.weft")
	require.Eventually(t, sawTwo.Load, 20*time.Second, 10*time.Millisecond, "v2 never answered: %s", stderr)
	failures, total := load()
	t.Logf("%d requests during the swap", total)
	assert.Zero(t, failures, "failed requests out of %d", total)

	status, body := httpGet(t, base+"/status")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, `"version": "2.0.0"`)
	assert.Contains(t, body, `"state": "running"`)
	_, metrics := httpGet(t, base+"/metrics")
	assert.Positive(t, samples(t, metrics)[`weft_node_messages_in_total{flow="orders",node="ok",type="http.response"}`])

	code, stdout, errOut := weft(t, "test", filepath.Join(dir, "orders.weft"))
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, stdout, "ok    ")
	code, stdout, errOut = weft(t, "diff", v1, v2)
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, stdout, "bundle orders 1.0.0 → orders 2.0.0")
	assert.Contains(t, stdout, "~ node map (core.mapping): config mapping.fields")

	assert.Equal(t, 0, stop())
	logs := stderr.String()
	assert.Contains(t, logs, `"msg":"bundle swapped"`)
	assert.Contains(t, logs, `"msg":"stopped: every bundle drained"`)
}

func TestServeRefusesABadBundleAndKeepsServing(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	copyInto(t, bundleFile(t, ordersFlow(t, "one"), "1.0.0"), dir, "orders.weft")
	stderr, _ := startServe(t, "--bundles", dir, "--listen", addr, "--state", filepath.Join(t.TempDir(), "state.db"))
	base := "http://" + addr
	require.Eventually(t, func() bool {
		code, _, _ := orderRelease(base + "/orders")
		return code == http.StatusOK
	}, 20*time.Second, 20*time.Millisecond, "never served: %s", stderr)

	require.NoError(t, os.WriteFile(filepath.Join(dir, "orders.weft"), []byte("PK\x03\x04 truncated"), 0o644))
	require.Eventually(t, func() bool { return strings.Contains(stderr.String(), `"msg":"bundle refused"`) },
		20*time.Second, 20*time.Millisecond)
	assert.Contains(t, stderr.String(), `"file":"orders.weft"`)
	assert.Contains(t, stderr.String(), `"previous_version_keeps_serving":true`)
	code, release, err := orderRelease(base + "/orders")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "one", release)
	_, body := httpGet(t, base+"/status")
	assert.Contains(t, body, `"refused"`)
}

func TestServeNeedsAFolder(t *testing.T) {
	code, _, stderr := weft(t, "serve")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "Usage: weft serve --bundles DIR")
	code, _, stderr = weft(t, "serve", "--bundles", filepath.Join(t.TempDir(), "missing"))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "is not a folder")
}

// acceptedFlow takes POST /in with respond: accepted (202 once spooled)
// and hands each message, after a short delay, to a debug node.
func acceptedFlow(t *testing.T) string {
	return writeFile(t, "in.flow.json", `{"formatVersion": 2, "id": "in", "name": "Intake",
  "nodes": [
    {"id": "hook", "type": "http.webhook", "config": {"path": "/in", "respond": "accepted"}},
    {"id": "wait", "type": "control.delay", "config": {"delayMs": 20}},
    {"id": "seen", "type": "core.debug"}],
  "edges": [
    {"id": "e1", "from": {"node": "hook", "port": "out"}, "to": {"node": "wait", "port": "in"}},
    {"id": "e2", "from": {"node": "wait", "port": "out"}, "to": {"node": "seen", "port": "in"}}]}`)
}

// TestServeDeliversEveryAcceptedMessageAcrossASwap: every request a
// webhook answered 202 during a swap is delivered, and the spool ends
// empty.
func TestServeDeliversEveryAcceptedMessageAcrossASwap(t *testing.T) {
	dir, addr := t.TempDir(), freeAddr(t)
	flowPath := acceptedFlow(t)
	copyInto(t, bundleFile(t, flowPath, "1.0.0"), dir, "in.weft")
	stdout, stderr, stop := startServeOut(t, "--bundles", dir, "--listen", addr,
		"--state", filepath.Join(t.TempDir(), "state.db"))
	url := "http://" + addr + "/in"
	var mu sync.Mutex
	var ids []string
	accept := func() bool {
		resp, err := http.Post(url, "application/json", strings.NewReader(`{"n": 1}`))
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var out struct{ ID string }
		if resp.StatusCode != http.StatusAccepted || json.NewDecoder(resp.Body).Decode(&out) != nil {
			return false
		}
		mu.Lock()
		ids = append(ids, out.ID)
		mu.Unlock()
		return true
	}
	require.Eventually(t, accept, 20*time.Second, 20*time.Millisecond, "never accepted: %s", stderr)

	load := hammer(4, accept)
	time.Sleep(50 * time.Millisecond)
	copyInto(t, bundleFile(t, flowPath, "2.0.0"), dir, "in.weft")
	require.Eventually(t, func() bool { return strings.Contains(stderr.String(), `"msg":"bundle version stopped"`) },
		20*time.Second, 10*time.Millisecond, "the old version never stopped: %s", stderr)
	failures, _ := load()
	assert.Zero(t, failures)

	mu.Lock()
	defer mu.Unlock()
	require.Eventually(t, func() bool {
		out := stdout.String()
		for _, id := range ids {
			if !strings.Contains(out, `"id":"`+id+`"`) {
				return false
			}
		}
		return true
	}, 20*time.Second, 20*time.Millisecond, "accepted messages were not delivered")
	t.Logf("%d messages accepted and delivered across the swap", len(ids))
	require.Eventually(t, func() bool {
		_, metrics := httpGet(t, "http://"+addr+"/metrics")
		v, ok := samples(t, metrics)["weft_spool_depth"]
		return ok && v == 0
	}, 20*time.Second, 20*time.Millisecond, "the spool did not empty")
	assert.Equal(t, 0, stop())
}

// TestServeRefusesUnsignedBundlesAndMissingCredentials: with
// --require-signature an unsigned bundle is refused and a signed one
// served; a bundle naming a credential the server lacks is refused with
// its name.
func TestServeRefusesUnsignedBundlesAndMissingCredentials(t *testing.T) {
	priv, pub := keyPair(t)
	dir, addr := t.TempDir(), freeAddr(t)
	flowPath := ordersFlow(t, "one")
	copyInto(t, bundleFile(t, flowPath, "1.0.0"), dir, "unsigned.weft")
	signed := filepath.Join(t.TempDir(), "signed.weft")
	code, _, errOut := weft(t, "sign", bundleFile(t, flowPath, "1.0.0"), "--key", priv, "-o", signed)
	require.Equal(t, 0, code, errOut)
	needsCred := writeFile(t, "call.flow.json", `{"formatVersion": 2, "id": "call", "name": "Call",
  "nodes": [{"id": "hook", "type": "http.webhook", "config": {"path": "/call"}},
    {"id": "req", "type": "http.request", "config": {"url": "http://127.0.0.1:1/x", "credential": "crm-token"}}],
  "edges": [{"id": "e1", "from": {"node": "hook", "port": "out"}, "to": {"node": "req", "port": "in"}}]}`)
	credSigned := filepath.Join(t.TempDir(), "cred.weft")
	code, _, errOut = weft(t, "bundle", needsCred, "--name", "call", "--version", "1.0.0", "-o", credSigned, "--sign", priv)
	require.Equal(t, 0, code, errOut)
	copyInto(t, credSigned, dir, "call.weft")

	stderr, _ := startServe(t, "--bundles", dir, "--listen", addr, "--require-signature", pub,
		"--state", filepath.Join(t.TempDir(), "state.db"))
	base := "http://" + addr
	require.Eventually(t, func() bool {
		_, body := httpGet(t, base+"/status")
		return strings.Count(body, `"refused"`) == 2
	}, 20*time.Second, 20*time.Millisecond, "both bundles should be refused: %s", stderr)
	_, body := httpGet(t, base+"/status")
	assert.Contains(t, body, "bundle is not signed")
	assert.Contains(t, body, `credential \"crm-token\"`)

	copyInto(t, signed, dir, "unsigned.weft") // now signed: served
	require.Eventually(t, func() bool {
		code, release, _ := orderRelease(base + "/orders")
		return code == http.StatusOK && release == "one"
	}, 20*time.Second, 20*time.Millisecond, "the signed bundle was not served: %s", stderr)
}
