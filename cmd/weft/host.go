package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/flow"
)

// defaultListen is where weft run serves webhook triggers unless --listen
// says otherwise.
const defaultListen = "127.0.0.1:8080"

// runnerHost makes the host weft run's flow shares: credentials from the
// environment, the dedupe state file, and the webhook listener, served
// when the flow has a webhook trigger or --listen is given. stop shuts the
// listener down and closes the state file.
func runnerHost(ctx context.Context, f *flow.Flow, rf runFlags, stderr io.Writer) (*app.Host, func(), error) {
	creds, err := credential.FromEnv(os.Environ())
	if err != nil {
		return nil, nil, err
	}
	state := rf.state
	if state == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return nil, nil, fmt.Errorf("no --state file and no user config dir: %w", err)
		}
		state = filepath.Join(dir, "weft", "runner-state.db")
	}
	host := app.NewHost(creds, state)
	addr := rf.listen
	if addr == "" && hasWebhook(f) {
		addr = defaultListen
	}
	if addr == "" {
		return host, func() { _ = host.Close() }, nil
	}
	shutdown, err := serveListener(ctx, host, addr, stderr)
	if err != nil {
		_ = host.Close()
		return nil, nil, err
	}
	return host, func() { shutdown(); _ = host.Close() }, nil
}

func hasWebhook(f *flow.Flow) bool {
	for _, n := range f.Nodes {
		if n.Type == "http.webhook" {
			return true
		}
	}
	return false
}

// serveListener serves the host's webhook listener on addr until the
// returned function is called.
func serveListener(ctx context.Context, host *app.Host, addr string, stderr io.Writer) (func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("webhooks: %w", err)
	}
	fmt.Fprintf(stderr, "weft: webhooks listening on http://%s\n", ln.Addr())
	srv := &http.Server{Handler: host.Listener, ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "weft: webhooks: %v\n", err)
		}
	}()
	return func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}, nil
}
