// Command weft is the headless Weft runner and the browser face of Weft
// Studio.
//
//	weft run FLOW.json|B.weft   run a flow; debug output as NDJSON on stdout
//	weft validate FLOW.json...  print every problem of each flow
//	weft bundle FLOW.json... --name N --version V -o FILE.weft [--sign KEY]
//	                            build a deterministic bundle (engine/bundle)
//	weft inspect|sign|verify FILE.weft, weft keygen -o PREFIX
//	                            look into, sign and check bundles
//	weft diff A B               what changed between bundles or flow files
//	weft studio [--addr ADDR]   serve Weft Studio to a browser
//	weft version                print the version
//
// It builds with CGO_ENABLED=0 and never imports Wails or GUI libraries.
package main
