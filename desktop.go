package main

import (
	"context"
	"encoding/base64"
	"errors"
	"os"

	wailsrt "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/engine/store"
)

// bundleFilter offers .weft files in the native dialogs.
var bundleFilter = []wailsrt.FileFilter{{DisplayName: "Weft bundles (*.weft)", Pattern: "*.weft"}}

// Desktop holds what only the desktop window can do: the native save and
// open dialogs for bundles, the native menus (desktop_menu.go) and the
// remembered window place (desktop_window.go). It is bound beside
// app.Service, so the page finds it at window.go.main.Desktop; app/ never
// imports Wails.
type Desktop struct {
	ctx   context.Context
	svc   *app.Service
	store *store.Store
}

// startup keeps the window's context, which the dialogs need.
func (d *Desktop) startup(ctx context.Context) { d.ctx = ctx }

// SaveBundle builds the bundle req asks for and writes it where the save
// dialog says. It returns the path, or "" when the dialog was cancelled.
func (d *Desktop) SaveBundle(req app.ExportRequest) (string, error) {
	file, err := d.svc.ExportBundle(req)
	if err != nil {
		return "", err
	}
	path, err := wailsrt.SaveFileDialog(d.ctx, wailsrt.SaveDialogOptions{
		Title: "Export bundle", DefaultFilename: file.FileName, Filters: bundleFilter,
	})
	if err != nil || path == "" {
		return "", err
	}
	data, err := base64.StdEncoding.DecodeString(file.DataBase64)
	if err != nil {
		return "", err
	}
	return path, os.WriteFile(path, data, 0o644)
}

// errTooBig refuses files that cannot be a bundle a person made.
var errTooBig = errors.New("the file is too big to be a bundle")

// maxBundleBytes bounds what OpenBundle reads.
const maxBundleBytes = 64 << 20

// OpenBundle shows the open dialog and returns the chosen file as base64,
// or "" when the dialog was cancelled.
func (d *Desktop) OpenBundle() (string, error) {
	path, err := wailsrt.OpenFileDialog(d.ctx, wailsrt.OpenDialogOptions{Title: "Import bundle", Filters: bundleFilter})
	if err != nil || path == "" {
		return "", err
	}
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if st.Size() > maxBundleBytes {
		return "", errTooBig
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(data), nil
}
