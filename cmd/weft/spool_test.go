package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spool"
)

// callFlow is a webhook flow answering 202 at once whose message is
// POSTed to url; no error port, so a failed call is an unhandled failure.
func callFlow(url string) string {
	return fmt.Sprintf(`{"formatVersion": 2, "id": "orders", "name": "Orders",
  "nodes": [
    {"id": "hook", "type": "http.webhook", "config": {"path": "/orders", "respond": "accepted"}},
    {"id": "call", "type": "http.request", "config": {"method": "POST", "url": %q, "retries": 0}}],
  "edges": [{"id": "e1", "from": {"node": "hook", "port": "out"}, "to": {"node": "call", "port": "in"}}]}`, url)
}

// metric waits until /metrics on addr reports want for name.
func metric(t *testing.T, addr, name string, want float64) {
	t.Helper()
	require.Eventually(t, func() bool {
		_, text := httpGet(t, "http://"+addr+"/metrics")
		v, ok := samples(t, text)[name]
		return ok && v == want
	}, 20*time.Second, 20*time.Millisecond, "%s never reached %v", name, want)
}

// upstream is an HTTP server failing with 500 while broken is set.
type upstream struct {
	*httptest.Server
	broken        atomic.Bool
	calls, served atomic.Int64
}

func newUpstream(t *testing.T) *upstream {
	u := &upstream{}
	u.broken.Store(true)
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		u.calls.Add(1)
		if u.broken.Load() {
			http.Error(w, "upstream is down", http.StatusInternalServerError)
			return
		}
		u.served.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(u.Close)
	return u
}

func TestRunDeadLettersThenReplays(t *testing.T) {
	up := newUpstream(t)
	dir := t.TempDir()
	flowFile, sp := writeFile(t, "orders.flow.json", callFlow(up.URL)), filepath.Join(dir, "spool.db")
	args := func(addr string) []string {
		return []string{flowFile, "--listen", addr, "--state", filepath.Join(dir, "state.db"), "--spool", sp,
			"--retries", "1", "--retry-backoff", "10ms"}
	}

	addr := freeAddr(t)
	stop := serveFlow(t, args(addr)...)
	status, body := post(t, "http://"+addr+"/orders", `{"order": "A1"}`)
	require.Equal(t, http.StatusAccepted, status, body)
	var accepted struct{ ID string }
	require.NoError(t, json.Unmarshal([]byte(body), &accepted))
	metric(t, addr, "weft_dead_letters", 1)
	metric(t, addr, "weft_spool_depth", 0)
	assert.EqualValues(t, 2, up.calls.Load(), "delivered twice: the first time and one retry")
	code, _, stderr := weft(t, "deadletters", "list", "--spool", sp)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "held by a running weft")
	code, stderr = stop()
	require.Equal(t, 0, code, stderr)
	logs := jsonLogs(t, stderr)
	require.Contains(t, logs, "message dead-lettered", stderr)
	assert.Equal(t, accepted.ID, logs["message dead-lettered"]["message_id"])
	assert.Equal(t, "call", logs["message dead-lettered"]["node"])

	checkDeadLetterCLI(t, sp, accepted.ID)

	up.broken.Store(false) // the fix
	code, stdout, stderr := weft(t, "deadletters", "replay", "--all", "--flow", "orders", "--spool", sp)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "replayed 1")
	code, stdout, _ = weft(t, "deadletters", "list", "--json", "--spool", sp)
	require.Equal(t, 0, code)
	assert.JSONEq(t, "[]", stdout)

	addr = freeAddr(t)
	stop = serveFlow(t, args(addr)...)
	require.Eventually(t, func() bool { return up.served.Load() == 1 }, 20*time.Second, 10*time.Millisecond,
		"the replayed message is delivered when weft run starts again")
	metric(t, addr, "weft_spool_depth", 0)
	metric(t, addr, "weft_dead_letters", 0)
	code, stderr = stop()
	require.Equal(t, 0, code, stderr)
}

// checkDeadLetterCLI checks list and show on the one dead letter id of
// the spool sp, and that purging an unknown id fails.
func checkDeadLetterCLI(t *testing.T, sp, id string) {
	t.Helper()
	code, stdout, stderr := weft(t, "deadletters", "list", "--spool", sp)
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	require.Len(t, lines, 2, stdout)
	assert.Equal(t, []string{"ID", "FLOW", "NODE", "ATTEMPTS", "LAST", "ERROR", "TIME"}, strings.Fields(lines[0]))
	assert.Equal(t, []string{id, "orders", "call", "2"}, strings.Fields(lines[1])[:4])
	assert.Contains(t, lines[1], "500")

	code, stdout, stderr = weft(t, "deadletters", "show", id, "--spool", sp)
	require.Equal(t, 0, code, stderr)
	var d spool.DeadLetter
	require.NoError(t, json.Unmarshal([]byte(stdout), &d))
	assert.Equal(t, "hook", d.Trigger)
	body, _ := jsoncodec.Lookup(d.Message.Payload, "body")
	assert.Equal(t, map[string]any{"order": "A1"}, jsoncodec.Plain(body))

	code, _, stderr = weft(t, "deadletters", "purge", "nope", "--spool", sp)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "no such dead letter")
}

func TestRunWithoutOutsideTriggersKeepsNoSpool(t *testing.T) {
	sp := filepath.Join(t.TempDir(), "spool.db")
	code, _, stderr := weft(t, "run", "../../testdata/flows/hello.flow.json", "--spool", sp)
	require.Equal(t, 0, code, stderr)
	_, err := os.Stat(sp)
	assert.ErrorIs(t, err, os.ErrNotExist, "a hello-world flow creates no spool")
}

func TestDeadLettersUsage(t *testing.T) {
	code, _, stderr := weft(t, "deadletters")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "Usage: weft deadletters")
	code, _, stderr = weft(t, "deadletters", "list", "--spool", filepath.Join(t.TempDir(), "none.db"))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "no spool at")
	sp := filepath.Join(t.TempDir(), "spool.db")
	s, err := spool.Open(sp)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	code, _, stderr = weft(t, "deadletters", "replay", "--spool", sp)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "needs message ids or --all")
}

func TestDeadLettersPurgeAll(t *testing.T) {
	sp := filepath.Join(t.TempDir(), "spool.db")
	s, err := spool.Open(sp)
	require.NoError(t, err)
	for _, scope := range []string{"a", "a", "b"} {
		j := s.Journal(scope, spool.RetryPolicy{Attempts: 1})
		m := message.New("x")
		require.NoError(t, j.Accept("hook", "out", m))
		j.Settle("hook", m.ID, registry.Outcome{Status: registry.OutcomeFailed, Node: "n", Err: errors.New("no")})
	}
	require.NoError(t, s.Close())
	code, stdout, stderr := weft(t, "deadletters", "purge", "--all", "--flow", "a", "--spool", sp)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "purged 2")
	code, stdout, stderr = weft(t, "deadletters", "list", "--json", "--spool", sp)
	require.Equal(t, 0, code, stderr)
	var left []spool.DeadLetter
	require.NoError(t, json.Unmarshal([]byte(stdout), &left))
	require.Len(t, left, 1)
	assert.Equal(t, "b", left[0].Scope, "--flow limits --all")
}

func TestRunGracefulStopDrainsSpooledWork(t *testing.T) {
	dir := t.TempDir()
	sp, addr := filepath.Join(dir, "spool.db"), freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"run", writeFile(t, "slow.flow.json", slowFlow), "--listen", addr,
			"--state", filepath.Join(dir, "state.db"), "--spool", sp, "--drain", "10s"}, &stdout, &stderr)
	}()
	var ids []string
	for range 5 {
		status, body := post(t, "http://"+addr+"/in", `{"n": 1}`)
		require.Equal(t, http.StatusAccepted, status, body)
		var accepted struct{ ID string }
		require.NoError(t, json.Unmarshal([]byte(body), &accepted))
		ids = append(ids, accepted.ID)
	}
	cancel() // SIGTERM: the delayed messages still finish
	select {
	case code := <-done:
		require.Equal(t, 0, code, stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatal("weft run did not stop")
	}
	for _, id := range ids {
		assert.Contains(t, stdout.String(), id, "drained before the exit")
	}
	s, err := spool.Open(sp)
	require.NoError(t, err)
	defer s.Close()
	depth, err := s.SpoolDepth()
	require.NoError(t, err)
	assert.Zero(t, depth, "finished work leaves the spool")
}

func TestRunSpoolsOnlyTriggersThatAckBeforeTheWorkEnds(t *testing.T) {
	sp, addr := filepath.Join(t.TempDir(), "spool.db"), freeAddr(t)
	stop := serveFlow(t, writeFile(t, "ping.flow.json", pingFlow), "--listen", addr,
		"--state", filepath.Join(t.TempDir(), "state.db"), "--spool", sp)
	status, body := post(t, "http://"+addr+"/ping", `{"n": 1}`)
	require.Equal(t, http.StatusOK, status, body)
	code, stderr := stop()
	require.Equal(t, 0, code, stderr)
	_, err := os.Stat(sp)
	assert.ErrorIs(t, err, os.ErrNotExist, "a webhook that answers when the work is done needs no spool")
}

// A folder watch keeps its file in the folder until the work ends: it
// needs no spool either.
func TestRunDoesNotSpoolFolderWatches(t *testing.T) {
	in, sp := t.TempDir(), filepath.Join(t.TempDir(), "spool.db")
	require.NoError(t, os.WriteFile(filepath.Join(in, "a.txt"), []byte("x"), 0o600))
	flowFile := writeFile(t, "watch.flow.json", fmt.Sprintf(`{"formatVersion": 2, "id": "w", "name": "W",
  "nodes": [{"id": "watch", "type": "file.watch", "config": {"dir": %q, "settleMs": 10, "pollMs": 10}},
    {"id": "seen", "type": "core.debug"}],
  "edges": [{"id": "e1", "from": {"node": "watch", "port": "out"}, "to": {"node": "seen", "port": "in"}}]}`, in))
	stop := serveFlow(t, flowFile, "--ops", freeAddr(t), "--state", filepath.Join(t.TempDir(), "state.db"), "--spool", sp)
	require.Eventually(t, func() bool {
		_, err := os.Stat(filepath.Join(in, "processed", "a.txt"))
		return err == nil
	}, 20*time.Second, 10*time.Millisecond, "the file was never processed")
	code, stderr := stop()
	require.Equal(t, 0, code, stderr)
	_, err := os.Stat(sp)
	assert.ErrorIs(t, err, os.ErrNotExist)
}
