// Package templates is Weft Studio's template gallery: ready-made flows
// (flows/*.flow.json, embedded in the binary) that a new user starts from.
// index.json lists them in gallery order with their category; each flow
// file carries its own name and description, so nothing is said twice.
//
// Every template is an ordinary flow in the current format that runs end
// to end (cmd/weft's templates_test.go runs each against real servers,
// files and PostgreSQL). Templates must validate against the shipped node
// types; a template that does not is a bug caught by the package tests.
//
// templates may import engine/flow and the standard library; it must never
// import app/, connectors/ or Wails.
package templates
