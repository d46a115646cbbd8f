package queue_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/weftworks/weft/connectors/core"
	"github.com/weftworks/weft/connectors/queue"
	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/runtime/runtimetest"
	"github.com/weftworks/weft/engine/spec"
)

const waitFor, tick = 15 * time.Second, 10 * time.Millisecond

// newRegistry holds the core and queue nodes plus test.block, a sink
// that takes one message and then holds it until the run is stopped.
func newRegistry(t testing.TB) *registry.Registry {
	t.Helper()
	r := registry.New()
	require.NoError(t, core.Register(r))
	require.NoError(t, queue.Register(r))
	require.NoError(t, r.Register(spec.Spec{Type: "test.block", Title: "Block", Category: spec.Action,
		Inputs: []spec.Port{{Name: "in"}}}, func(flow.Node, map[string]any) (registry.Node, error) { return blockNode{}, nil }))
	return r
}

type blockNode struct{}

func (blockNode) Run(ctx context.Context, io registry.IO) error {
	in, ok := io.Receive(ctx)
	if ok {
		io.Debug(in.Msg)
	}
	<-ctx.Done()
	return nil
}

// chain builds a flow of nodes wired out→in in order, except into a node
// called "errors", plus the extra edges "from:port->to:port".
func chain(nodes []flow.Node, extra ...string) *flow.Flow {
	f := runtimetest.Flow(nodes)
	for i := 1; i < len(nodes); i++ {
		if nodes[i].ID != "errors" {
			runtimetest.Wire(f, nodes[i-1].ID, nodes[i].ID)
		}
	}
	for _, e := range extra {
		from, to, _ := strings.Cut(e, "->")
		runtimetest.Wire(f, from, to)
	}
	return f
}

var node = runtimetest.Node

// running is a flow running in the background until stop.
type running struct {
	*runtimetest.Collector
	cancel context.CancelFunc
	done   chan struct{} // closed once rec is set
	rec    *runtime.Record
}

// stop cancels the run and returns its record.
func (r *running) stop(t testing.TB) *runtime.Record {
	t.Helper()
	r.cancel()
	select {
	case <-r.done:
		return r.rec
	case <-time.After(waitFor):
		t.Fatal("the run did not stop")
		return nil
	}
}

// wait returns the record of a run that ends by itself.
func (r *running) wait(t testing.TB) *runtime.Record {
	t.Helper()
	select {
	case <-r.done:
		return r.rec
	case <-time.After(waitFor):
		r.cancel()
		t.Fatal("the run did not end")
		return nil
	}
}

// start compiles f and runs it in the background.
func start(t testing.TB, f *flow.Flow, opts runtime.Options) *running {
	t.Helper()
	plan, err := runtime.Compile(f, newRegistry(t))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{Collector: runtimetest.NewCollector(), cancel: cancel, done: make(chan struct{})}
	opts.OnDebug = r.Add
	go func() {
		r.rec = plan.Run(ctx, opts)
		close(r.done)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(waitFor):
		}
	})
	return r
}

// run runs f to its end.
func run(t testing.TB, f *flow.Flow, opts runtime.Options) (*runtime.Record, *runtimetest.Collector) {
	t.Helper()
	r := start(t, f, opts)
	return r.wait(t), r.Collector
}

// withCredentials provides a credential source holding creds.
func withCredentials(creds credential.Static) runtime.Options {
	services := registry.Services{}
	registry.Provide[credential.Source](services, credential.Key, creds)
	return runtime.Options{Services: services}
}

// startNATS starts an embedded NATS server with JetStream on a random
// loopback port; opts adjusts its options (auth).
func startNATS(t testing.TB, opts ...func(*server.Options)) *server.Server {
	t.Helper()
	o := &server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true}
	for _, f := range opts {
		f(o)
	}
	ns, err := server.NewServer(o)
	require.NoError(t, err)
	ns.Start()
	require.True(t, ns.ReadyForConnections(waitFor), "nats-server did not start")
	t.Cleanup(func() {
		ns.Shutdown()
		ns.WaitForShutdown()
	})
	return ns
}

// startKafka starts an in-process Kafka cluster on loopback with the
// topics, each with partitions partitions.
func startKafka(t testing.TB, partitions int32, topics []string, opts ...kfake.Opt) []string {
	t.Helper()
	c, err := kfake.NewCluster(append([]kfake.Opt{kfake.NumBrokers(1), kfake.SeedTopics(partitions, topics...)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c.ListenAddrs()
}
