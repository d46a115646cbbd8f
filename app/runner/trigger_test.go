package runner_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
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

	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/connectors/all"
	httpconn "github.com/weftworks/weft/connectors/http"
	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
	"github.com/weftworks/weft/engine/spool"
)

// inbox is test.inbox, a trigger no host knows by name: it serves POST
// on the path in its "route" field and answers 202 once a request's
// message is in the flow. Its spec's trigger traits are all the hosts
// learn of it.
type inbox struct {
	route string
	jobs  chan inboxJob
}

type inboxJob struct {
	m       *message.Message
	emitted chan error
}

func (n *inbox) Run(ctx context.Context, io registry.IO) error {
	l, ok := registry.ServiceOf(io, httpconn.ListenerKey)
	if !ok {
		return httpconn.ErrNoListener
	}
	remove, err := l.Handle(n.route, []string{http.MethodPost}, n)
	if err != nil {
		return err
	}
	defer remove()
	for {
		select {
		case <-ctx.Done():
			return nil
		case j := <-n.jobs:
			j.emitted <- io.EmitTracked(ctx, "out", j.m, func(registry.Outcome) {})
		}
	}
}

func (n *inbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	j := inboxJob{m: message.New(body), emitted: make(chan error, 1)}
	n.jobs <- j
	if err := <-j.emitted; err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

// inboxRegistry is every shipped node type plus test.inbox with traits.
func inboxRegistry(t *testing.T, traits *spec.TriggerTraits) *registry.Registry {
	t.Helper()
	reg, err := all.Registry()
	require.NoError(t, err)
	require.NoError(t, reg.Register(spec.Spec{Type: "test.inbox", Title: "Inbox", Category: spec.Trigger,
		Trigger: traits, Outputs: []spec.Port{{Name: "out"}},
		Config: []spec.Field{{Name: "route", Title: "Route", Type: spec.String, Required: true}}},
		func(_ flow.Node, cfg map[string]any) (registry.Node, error) {
			route, _ := cfg["route"].(string)
			return &inbox{route: route, jobs: make(chan inboxJob)}, nil
		}))
	return reg
}

// TestNewTriggerIsServedAndSpooledByItsTraits: weft serve's host serves
// a trigger type it has never heard of on the path its spec's traits
// name, waits for it before the bundle is ready, and spools its messages
// (so a message whose work keeps failing becomes a dead letter);
// without the Spooled trait nothing is kept.
func TestNewTriggerIsServedAndSpooledByItsTraits(t *testing.T) {
	var calls atomic.Int64
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		http.Error(w, "down", http.StatusInternalServerError)
	}))
	t.Cleanup(upstream.Close)
	for _, spooled := range []bool{true, false} {
		calls.Store(0)
		traits := &spec.TriggerTraits{Kind: spec.TriggerHTTP, PathField: "route", Spooled: spooled}
		base := serveInbox(t, inboxRegistry(t, traits), upstream.URL)
		resp, err := http.Post(base+"/inbox", "application/json", strings.NewReader(`{"order": "A1"}`))
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusAccepted, resp.StatusCode)
		if spooled {
			require.Eventually(t, func() bool { return len(deadLetters(t, base)) == 1 }, 20*time.Second,
				20*time.Millisecond, "the failed message was never dead-lettered")
			d := deadLetters(t, base)[0]
			assert.Equal(t, "inbox/inbox", d.Scope)
			assert.Equal(t, "in", d.Trigger)
			assert.Equal(t, "call", d.Node)
			continue
		}
		require.Eventually(t, func() bool { return calls.Load() == 1 }, 20*time.Second, 10*time.Millisecond)
		time.Sleep(100 * time.Millisecond) // a spooled message would be dead-lettered by now
		assert.Empty(t, deadLetters(t, base), "an unspooled trigger's messages are not kept")
	}
}

// serveInbox runs runner.Serve over a folder holding one bundle whose
// flow sends what test.inbox takes on /inbox to url, and returns its base
// URL once ready.
func serveInbox(t *testing.T, reg *registry.Registry, url string) string {
	t.Helper()
	f := &flow.Flow{FormatVersion: flow.FormatVersion, ID: "inbox", Name: "Inbox",
		Nodes: []flow.Node{
			{ID: "in", Type: "test.inbox", Config: map[string]any{"route": "/inbox"}},
			{ID: "call", Type: "http.request", Config: map[string]any{"method": "POST", "url": url, "retries": 0}},
		},
		Edges: []flow.Edge{{ID: "e1", From: flow.PortRef{Node: "in", Port: "out"}, To: flow.PortRef{Node: "call", Port: "in"}}}}
	data, err := bundle.Build([]*flow.Flow{f}, bundle.Meta{Name: "inbox", Version: "1.0.0"}, reg)
	require.NoError(t, err)
	dir, state := t.TempDir(), t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "inbox.weft"), data, 0o644))
	addr := freeAddr(t)
	env := runner.Env{Registry: reg, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Stdout: io.Discard, Stderr: io.Discard}
	s := runner.Settings{Listen: addr, State: filepath.Join(state, "state.db"), Drain: time.Second,
		Delivery: runner.Delivery{Retries: 0, Backoff: 10 * time.Millisecond}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runner.Serve(ctx, env, dir, s) }()
	t.Cleanup(func() { cancel(); require.NoError(t, <-done) })
	base := "http://" + addr
	require.Eventually(t, func() bool {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, 20*time.Second, 10*time.Millisecond, "weft serve never became ready")
	return base
}

func deadLetters(t *testing.T, base string) []spool.DeadLetter {
	t.Helper()
	resp, err := http.Get(base + "/deadletters")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var list []spool.DeadLetter
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&list))
	return list
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}
