// Package httpapi serves an app.Service over HTTP for `weft studio` and the
// browser: every exported method of the service becomes
//
//	POST /api/<Method>   body: JSON array of the arguments
//	                     200: the JSON result; otherwise {"error": "..."}
//
// derived by reflection, so no route is written by hand and the HTTP API can
// never drift from the Wails bindings. GET /api/events streams the hub's
// events as server-sent events, and every other path serves the embedded
// frontend.
//
// When a token is set, API calls need "Authorization: Bearer <token>" (or
// "?token=<token>", for EventSource which cannot set headers).
//
// This package imports app and the standard library only; it must never
// import Wails.
package httpapi
