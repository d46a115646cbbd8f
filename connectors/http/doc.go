// Package http holds the HTTP node types: http.request (call an HTTP API,
// with credentials, retries and pagination), http.webhook (a trigger that
// starts work for each request to a path on the host's listener) and
// http.response (answers the webhook request a message came from).
//
// # Basics
//
// The host (the weft runner, Weft Studio) owns one Listener, an
// http.Handler it serves on an address of its choice, and provides it to
// runs under ListenerKey. While a webhook trigger runs it registers its
// path and methods on the Listener; the requests that pass its checks
// become messages, and the HTTP response node answers them through the
// same Listener, correlated by the request id in the message's metadata
// (MetaRequestID).
//
// Templates ({{path.to.field}} in URLs, headers, query values and bodies)
// are parsed once, when the flow is built; see ParseTemplate.
//
// # Caveats
//
// The package is named http like net/http; importers alias it, for
// example httpconn.
//
// This package imports engine packages only; it must never import app,
// another connector family or Wails.
package http
