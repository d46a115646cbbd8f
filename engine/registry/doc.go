// Package registry holds the node types a binary knows: each one's spec
// and its factory, in a Registry value built at start-up (no globals, no
// init). The registry builds running nodes from flow nodes (Build) and
// validates whole flows against the specs (Validate).
//
// The registry also holds what nodes and hosts agree on at run time: the
// Outcome of tracked work, the Services a host provides under typed keys
// (Key, Provide, ServiceOf), and the catch routes of a flow (CatchRoutes).
//
// A factory is pure: it checks and captures config and must not open files
// or sockets; that happens in Node.Run.
//
// registry may import engine/spec, engine/flow and engine/message only; it
// must never import the runtime, app/, connectors/ or Wails.
package registry
