// Package pipeline is the ordered, parallel record pipeline of weft map:
// one goroutine reads the input in batches (raw NDJSON lines when the
// reader offers them, so decoding happens on the workers), n workers
// decode and map the batches with a compiled mapping (a batch at a time,
// mapping.Compiled.AppendEach), and one writer puts
// the outputs back in input order. Bad records become ErrorLine NDJSON on
// the error stream and do not stop the run; a fatal read error does.
//
// pipeline imports engine/mapping, engine/format and the standard
// library (and go-json for error lines); it must never import app/,
// connectors/ or cmd/.
package pipeline
