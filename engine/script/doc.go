// Package script runs user JavaScript snippets in a goja sandbox.
//
// # Basics
//
// Compile wraps a snippet as the body of a function with the given
// parameters, parses and compiles it once, and returns a Program that any
// number of goroutines may Call. Each Program keeps a small pool of goja
// runtimes (at most GOMAXPROCS idle ones); a runtime serves one call at a
// time, because goja runtimes are not goroutine-safe.
//
// Arguments cross into JavaScript as JSON-like Go values. An object (a
// *jsoncodec.Object or a map) becomes a view that converts a member when
// the script first reads it and keeps the script's writes and deletes to
// itself; its keys enumerate in the Object's order (a map's sorted), then
// the keys the script added. Arrays become fresh JS arrays, except a
// member array of the first argument that the snippet only iterates with
// for…of or whose length it reads: that one is a dynamic array converting
// its elements as they are read, which nothing in such a snippet can tell
// from a real one (lazyarray.go). Either way a script can never change
// the caller's value, and the caller may reuse its maps once the call
// returns. Where the snippet only reads members from the record, from
// some of its object members or from the elements its for…of loops
// bind, nothing can reach their views once the call returned, and the
// runtime's next call reuses their JavaScript objects (reuse.go).
//
// Results come back as JSON-like values (*jsoncodec.Object in
// JavaScript's key order, []any, float64,
// string, bool, nil), following JSON.stringify rules (toJSON is honoured,
// so a Date becomes an ISO string); NaN, Infinity, functions, symbols,
// bigints and promises are errors, and results larger than
// Options.MaxOutputBytes are refused. A top-level undefined result is reported as Undefined.
//
// Strings cross as JavaScript's UTF-16 strings: a lone surrogate is WTF-8
// on the Go side (package wtf8) and the same code unit in goja, both ways
// (goja alone would turn it into U+FFFD). The built-ins goja runs on UTF-8
// (case mapping, normalize, trim) and JSON.parse (encoding/json inside
// goja) are wrapped so that lone surrogates survive them; the JSON.parse
// also reads numbers beyond float64 as Infinity. Math.log of subnormal
// numbers and Date parsing are corrected too (see specFixes and Log).
// ASCII strings become goja's own ASCII string values, boxed from a
// per-runtime slab rather than allocated one by one (ascii.go; goja's
// type is found and checked when the package starts); so do the numbers
// of arguments and of parseFloat (numbox.go).
//
// # Safety
//
// Scripts have no host access: no require, no console, no filesystem,
// network or process, and source-map comments are never followed. Every
// call has a time limit (Options.Timeout, and the context's deadline)
// enforced with an interrupt from one timer per runtime, which also polls
// the context every few milliseconds. The same timer watches memory: once
// the process's heap objects grew by more than Options.MaxMemoryBytes since
// the call's first poll, the call ends with ErrMemoryLimit (engine/script's
// tests stop three kinds of blow-up at 64 MiB). Built-ins that
// allocate or loop inside Go code, where no interrupt reaches, refuse
// oversized work up front with a RangeError: repeat, padStart and padEnd
// past MaxStringLength characters; fill, join and Array.from past
// MaxArrayLength elements. The prototypes of the built-ins (and JSON,
// Math, Reflect) are not extensible, so data that walks __proto__ cannot
// plant a property that later records inherit. Syntax errors and exceptions become
// *Error values carrying the line and column inside the user's snippet,
// not the wrapper.
//
// # Caveats
//
// The global object a snippet sees is a view over the built-ins: what a
// call assigns to a global (a new name, or a replaced built-in such as
// Math) is forgotten after the call, in constant time, so one call never
// sees another's globals. undefined, NaN, Infinity and the host library
// cannot be assigned, and built-ins cannot be deleted from it. Argument
// objects and the global object are dynamic objects, so they cannot be
// frozen, sealed or given accessors (Object.freeze on them throws).
// Built-in objects are not frozen (their existing members stay writable, so
// an object's own "toString" field still works): a snippet that rewrites a
// member of Array.prototype, JSON or Math affects its own later calls on the same
// runtime, never another Program's, since pools are per Program; an
// argument object it keeps that way reads as empty after its call. An
// argument object lists its keys in JavaScript's order (those of a
// *jsoncodec.Object in its order, a map's sorted). The array methods that
// walk every index in Go (join, fill, indexOf, includes, forEach, map,
// reduce, slice, sort, shift, toSorted and their kin) throw a RangeError on arrays longer
// than MaxArrayLength, such as a sparse one whose length was set to
// billions, where V8 would walk it; so do iterating such an array (spread
// [...a] and f(...a), destructuring with a rest element, new Set(a),
// values, keys, entries, for...of), passing it as an argument list
// (apply, Reflect.apply, Reflect.construct) and JSON.stringify of any
// value holding one (or a Proxy claiming such a length), checked through a
// replacer after toJSON and the caller's replacer. Typed arrays' methods
// and iterators, TypedArray.from, and Object.keys, values, entries,
// assign (and their kin) of a typed array have the same limit, and the
// typed array constructors (Proxies of the built-ins, so that instanceof,
// subclasses and species work as before) refuse lengths past it, as
// ArrayBuffer does past 8 * MaxArrayLength bytes. A size check reads an
// array-like's length before the built-in reads it again, so a length
// getter that answers differently the second time is not caught. A memory limit measured on the whole
// process may charge a call for what another goroutine kept. The global parseFloat is a faster
// twin of the built-in with the same results. A runtime is discarded after
// any error.
//
// # Compiled shapes
//
// Three common shapes are compiled into cheaper equivalents before goja
// compiles the snippet (literal.go, forof.go, hoist.go): a simple object
// literal the snippet's own body returns becomes a call of a hidden
// parameter whose values the exporter reads with the keys known at
// compile time; a for…of over a name or member (const or let,
// unlabelled) runs as an indexed loop when, at run time, the value is an
// Array whose iteration is the built-in one; and a helper function
// declared in the body that is only ever called and closes over nothing
// of the snippet is made once per runtime, not once per call, and passed
// in as a hidden parameter. Results, errors and their positions are those of
// the original shapes; a snippet that mentions arguments or eval, holds a
// \u escape or uses with is compiled as written. Likewise an argument
// whose parameter the snippet never names is checked but not converted.
//
// # Batches
//
// Batch makes many calls of a Program in one entry into a runtime: a
// trampoline function calls a native one that runs each call nested
// inside it, so goja keeps its value stack from call to call instead of
// dropping it after each (batch.go). Each call keeps its own time and
// memory limit, globals, views, errors and positions; the recursion
// limit is raised by the trampoline's frames. Promise jobs a call leaves
// (running, or converting its result) end the entry, so that they run
// right after it under its limits, as they do under Call (Batch reads
// goja's job queue, without writing it, to find them). A failed call
// costs its runtime and the batch goes on in another. A snippet that
// mentions "stack" runs its calls with Call, as the trampoline's frames
// would show in its stack traces. A result handed to emit is lent: its
// top-level object is reused by the next call.
//
// # Host libraries
//
// CompileWithLibrary exposes Go functions (HostFunc) as read-only globals.
// They receive JSON-like arguments, Undefined, and Func for JavaScript
// callbacks. An interrupt cannot stop a Go function the script calls, so
// host functions receive the call's context and must bound their work.
//
// This package imports goja, the standard library and the leaf packages
// engine/wtf8 and engine/jsoncodec (whose *Object keeps the key order of
// records and results) only; it must never import other Weft packages.
package script
