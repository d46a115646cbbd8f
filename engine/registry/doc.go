// Package registry holds the node types a binary knows: each one's spec
// and its factory, in a Registry value built at start-up (no globals, no
// init). The registry builds running nodes from flow nodes (Build) and
// validates whole flows against the specs (Validate).
//
// A factory is pure: it checks and captures config and must not open files
// or sockets; that happens in Node.Run.
//
// registry may import engine/spec, engine/flow and engine/message only; it
// must never import the runtime, app/, connectors/ or Wails.
package registry
