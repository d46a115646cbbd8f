package runner

import (
	"context"
	"fmt"
	"net/http"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
)

// DefaultListen is where weft run serves webhook triggers unless told
// otherwise, and weft serve by default.
const DefaultListen = "127.0.0.1:8080"

// runHost is the host weft run's flow shares, and the servers that serve
// its webhooks and ops endpoints.
type runHost struct {
	host  *app.Host
	stops []func()
}

// stop shuts the servers down and closes the state file.
func (h *runHost) stop() {
	for i := len(h.stops) - 1; i >= 0; i-- {
		h.stops[i]()
	}
	_ = h.host.Close()
}

// startHost makes the host of f's run: credentials from the environment,
// the dedupe state file, and the webhook listener, served when the flow
// has a webhook trigger or s.Listen is given, with the ops endpoints
// beside it or on s.Ops.
func startHost(ctx context.Context, env Env, f *flow.Flow, s Settings, o *Ops) (*runHost, error) {
	creds, err := Credentials(s.EnvFile, s.Secrets, env.Environ)
	if err != nil {
		return nil, err
	}
	if err := CheckCredentials(f, creds, env.Registry); err != nil {
		return nil, err
	}
	state, err := StatePath(s.State)
	if err != nil {
		return nil, err
	}
	h := &runHost{host: app.NewHost(creds, state)}
	if err := h.serve(ctx, f, s, o, env.Registry); err != nil {
		h.stop()
		return nil, err
	}
	return h, nil
}

// serve serves the webhooks (with the ops endpoints on the same mux
// unless s.Ops names another address) and the ops endpoints on their own
// address when s.Ops asks.
func (h *runHost) serve(ctx context.Context, f *flow.Flow, s Settings, o *Ops, reg *registry.Registry) error {
	addr := s.Listen
	if addr == "" && countWebhooks(f, reg) > 0 {
		addr = DefaultListen
	}
	if addr != "" {
		ready := webhooksReady(h.host, countWebhooks(f, reg))
		mux := http.NewServeMux()
		mux.Handle("/", startingGate(h.host.Listener, ready))
		serves := []string{"webhooks"}
		if s.Ops == "" || s.Ops == addr {
			o.Mount(mux, addr)
			serves = append(serves, "ops")
		}
		// Requests outlive the stop signal: those taken before it are
		// answered while the run drains, and stop closes the server after.
		stop, err := listen(context.WithoutCancel(ctx), addr, mux, o.Log, serves)
		if err != nil {
			return fmt.Errorf("webhooks: %w", err)
		}
		h.stops = append(h.stops, stop)
		o.Health.Check("webhooks", ready)
	}
	if s.Ops != "" && s.Ops != addr {
		mux := http.NewServeMux()
		o.Mount(mux, s.Ops)
		stop, err := listen(ctx, s.Ops, mux, o.Log, []string{"ops"})
		if err != nil {
			return fmt.Errorf("ops: %w", err)
		}
		h.stops = append(h.stops, stop)
	}
	return nil
}

// countWebhooks counts f's triggers that serve an HTTP path.
func countWebhooks(f *flow.Flow, reg *registry.Registry) int {
	n := 0
	for _, node := range f.Nodes {
		if _, ok := reg.Trigger(node.Type).Path(node.Config); ok {
			n++
		}
	}
	return n
}

// webhooksReady checks that want webhook triggers have registered their
// paths on the host's listener.
func webhooksReady(host *app.Host, want int) func() error {
	return func() error {
		if got := len(host.Listener.Paths()); got < want {
			return fmt.Errorf("%d of %d webhook triggers listening", got, want)
		}
		return nil
	}
}
