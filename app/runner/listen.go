package runner

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
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
