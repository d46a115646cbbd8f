package main

import (
	"context"
	"encoding/json"

	wailsrt "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/weftworks/weft/engine/store"
)

// keyWindow is the store setting holding the window's place.
const keyWindow = "desktop.window"

// windowState is where the window was when it was last closed.
type windowState struct {
	Width     int  `json:"width"`
	Height    int  `json:"height"`
	X         int  `json:"x"`
	Y         int  `json:"y"`
	Maximised bool `json:"maximised"`
}

// Defaults and limits of the window size.
const (
	defaultWidth, defaultHeight = 1360, 860
	minWidth, minHeight         = 960, 600
)

// loadWindow returns the remembered window state, or the default size
// with no position when there is none or it is unusable.
func loadWindow(st *store.Store) (windowState, bool) {
	def := windowState{Width: defaultWidth, Height: defaultHeight}
	raw, err := st.Setting(keyWindow)
	if err != nil || raw == nil {
		return def, false
	}
	var ws windowState
	if json.Unmarshal(raw, &ws) != nil || ws.Width < minWidth || ws.Height < minHeight || ws.Width > 20000 || ws.Height > 20000 {
		return def, false
	}
	return ws, true
}

// restoreWindow puts the window back where it was.
func (d *Desktop) restoreWindow(ctx context.Context) {
	ws, ok := loadWindow(d.store)
	if !ok {
		return
	}
	wailsrt.WindowSetPosition(ctx, ws.X, ws.Y)
	if ws.Maximised {
		wailsrt.WindowMaximise(ctx)
	}
}

// saveWindow remembers the window's size and place. A failure only costs
// the next start its place, so it is not reported.
func (d *Desktop) saveWindow() {
	if d.ctx == nil {
		return
	}
	ws := windowState{Maximised: wailsrt.WindowIsMaximised(d.ctx)}
	if prev, ok := loadWindow(d.store); ok && ws.Maximised {
		ws.Width, ws.Height, ws.X, ws.Y = prev.Width, prev.Height, prev.X, prev.Y // keep the normal size under a maximised window
	} else {
		ws.Width, ws.Height = wailsrt.WindowGetSize(d.ctx)
		ws.X, ws.Y = wailsrt.WindowGetPosition(d.ctx)
	}
	if raw, err := json.Marshal(ws); err == nil {
		_ = d.store.PutSetting(keyWindow, raw)
	}
}
