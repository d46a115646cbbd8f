// Package all decides which connector families a Weft binary ships:
// Registry builds a registry holding every family listed in it. Weft
// Studio and the weft runner both take their node types from here, so
// adding a family to a binary is one line in this package.
//
// This package imports the connector families and engine/registry only;
// it must never import app or Wails.
package all
