package main

import (
	"fmt"

	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"
	wailsrt "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/weftworks/weft/engine/buildinfo"
)

// The native menus send commands to the page as Wails events named
// "menu:<command>" (see frontend/src/api/menu.ts); the page decides what
// each does. Quit and About are the only items handled here.
//
// Open recent lists the recent flows as they were when the window opened:
// Wails v2 on Linux cannot replace a menu while the window runs (its
// MenuSetApplicationMenu calls GTK off the main thread and builds a menu
// bar it never shows), so the page's flow list carries the live list.

// emit returns a menu callback sending menu:<cmd> with args to the page.
func (d *Desktop) emit(cmd string, args ...any) menu.Callback {
	return func(*menu.CallbackData) {
		if d.ctx != nil {
			wailsrt.EventsEmit(d.ctx, "menu:"+cmd, args...)
		}
	}
}

// buildMenu returns the application menu with the recent flows given.
func (d *Desktop) buildMenu() *menu.Menu {
	m := menu.NewMenu()
	d.fileMenu(m.AddSubmenu("File"))
	edit := m.AddSubmenu("Edit")
	edit.AddText("Undo", keys.CmdOrCtrl("z"), d.emit("undo"))
	edit.AddText("Redo", keys.Combo("z", keys.CmdOrCtrlKey, keys.ShiftKey), d.emit("redo"))
	edit.AddSeparator()
	edit.AddText("Cut", keys.CmdOrCtrl("x"), d.emit("cut"))
	edit.AddText("Copy", keys.CmdOrCtrl("c"), d.emit("copy"))
	edit.AddText("Paste", keys.CmdOrCtrl("v"), d.emit("paste"))
	edit.AddText("Select all", keys.CmdOrCtrl("a"), d.emit("selectAll"))
	edit.AddSeparator()
	edit.AddText("Make subflow", nil, d.emit("makeSubflow"))
	view := m.AddSubmenu("View")
	theme := view.AddSubmenu("Theme")
	theme.AddText("Follow the system", keys.Combo("s", keys.CmdOrCtrlKey, keys.OptionOrAltKey), d.emit("theme", "system"))
	theme.AddText("Light", keys.Combo("l", keys.CmdOrCtrlKey, keys.OptionOrAltKey), d.emit("theme", "light"))
	theme.AddText("Dark", keys.Combo("d", keys.CmdOrCtrlKey, keys.OptionOrAltKey), d.emit("theme", "dark"))
	view.AddText("Zoom to fit", keys.Combo("1", keys.CmdOrCtrlKey, keys.ShiftKey), d.emit("zoomToFit"))
	view.AddText("Version history", keys.CmdOrCtrl("h"), d.emit("history"))
	run := m.AddSubmenu("Run")
	run.AddText("Run flow", keys.Key("f5"), d.emit("run"))
	run.AddText("Stop", keys.Shift("f5"), d.emit("stop"))
	help := m.AddSubmenu("Help")
	help.AddText("Guide and templates", keys.Key("f1"), d.emit("guide"))
	help.AddText("About Weft Studio", nil, func(*menu.CallbackData) { d.about() })
	return m
}

func (d *Desktop) fileMenu(file *menu.Menu) {
	file.AddText("New flow", keys.CmdOrCtrl("n"), d.emit("new"))
	file.AddText("New from template…", keys.Combo("n", keys.CmdOrCtrlKey, keys.ShiftKey), d.emit("newFromTemplate"))
	recent := file.AddSubmenu("Open recent")
	flows, err := d.svc.RecentFlows()
	for _, f := range flows {
		label := f.Name
		if label == "" {
			label = f.ID
		}
		recent.AddText(label, nil, d.emit("openRecent", f.ID))
	}
	if err != nil || len(flows) == 0 {
		recent.Append(menu.Label("No recent flows").Disable())
	}
	file.AddSeparator()
	file.AddText("Save", keys.CmdOrCtrl("s"), d.emit("save"))
	file.AddText("Export bundle…", keys.CmdOrCtrl("e"), d.emit("exportBundle"))
	file.AddSeparator()
	file.AddText("Quit", keys.CmdOrCtrl("q"), func(*menu.CallbackData) {
		d.saveWindow()
		wailsrt.Quit(d.ctx)
	})
}

func (d *Desktop) about() {
	_, _ = wailsrt.MessageDialog(d.ctx, wailsrt.MessageDialogOptions{
		Type:    wailsrt.InfoDialog,
		Title:   "About Weft Studio",
		Message: fmt.Sprintf("Weft Studio %s\nA visual integration designer. Flows run headless with `weft run`.", buildinfo.Version),
	})
}
