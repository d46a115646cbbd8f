// Package control holds the routing and flow-control node types: filter,
// switch, split, aggregate, join, delay, rate limit, dedupe and catch.
//
// Conditions and keys are JavaScript expressions, the same language as the
// mapping studio's field expressions (engine/mapping/expr): the payload is
// $ and its top-level fields are names, so `total > 100` and
// `$.customer.id` both work. They run natively when they can and in the
// goja sandbox otherwise.
//
// Nodes that hold messages across Receive calls (aggregate, join, delay)
// keep them with IO.Keep/Adopt/Done so that a trigger's tracked work ends
// only when they are emitted, and flush what they hold when their inputs
// close. Dedupe keeps its windows in a StateStore the host provides under
// StateKey (engine/kvstore is the bbolt one).
//
// Each node type lives in its own file named <kind>_<name>.go and is added
// to a registry by Register.
//
// This package imports engine packages only; it must never import app,
// another connector family or Wails.
package control
