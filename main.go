// Weft Studio is the desktop face of Weft: a Wails window around the React
// canvas in frontend/, bound to the same app.Service that `weft studio`
// serves over HTTP.
//
// Build it with `make build` (wails build); data lives in one bbolt file,
// $WEFT_DATA or the user config dir (see README).
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	wailsrt "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/engine/store"
	"github.com/weftworks/weft/frontend"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "Weft Studio: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	path, err := store.DefaultPath()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	studio, err := app.Open(ctx, path)
	if err != nil {
		return err
	}
	defer studio.Close()
	go serveHooks(studio.Host)
	go app.WatchDeadLetters(ctx, studio.Service, runner.TargetDeadLetters, app.DefaultDeadLetterCheck)
	desktop := &Desktop{svc: studio.Service, store: studio.Store}
	size, _ := loadWindow(studio.Store)
	return openWindow(&options.App{
		Title:       "Weft Studio",
		Width:       size.Width,
		Height:      size.Height,
		MinWidth:    minWidth,
		MinHeight:   minHeight,
		Menu:        desktop.buildMenu(),
		AssetServer: &assetserver.Options{Assets: frontend.Dist()},
		OnStartup: func(wctx context.Context) {
			desktop.startup(wctx)
			go forwardEvents(wctx, studio.Hub)
		},
		OnDomReady: desktop.restoreWindow,
		OnBeforeClose: func(context.Context) bool {
			desktop.saveWindow()
			return false
		},
		OnShutdown: func(context.Context) { cancel() },
		Bind:       []any{studio.Service, desktop},
	})
}

// openWindow runs the window until it closes. GTK failing to start (no
// display reachable) panics inside Wails; that panic, and only that one,
// is returned as an error that says what to check, not a Go stack.
func openWindow(opts *options.App) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if !strings.Contains(fmt.Sprint(r), "GTK") {
				panic(r) // a bug: keep its stack
			}
			err = fmt.Errorf("cannot open the window (%v): is a display reachable? DISPLAY=%q WAYLAND_DISPLAY=%q "+
				"(`weft studio` serves Studio to a browser instead)", r, os.Getenv("DISPLAY"), os.Getenv("WAYLAND_DISPLAY"))
		}
	}()
	return wails.Run(opts)
}

// serveHooks serves the webhook triggers of flows run in the window on
// $WEFT_HOOKS_ADDR (default 127.0.0.1:34116). A busy address only costs
// webhooks, so it is reported, not fatal.
func serveHooks(host *app.Host) {
	addr := os.Getenv("WEFT_HOOKS_ADDR")
	if addr == "" {
		addr = "127.0.0.1:34116"
	}
	srv := &http.Server{Addr: addr, Handler: host.Listener, ReadHeaderTimeout: 10 * time.Second}
	if err := srv.ListenAndServe(); err != nil {
		fmt.Fprintf(os.Stderr, "Weft Studio: webhooks are not served: %v\n", err)
	}
}

// forwardEvents relays the hub's events to the window until it closes.
func forwardEvents(ctx context.Context, hub *app.Hub) {
	events, stop := hub.Subscribe()
	defer stop()
	for {
		select {
		case <-ctx.Done():
			return
		case e := <-events:
			wailsrt.EventsEmit(ctx, e.Name, e.Data)
		}
	}
}
