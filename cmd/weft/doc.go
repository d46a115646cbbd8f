// Command weft is the headless Weft runner and the browser face of Weft
// Studio.
//
//	weft run FLOW.json          run a flow; debug output as NDJSON on stdout
//	weft validate FLOW.json...  print every problem of each flow
//	weft studio [--addr ADDR]   serve Weft Studio to a browser
//	weft version                print the version
//
// It builds with CGO_ENABLED=0 and never imports Wails or GUI libraries.
package main
