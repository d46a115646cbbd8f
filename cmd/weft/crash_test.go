package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/runner"
)

// slowFlow answers 202 once a message is spooled, holds it 300ms and
// prints it as debug NDJSON on stdout.
const slowFlow = `{"formatVersion": 2, "id": "slow", "name": "Slow",
  "nodes": [
    {"id": "hook", "type": "http.webhook", "config": {"path": "/in", "respond": "accepted"}},
    {"id": "wait", "type": "control.delay", "config": {"delayMs": 300}},
    {"id": "show", "type": "core.debug", "config": {"label": "done"}}],
  "edges": [
    {"id": "e1", "from": {"node": "hook", "port": "out"}, "to": {"node": "wait", "port": "in"}},
    {"id": "e2", "from": {"node": "wait", "port": "out"}, "to": {"node": "show", "port": "in"}}]}`

// buildWeft builds the runner into a temporary directory.
func buildWeft(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "weft")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	return bin
}

// startWeft starts the runner with args, its stdout going to the file
// out; the process is killed when the test ends.
func startWeft(t *testing.T, bin, out string, args ...string) *exec.Cmd {
	t.Helper()
	f, err := os.Create(out)
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.Close() })
	cmd := exec.Command(bin, args...)
	cmd.Stdout = f
	cmd.Stderr = io.Discard
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return cmd
}

// printedIDs returns the ids of the messages the debug node printed.
func printedIDs(t *testing.T, files ...string) map[string]int {
	t.Helper()
	ids := map[string]int{}
	for _, name := range files {
		f, err := os.Open(name)
		require.NoError(t, err)
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var d runner.DebugLine
			if json.Unmarshal(sc.Bytes(), &d) == nil { // a line cut by kill -9 is skipped
				ids[d.ID]++
			}
		}
		require.NoError(t, f.Close())
	}
	return ids
}

// postAll POSTs n requests from 8 workers and returns the ids of the
// answers that were 202; once killed is closed after half of them, the
// rest fail.
func postAll(url string, n int, half chan<- struct{}) []string {
	client := &http.Client{Timeout: 5 * time.Second}
	var mu sync.Mutex
	var ids []string
	var once sync.Once
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := range jobs {
				resp, err := client.Post(url, "application/json", strings.NewReader(`{"n": 1}`))
				if err != nil {
					continue
				}
				var body struct{ ID string }
				_ = json.NewDecoder(resp.Body).Decode(&body)
				_ = resp.Body.Close()
				mu.Lock()
				if resp.StatusCode == http.StatusAccepted {
					ids = append(ids, body.ID)
				}
				mu.Unlock()
				if i >= n/2 {
					once.Do(func() { close(half) })
				}
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return ids
}

func TestRunResumesSpooledMessagesAfterKill9(t *testing.T) {
	bin := buildWeft(t)
	dir := t.TempDir()
	flowFile := writeFile(t, "slow.flow.json", slowFlow)
	addr := freeAddr(t)
	args := []string{"run", flowFile, "--listen", addr, "--state", filepath.Join(dir, "state.db"),
		"--spool", filepath.Join(dir, "spool.db"), "--log-format", "text"}
	out1, out2 := filepath.Join(dir, "out1.ndjson"), filepath.Join(dir, "out2.ndjson")
	first := startWeft(t, bin, out1, args...)
	httpGet(t, "http://"+addr+"/healthz") // waits until it listens

	half := make(chan struct{})
	killed := make(chan struct{})
	go func() {
		<-half
		_ = first.Process.Signal(syscall.SIGKILL)
		close(killed)
	}()
	accepted := postAll("http://"+addr+"/in", 200, half)
	<-killed
	_ = first.Wait()
	require.NotEmpty(t, accepted)
	before := printedIDs(t, out1)
	require.Less(t, len(before), len(accepted), "kill -9 came with accepted messages still in flight")

	second := startWeft(t, bin, out2, args...)
	var missing []string
	require.Eventually(t, func() bool {
		printed := printedIDs(t, out1, out2)
		missing = missing[:0]
		for _, id := range accepted {
			if printed[id] == 0 {
				missing = append(missing, id)
			}
		}
		return len(missing) == 0
	}, 30*time.Second, 50*time.Millisecond, "accepted messages lost: %v", missing)
	t.Logf("%d accepted, %d printed before kill -9, all %d after restart", len(accepted), len(before), len(accepted))

	require.NoError(t, second.Process.Signal(syscall.SIGTERM))
	require.NoError(t, second.Wait(), "a graceful stop exits 0")
}
