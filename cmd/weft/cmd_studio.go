package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/app/httpapi"
	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/engine/store"
)

// cmdStudio serves Weft Studio to a browser until ctx is cancelled.
func cmdStudio(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("studio", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:34115", "listen on `ADDR` (loopback unless --token is set)")
	data := fs.String("data", "", "the bbolt data `FILE` (default $WEFT_DATA or the user config dir)")
	token := fs.String("token", os.Getenv("WEFT_TOKEN"), "require `TOKEN` on the API (default $WEFT_TOKEN)")
	teamMode := fs.Bool("team", false, "team mode: users sign in with roles (viewer, editor, deployer, admin); protected flows need approvals")
	adminUser := fs.String("admin-user", "", "with --team and no users yet: create the admin `NAME` (password from $WEFT_ADMIN_PASSWORD or stdin)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: weft studio [--addr ADDR] [--data FILE] [--token TOKEN] [--team] [--admin-user NAME]")
		fmt.Fprintln(stderr, "Serves Weft Studio to a browser; flows run from it answer webhooks under /hooks/.")
		fs.PrintDefaults()
	}
	if _, err := parseCommand(fs, args, func(pos []string) bool { return len(pos) != 0 }); err != nil {
		return err
	}
	if *teamMode {
		*token = "" // every call needs a signed-in user instead
		warnPlainHTTP(*addr, stderr)
	} else if err := httpapi.CheckListen(*addr, *token); err != nil {
		return err
	}
	path, err := dataPath(*data)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	studio, err := app.Open(ctx, path)
	if err != nil {
		ln.Close()
		return err
	}
	defer studio.Close()
	go app.WatchDeadLetters(ctx, studio.Service, runner.TargetDeadLetters, app.DefaultDeadLetterCheck)
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	api, err := studioAPI(studio, *teamMode, *adminUser, *token, logger, os.Stdin, stdout)
	if err != nil {
		ln.Close()
		return err
	}
	// Webhook triggers of flows run from Studio answer under /hooks/; they
	// carry their own auth, so the Studio token does not apply there.
	mux := http.NewServeMux()
	mux.Handle("/hooks/", http.StripPrefix("/hooks", studio.Host.Listener))
	mux.Handle("/", api)
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		// Event streams end with ctx, so shutdown does not wait on them.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	fmt.Fprintf(stdout, "Weft Studio is ready: %s\n(data: %s; webhooks under http://%s/hooks/; press Ctrl+C to stop)\n",
		studioURL(ln.Addr(), *token), path, ln.Addr())
	return serveUntil(ctx, srv, ln)
}

func dataPath(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	return store.DefaultPath()
}

func studioURL(addr net.Addr, token string) string {
	u := url.URL{Scheme: "http", Host: addr.String(), Path: "/"}
	if token != "" {
		u.RawQuery = url.Values{"token": {token}}.Encode()
	}
	return u.String()
}

// serveUntil serves until ctx is done, then shuts down gracefully.
func serveUntil(ctx context.Context, srv *http.Server, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
