// Command mapbench measures the "orders to ERP" mapping of issue 3 on a
// generated workload (1M records by default), in one run: hand-written Go
// with encoding/json and with goccy/go-json, `weft map` with the
// declarative mapping and with the same logic as a whole-record script,
// and Studio's preview of 1,000 records. It checks that every output is
// byte-identical and prints records/s, ratios to both baselines and peak
// RSS. Nothing is asserted: the numbers are for people. Every contender
// runs twice: on one goroutine (weft map --workers 1, a plain loop for the
// baselines) and on N goroutines (weft's default, one per CPU, or
// -workers), the baselines then mapping batches in parallel and writing
// them in input order as weft does; the last lines print the fair
// per-core ratios, weft against hand-written Go with the same goroutines.
//
//	make bench-mapping          # 1M records
//	go run ./bench/mapbench -n 100000 -weft bin/weft
//	go run ./bench/mapbench -n 100000 -weft bin/weft -workers 1
package main
