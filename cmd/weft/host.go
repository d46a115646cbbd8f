package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/engine/flow"
)

// defaultListen is where weft run serves webhook triggers unless --listen
// says otherwise.
const defaultListen = "127.0.0.1:8080"

// runnerHost makes the host weft run's flow shares: credentials from the
// environment, the dedupe state file, and the webhook listener, served
// when the flow has a webhook trigger or --listen is given, with the ops
// endpoints beside it or on --ops. stop shuts the servers down and closes
// the state file.
func runnerHost(ctx context.Context, f *flow.Flow, rf runFlags, ro *runOps) (*app.Host, func(), error) {
	creds, err := runnerCredentials(rf, os.Environ())
	if err != nil {
		return nil, nil, err
	}
	if err := checkCredentials(f, creds); err != nil {
		return nil, nil, err
	}
	state, err := statePath(rf.state)
	if err != nil {
		return nil, nil, err
	}
	host := app.NewHost(creds, state)
	var stops []func()
	stop := func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
		_ = host.Close()
	}
	if err := serveRunner(ctx, f, rf, host, ro, &stops); err != nil {
		stop()
		return nil, nil, err
	}
	return host, stop, nil
}

func statePath(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no --state file and no user config dir: %w", err)
	}
	return filepath.Join(dir, "weft", "runner-state.db"), nil
}

// serveRunner serves the webhooks (with the ops endpoints on the same mux
// unless --ops names another address) and the ops endpoints on their own
// address when --ops asks; each server's stop is appended to stops.
func serveRunner(ctx context.Context, f *flow.Flow, rf runFlags, host *app.Host, ro *runOps, stops *[]func()) error {
	addr := rf.listen
	if addr == "" && hasWebhook(f) {
		addr = defaultListen
	}
	if addr != "" {
		mux := http.NewServeMux()
		mux.Handle("/", host.Listener)
		serves := []string{"webhooks"}
		if rf.ops == "" || rf.ops == addr {
			ro.mount(mux, addr)
			serves = append(serves, "ops")
		}
		// Requests outlive the stop signal: those taken before it are
		// answered while the run drains, and stop closes the server after.
		stop, err := serve(context.WithoutCancel(ctx), addr, mux, ro.log, serves)
		if err != nil {
			return fmt.Errorf("webhooks: %w", err)
		}
		*stops = append(*stops, stop)
		ro.health.Check("webhooks", webhooksReady(host, countWebhooks(f)))
	}
	if rf.ops != "" && rf.ops != addr {
		mux := http.NewServeMux()
		ro.mount(mux, rf.ops)
		stop, err := serve(ctx, rf.ops, mux, ro.log, []string{"ops"})
		if err != nil {
			return fmt.Errorf("ops: %w", err)
		}
		*stops = append(*stops, stop)
	}
	return nil
}

func hasWebhook(f *flow.Flow) bool { return countWebhooks(f) > 0 }

func countWebhooks(f *flow.Flow) int {
	n := 0
	for _, node := range f.Nodes {
		if node.Type == "http.webhook" {
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

// serve serves h on addr until the returned function is called; serves
// names what it serves, for the log.
func serve(ctx context.Context, addr string, h http.Handler, log *slog.Logger, serves []string) (func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	log.Info("listening", "url", "http://"+ln.Addr().String(), "serves", serves)
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:    slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext: func(net.Listener) context.Context { return ctx }}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("server stopped", "url", "http://"+ln.Addr().String(), "error", err.Error())
		}
	}()
	return func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}, nil
}
