// Command baseline is the hand-written server the runner benchmark
// (bench/runnerbench) measures weft against: Go net/http and encoding/json
// doing the work of the benchmark's flow — POST /orders decodes an order,
// maps it to an ERP record as bench/mapbench/orders.mapping.json does, and
// answers 200 with the record as JSON (sorted keys and a newline, the bytes
// weft's http.response sends).
//
//	baseline -listen 127.0.0.1:8081
//
// It imports only the standard library and bench/orders (the hand-written
// mapping the map benchmark uses too): it is the code a person would write
// by hand, not Weft.
package main
