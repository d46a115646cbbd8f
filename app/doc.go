// Package app holds the use cases Weft Studio offers: list node types, edit
// and save flows, validate them, run them and inspect their runs.
//
// Service is one plain Go type. The desktop window binds it with Wails and
// `weft studio` serves it over HTTP (package httpapi derives the routes from
// its exported methods by reflection), so every exported method of Service
// is an API call and must return (T, error) or error with JSON-friendly
// DTOs: no generics and no time.Time (times are Unix milliseconds).
//
// Run progress is pushed through a Hub as "run" events carrying a snapshot
// of the run record; each transport forwards the hub's events.
//
// Host holds what runs share with the process: the webhook listener, the
// credentials and the dedupe state file; the process decides where the
// listener is served.
//
// Bundles (bundles.go) are exported and imported as base64 so both
// transports carry them as JSON; the Studio's signing key lives beside the
// data file (signing.key, 0600, never sent anywhere; signing.pub is what
// SigningKey returns). The native save/open dialogs are the desktop
// binary's (main.Desktop), not this package's.
//
// The workspace (workspace.go, history.go) keeps Studio's own state in the
// store's settings: the unsaved draft a Studio killed mid-edit offers back,
// the recent flows and the preferences (theme); it lists the template
// gallery (package templates) and shows and restores saved versions with
// flow.Diff, the diff `weft diff` prints.
//
// This package must never import Wails, and it serves nothing itself: it
// is shared by both transports.
package app
