// Package frontend embeds the built Weft Studio frontend (dist/, made by
// `npm run build`) so the desktop app and `weft studio` serve the same files.
//
// The React sources live beside this file; dist/.gitkeep is committed so a
// fresh clone compiles before the frontend is built. It imports only the
// standard library.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist returns the built frontend, rooted at dist/.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a constant valid path; fs.Sub cannot fail here.
	}
	return sub
}
