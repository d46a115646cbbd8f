package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/weftworks/weft/app/cluster/clustertest"
)

// flowTemplate is the benchmark's flow; %s is the sink's URL.
const flowTemplate = `{"formatVersion": 2, "id": "in", "name": "Intake",
  "nodes": [
    {"id": "hook", "type": "http.webhook", "config": {"path": "/in", "respond": "accepted"}},
    {"id": "send", "type": "http.request", "config": {"method": "POST", "url": %q, "retries": 0}}],
  "edges": [{"id": "e1", "from": {"node": "hook", "port": "out"}, "to": {"node": "send", "port": "in"}}]}`

type options struct {
	weft    string
	msgs    int
	clients int
	max     int
}

func main() {
	var o options
	flag.StringVar(&o.weft, "weft", "bin/weft", "the weft `binary`")
	flag.IntVar(&o.msgs, "m", 2000, "messages per round")
	flag.IntVar(&o.clients, "c", 8, "concurrent posting clients")
	flag.IntVar(&o.max, "n", 3, "measure 1 to `N` runners")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintf(os.Stderr, "clusterbench: %v\n", err)
		os.Exit(1)
	}
}

// result is one round's measurement.
type result struct {
	runners   int
	elapsed   time.Duration
	runnerCPU time.Duration // the runners' user+system time during the round
	selfCPU   time.Duration // this process's: NATS, clients, sink
}

func run(o options) error {
	if _, err := os.Stat(o.weft); err != nil {
		return fmt.Errorf("no weft binary at %s (make runner builds it): %w", o.weft, err)
	}
	dir, err := os.MkdirTemp("", "clusterbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var results []result
	for n := 1; n <= o.max; n++ {
		r, err := round(o, filepath.Join(dir, strconv.Itoa(n)), n)
		if err != nil {
			return fmt.Errorf("%d runner(s): %w", n, err)
		}
		results = append(results, r)
		fmt.Fprintf(os.Stderr, "clusterbench: %d runner(s) done in %v\n", n, r.elapsed.Round(time.Millisecond))
	}
	printTable(o, results)
	return nil
}

// round measures n runners on a fresh cluster.
func round(o options, dir string, n int) (result, error) {
	nats, err := clustertest.Start(filepath.Join(dir, "nats"), 3)
	if err != nil {
		return result{}, err
	}
	defer nats.Shutdown()
	sink := newSink()
	defer sink.close()
	if err := deploy(o.weft, nats.URL(), dir, sink.url); err != nil {
		return result{}, err
	}
	var rs []*runner
	defer func() {
		for _, r := range rs {
			r.stop()
		}
	}()
	for i := range n {
		r, err := startRunner(o.weft, nats.URL(), filepath.Join(dir, fmt.Sprintf("runner%d", i)))
		if err != nil {
			return result{}, err
		}
		rs = append(rs, r)
	}
	for _, r := range rs {
		if err := r.waitReady(time.Minute); err != nil {
			return result{}, err
		}
	}
	// Warm up: connections, consumers and pools.
	if err := load(rs, sink, 200, o.clients); err != nil {
		return result{}, err
	}
	cpu0, self0 := runnersCPU(rs), selfCPU()
	start := time.Now()
	if err := load(rs, sink, o.msgs, o.clients); err != nil {
		return result{}, err
	}
	return result{runners: n, elapsed: time.Since(start), runnerCPU: runnersCPU(rs) - cpu0, selfCPU: selfCPU() - self0}, nil
}

// deploy bundles the benchmark's flow and stores it in the cluster's
// bundle set with weft bundle and weft deploy, as a user would.
func deploy(weft, url, dir, sinkURL string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	flowPath := filepath.Join(dir, "in.flow.json")
	if err := os.WriteFile(flowPath, []byte(fmt.Sprintf(flowTemplate, sinkURL)), 0o600); err != nil {
		return err
	}
	bundle := filepath.Join(dir, "intake.weft")
	for _, args := range [][]string{
		{"bundle", flowPath, "--name", "intake", "--version", "1.0.0", "-o", bundle},
		{"deploy", bundle, "--cluster", url},
	} {
		if out, err := exec.Command(weft, args...).CombinedOutput(); err != nil {
			return fmt.Errorf("weft %s: %w: %s", args[0], err, out)
		}
	}
	return nil
}

// load posts m messages spread over rs from clients clients and waits
// until the sink has them all.
func load(rs []*runner, s *sink, m, clients int) error {
	want := s.count.Load() + int64(m)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	var next, sent atomic.Int64
	var failed atomic.Int64
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for sent.Add(1) <= int64(m) {
				if !post(client, rs, &next) {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if f := failed.Load(); f > 0 {
		return fmt.Errorf("%d messages were never accepted", f)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for s.count.Load() < want {
		if time.Now().After(deadline) {
			return fmt.Errorf("the sink got %d of %d messages", s.count.Load()-want+int64(m), m)
		}
		time.Sleep(2 * time.Millisecond)
	}
	return nil
}

// post sends one message to the next runner, trying the others while it
// is refused.
func post(client *http.Client, rs []*runner, next *atomic.Int64) bool {
	for range 50 {
		r := rs[int(next.Add(1))%len(rs)]
		resp, err := client.Post("http://"+r.addr+"/in", "application/json", strings.NewReader(`{"order": 1}`))
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusAccepted {
				return true
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}

// sink counts the requests the runners' flows send.
type sink struct {
	srv   *http.Server
	url   string
	count atomic.Int64
}

func newSink() *sink {
	s := &sink{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	s.url = "http://" + ln.Addr().String() + "/sink"
	s.srv = &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.count.Add(1)
		w.WriteHeader(http.StatusNoContent)
	})}
	go func() { _ = s.srv.Serve(ln) }()
	return s
}

func (s *sink) close() { _ = s.srv.Close() }

// runner is one weft serve --cluster process.
type runner struct {
	cmd  *exec.Cmd
	addr string
}

func startRunner(weft, url, dir string) (*runner, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	cmd := exec.Command(weft, "serve", "--cluster", url, "--listen", addr, "--state", filepath.Join(dir, "state.db"))
	logFile, err := os.Create(filepath.Join(dir, "stderr.log"))
	if err != nil {
		return nil, err
	}
	cmd.Stderr = logFile
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &runner{cmd: cmd, addr: addr}, nil
}

func (r *runner) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + r.addr + "/readyz")
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("a runner did not get ready (see its stderr.log)")
}

func (r *runner) stop() {
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = r.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = r.cmd.Process.Kill()
		<-done
	}
}
