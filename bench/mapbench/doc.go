// Command mapbench measures the "orders to ERP" mapping of issue 3 on a
// generated workload (1M records by default), in one run: hand-written Go
// with encoding/json and with goccy/go-json, `weft map` with the
// declarative mapping and with the same logic as a whole-record script,
// and Studio's preview of 1,000 records. It checks that every output is
// byte-identical and prints records/s, ratios to both baselines and peak
// RSS. Nothing is asserted: the numbers are for people. weft map runs with
// its default workers (one per CPU) unless -workers says otherwise; the
// hand-written baselines use one goroutine.
//
//	make bench-mapping          # 1M records
//	go run ./bench/mapbench -n 100000 -weft bin/weft
//	go run ./bench/mapbench -n 100000 -weft bin/weft -workers 1
package main
