// Package retry calls a function again after failures, waiting longer each
// time (exponential backoff with jitter), and stops early when the context
// is done, the error is marked permanent, or the attempts are used up.
//
// Nodes use it for their own retries (an HTTP request on connection
// errors, 429 and 5xx; a database write on a lost connection): wrap errors
// that retrying cannot fix with Permanent, and a server's wait hint such
// as Retry-After with After.
//
// retry imports the standard library only; it must never import other
// engine packages, app/, connectors/ or Wails.
package retry
