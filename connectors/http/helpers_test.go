package http_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	httpconn "github.com/weftworks/weft/connectors/http"
	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/runtime/runtimetest"
	"github.com/weftworks/weft/engine/spec"
)

// sinkNode records every message it receives.
type sinkNode struct {
	id string
	s  *runtimetest.Collector
}

func (n *sinkNode) Run(ctx context.Context, io registry.IO) error {
	for {
		in, ok := io.Receive(ctx)
		if !ok {
			return nil
		}
		n.s.Add(n.id, in.Msg)
	}
}

// sourceNode emits the payloads in its config, then returns.
type sourceNode struct{ payloads []any }

func (n *sourceNode) Run(ctx context.Context, io registry.IO) error {
	for _, p := range n.payloads {
		if err := io.Emit(ctx, "out", message.New(message.CloneValue(p))); err != nil {
			return err
		}
	}
	return nil
}

// newRegistry holds the HTTP nodes, test.source and test.sink.
func newRegistry(t *testing.T, s *runtimetest.Collector) *registry.Registry {
	t.Helper()
	r := registry.New()
	require.NoError(t, httpconn.Register(r))
	require.NoError(t, r.Register(spec.Spec{Type: "test.sink", Title: "Sink", Category: spec.Action,
		Inputs: []spec.Port{{Name: "in"}}}, func(n flow.Node, _ map[string]any) (registry.Node, error) {
		return &sinkNode{id: n.ID, s: s}, nil
	}))
	require.NoError(t, r.Register(spec.Spec{Type: "test.source", Title: "Source", Category: spec.Trigger,
		Outputs: []spec.Port{{Name: "out"}}, Config: []spec.Field{{Name: "payloads", Type: spec.Array}}},
		func(_ flow.Node, cfg map[string]any) (registry.Node, error) {
			p, _ := cfg["payloads"].([]any)
			return &sourceNode{payloads: p}, nil
		}))
	return r
}

var (
	newFlow = runtimetest.Flow
	node    = runtimetest.Node
)

// host is what a test run gets from its host.
type host struct {
	listener *httpconn.Listener
	creds    credential.Static
	isolate  bool
	journal  runtime.Journal
}

// services returns the run's services; a nil listener or creds is left out.
func (h host) services() registry.Services {
	s := registry.Services{}
	if h.listener != nil {
		registry.Provide(s, httpconn.ListenerKey, h.listener)
	}
	if h.creds != nil {
		registry.Provide(s, credential.Key, credential.Source(h.creds))
	}
	return s
}

// runOnce runs a flow that ends by itself and returns its record and sinks.
func runOnce(t *testing.T, f *flow.Flow, h host) (*runtime.Record, *runtimetest.Collector) {
	t.Helper()
	s := runtimetest.NewCollector()
	plan, err := runtime.Compile(f, newRegistry(t, s))
	require.NoError(t, err)
	rec := plan.Run(context.Background(), runtime.Options{Services: h.services(), IsolateFailures: h.isolate, Journal: h.journal})
	return rec, s
}

// served is a flow running in the background behind an httptest server
// serving its listener.
type served struct {
	url   string
	sinks *runtimetest.Collector
	stop  func() *runtime.Record
}

// serve starts f with a fresh listener served on 127.0.0.1 and waits
// until paths are registered on it.
func serve(t *testing.T, f *flow.Flow, h host, paths ...string) *served {
	t.Helper()
	h.listener = httpconn.NewListener()
	srv := httptest.NewServer(h.listener)
	s := runtimetest.NewCollector()
	plan, err := runtime.Compile(f, newRegistry(t, s))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan *runtime.Record, 1)
	go func() {
		done <- plan.Run(ctx, runtime.Options{Services: h.services(), IsolateFailures: h.isolate, Journal: h.journal})
	}()
	var once sync.Once
	var rec *runtime.Record
	stop := func() *runtime.Record {
		once.Do(func() {
			cancel()
			rec = <-done
			srv.Close()
		})
		return rec
	}
	t.Cleanup(func() { stop() })
	require.Eventually(t, func() bool {
		return len(h.listener.Paths()) == len(paths)
	}, 5*time.Second, time.Millisecond, "the webhooks never registered")
	require.Equal(t, paths, h.listener.Paths())
	return &served{url: srv.URL, sinks: s, stop: stop}
}
