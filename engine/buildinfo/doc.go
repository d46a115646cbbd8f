// Package buildinfo holds the engine version shared by Weft Studio and the
// weft runner, so both report the same version.
//
// It imports nothing.
package buildinfo
