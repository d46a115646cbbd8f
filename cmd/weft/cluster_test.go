package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/cluster/clustertest"
)

// clusterFlows are the bundle the cluster test deploys: a webhook whose
// accepted messages each runner prints once worked on, and a schedule
// every runner runs but only the lease holder fires.
const clusterIntake = `{"formatVersion": 2, "id": "in", "name": "Intake",
  "nodes": [
    {"id": "hook", "type": "http.webhook", "config": {"path": "/in", "respond": "accepted"}},
    {"id": "wait", "type": "control.delay", "config": {"delayMs": 5}},
    {"id": "seen", "type": "core.debug"}],
  "edges": [
    {"id": "e1", "from": {"node": "hook", "port": "out"}, "to": {"node": "wait", "port": "in"}},
    {"id": "e2", "from": {"node": "wait", "port": "out"}, "to": {"node": "seen", "port": "in"}}]}`

const clusterTicks = `{"formatVersion": 2, "id": "ticks", "name": "Ticks",
  "nodes": [
    {"id": "tick", "type": "schedule.trigger", "config": {"mode": "interval", "intervalMs": 200, "skipIfRunning": false}},
    {"id": "ticked", "type": "core.debug"}],
  "edges": [{"id": "e1", "from": {"node": "tick", "port": "out"}, "to": {"node": "ticked", "port": "in"}}]}`

// tickEvery is clusterTicks' interval.
const tickEvery = 200 * time.Millisecond

// clusterRunner is one weft serve --cluster process.
type clusterRunner struct {
	cmd    *exec.Cmd
	addr   string
	out    string // its stdout: NDJSON debug lines
	errLog string // its stderr
}

func startClusterRunner(t *testing.T, bin, dir, config string, i int) *clusterRunner {
	t.Helper()
	r := &clusterRunner{addr: freeAddr(t), out: filepath.Join(dir, fmt.Sprintf("out%d.ndjson", i)),
		errLog: filepath.Join(dir, fmt.Sprintf("err%d.log", i))}
	stdout, err := os.Create(r.out)
	require.NoError(t, err)
	stderr, err := os.Create(r.errLog)
	require.NoError(t, err)
	r.cmd = exec.Command(bin, "serve", "--cluster", config, "--listen", r.addr, "--log-format", "text",
		"--state", filepath.Join(dir, fmt.Sprintf("runner%d", i), "state.db"))
	r.cmd.Stdout, r.cmd.Stderr = stdout, stderr
	require.NoError(t, r.cmd.Start())
	t.Cleanup(func() {
		_ = r.cmd.Process.Kill()
		_ = r.cmd.Wait()
		_ = stdout.Close()
		_ = stderr.Close()
		if t.Failed() {
			log, _ := os.ReadFile(r.errLog)
			t.Logf("runner %d stderr:\n%s", i, log)
		}
	})
	return r
}

// debugLines counts, per node, the message ids a runner printed.
func debugLines(t *testing.T, path string) map[string]map[string]int {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	out := map[string]map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l struct{ Node, ID string }
		if json.Unmarshal(sc.Bytes(), &l) == nil { // a line cut by kill -9 is skipped
			if out[l.Node] == nil {
				out[l.Node] = map[string]int{}
			}
			out[l.Node][l.ID]++
		}
	}
	return out
}

// spread POSTs n messages over the runners, from 4 workers, each message
// to the next runner that answers 202 (as a load balancer would); calls
// at[k] after the k-th accepted message. It returns the accepted ids.
func spread(rs []*clusterRunner, n int, at map[int]func()) []string {
	client := &http.Client{Timeout: 10 * time.Second}
	var mu sync.Mutex
	var ids []string
	var next atomic.Int64
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for k := range jobs {
				for try := 0; try < 60; try++ {
					r := rs[int(next.Add(1))%len(rs)]
					resp, err := client.Post("http://"+r.addr+"/in", "application/json", strings.NewReader(fmt.Sprintf(`{"n": %d}`, k)))
					if err != nil {
						time.Sleep(50 * time.Millisecond)
						continue
					}
					var body struct{ ID string }
					_ = json.NewDecoder(resp.Body).Decode(&body)
					_ = resp.Body.Close()
					if resp.StatusCode != http.StatusAccepted {
						time.Sleep(50 * time.Millisecond)
						continue
					}
					mu.Lock()
					ids = append(ids, body.ID)
					f := at[len(ids)]
					mu.Unlock()
					if f != nil {
						f()
					}
					break
				}
			}
		})
	}
	for k := range n {
		jobs <- k
	}
	close(jobs)
	wg.Wait()
	return ids
}

// TestServeClusterLosesNothing: three weft serve --cluster processes on a
// three-node JetStream cluster share one bundle's webhook load, deployed
// through the cluster; one runner is killed with SIGKILL and one NATS
// server shut down mid-stream, and every accepted message is still worked
// on. The bundle's schedule fires on one runner at a time.
func TestServeClusterLosesNothing(t *testing.T) {
	nats := clustertest.MustStart(t, 3)
	bin := buildWeft(t)
	dir := t.TempDir()
	config := filepath.Join(dir, "cluster.json")
	require.NoError(t, os.WriteFile(config, []byte(fmt.Sprintf(`{"url": %q, "ackWait": "3s", "leaseTTL": "3s"}`, nats.URL())), 0o600))
	deployIntake(t, bin, dir, config)
	var rs []*clusterRunner
	for i := range 3 {
		rs = append(rs, startClusterRunner(t, bin, dir, config, i))
	}
	for _, r := range rs {
		waitReady(t, r)
	}

	accepted := spread(rs, 600, map[int]func(){
		200: func() { _ = rs[1].cmd.Process.Signal(syscall.SIGKILL) }, // a runner dies mid-stream
		400: func() { nats.Stop(2) },                                  // and a NATS server goes away
	})
	// A message refused while a server goes away is the client's to send
	// again (it was told so); what counts is that none accepted is lost.
	require.GreaterOrEqual(t, len(accepted), 570, "the live runners accept the messages")
	var missing []string
	require.Eventually(t, func() bool {
		missing = unseen(t, rs, accepted)
		return len(missing) == 0
	}, 90*time.Second, 100*time.Millisecond, "accepted messages lost: %v", missing)
	worked := 0
	for i, r := range rs {
		n := len(debugLines(t, r.out)["seen"])
		if n > 0 {
			worked++
		}
		t.Logf("runner %d worked on %d messages", i, n)
	}
	assert.GreaterOrEqual(t, worked, 2, "the runners share the work")

	// Every runner runs the schedule; the lease lets one fire each tick.
	before := ticks(t, rs)
	time.Sleep(3 * time.Second)
	fired := ticks(t, rs) - before
	assert.Positive(t, fired, "the schedule fires")
	assert.LessOrEqual(t, fired, int(3*time.Second/tickEvery)+5,
		"one runner at a time fires the schedule: two would fire about twice as often")
}

// deployIntake bundles the intake and ticks flows and deploys the bundle
// to the cluster config names, with weft bundle and weft deploy.
func deployIntake(t *testing.T, bin, dir, config string) {
	t.Helper()
	bundle := filepath.Join(dir, "intake.weft")
	code, _, stderr := weft(t, "bundle", writeFile(t, "in.flow.json", clusterIntake), writeFile(t, "ticks.flow.json", clusterTicks),
		"--name", "intake", "--version", "1.0.0", "-o", bundle)
	require.Equal(t, 0, code, stderr)
	out, err := exec.Command(bin, "deploy", bundle, "--cluster", config).CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "deployed intake.weft")
}

// waitReady waits for r's /readyz: the cluster's bundle deployed, every
// trigger pulling.
func waitReady(t *testing.T, r *clusterRunner) {
	t.Helper()
	require.Eventually(t, func() bool {
		resp, err := http.Get("http://" + r.addr + "/readyz")
		if err != nil {
			return false
		}
		_ = resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, 60*time.Second, 50*time.Millisecond, "runner %s ready", r.addr)
}

// unseen returns the ids of accepted that no runner printed.
func unseen(t *testing.T, rs []*clusterRunner, accepted []string) []string {
	seen := map[string]int{}
	for _, r := range rs {
		for id, n := range debugLines(t, r.out)["seen"] {
			seen[id] += n
		}
	}
	var missing []string
	for _, id := range accepted {
		if seen[id] == 0 {
			missing = append(missing, id)
		}
	}
	return missing
}

// ticks counts the schedule ticks every runner fired.
func ticks(t *testing.T, rs []*clusterRunner) int {
	n := 0
	for _, r := range rs {
		n += len(debugLines(t, r.out)["ticked"])
	}
	return n
}
