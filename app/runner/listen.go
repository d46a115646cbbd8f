package runner

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// listen serves h on addr until the returned function is called; serves
// names what it serves, for the log. Requests get ctx as their base
// context.
func listen(ctx context.Context, addr string, h http.Handler, log *slog.Logger, serves []string) (func(), error) {
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

// startingGate answers 503 with Retry-After until ready first reports
// nil, then hands every request to next: a webhook request that arrives
// while the runner is still starting its triggers is refused as
// temporary (a client or load balancer retries) instead of a 404 for a
// path that will be served a moment later.
func startingGate(next http.Handler, ready func() error) http.Handler {
	var open atomic.Bool
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !open.Load() {
			if err := ready(); err != nil {
				w.Header().Set("Retry-After", "1")
				http.Error(w, "starting: "+err.Error(), http.StatusServiceUnavailable)
				return
			}
			open.Store(true)
		}
		next.ServeHTTP(w, r)
	})
}
