// Command genapi writes the TypeScript contract of app.Service,
// frontend/src/api/generated.ts: an interface per Go type the service's
// exported methods take or return (json tags, omitempty, pointers, maps,
// slices, embedded structs, time.Time as an RFC 3339 string), a string
// union per named string type with typed constants, the Service interface
// and the list of method names. Run it with `make gen-api`; the test in
// this package regenerates the file in memory and fails when the checked-in
// one differs, so renaming a Go method or a json tag fails the tests until
// the frontend is regenerated and still compiles.
//
// Slices and maps are typed without null, and a pointer result without
// null (the service returns one with a nil error): the frontend reads a
// nil slice, which arrives as null, with `?? []`. Pointer fields are
// `T | null`, or optional with omitempty.
//
// Named types keep their Go name; when two reachable types share a name,
// both are prefixed with their package name (spec.Field → SpecField), as
// is one named like a TypeScript type (runtime.Record → RuntimeRecord).
// Parameter names and constants are read from the Go source of the
// type's package, inside this module.
//
// This command imports app only to reflect over it; nothing imports it.
package main
