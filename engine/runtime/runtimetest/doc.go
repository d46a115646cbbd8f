// Package runtimetest holds what tests of nodes need to run them in real
// flows through the public engine API: a flow builder from "from:port->
// to:port" edge strings, node shorthands, a node made of a function, and
// a collector of what debug nodes showed (runtime.Options.OnDebug), safe
// for the runtime's goroutines.
//
// Only tests import this package. It imports engine/flow, engine/message
// and engine/registry only.
package runtimetest
