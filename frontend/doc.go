// Package frontend embeds the built Weft Studio frontend (dist/, made by
// `npm run build`) so the desktop app and `weft studio` serve the same files.
//
// The React sources live beside this file; dist/.gitkeep is committed so a
// fresh clone compiles before the frontend is built. It imports only the
// standard library.
package frontend
