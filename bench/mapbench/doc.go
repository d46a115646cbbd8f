// Command mapbench measures the "orders to ERP" mapping of issue 3 on a
// generated workload (1M records by default), in one run: hand-written Go
// with encoding/json and with goccy/go-json, `weft map` with the
// declarative mapping and with the same logic as a whole-record script
// (as written with reduce; with the total summed in a for-of loop; with
// that loop calling a helper function, `function lineTotal(i) { const
// price = …; return …; }`: all three compile natively; and the helper
// script once more with --script-engine goja, so that the goja path every
// script outside the native subset takes is measured on the same work;
// each line is labelled with its path), and Studio's preview of 1,000
// records. It checks that every output is
// byte-identical and prints records/s, CPU time per record, ratios to
// both baselines and peak RSS. Nothing is asserted: the numbers are for
// people.
//
// Every contender runs on one goroutine (weft map --workers 1, a plain
// loop for the baselines) and on N goroutines (weft's default, one per
// CPU, or -workers). The parallel baselines are built like weft's
// pipeline: a reader fills batches of 256 lines, workers map them, and
// the batches are written in input order; batches, buffers, the decoded
// order and the encoder are reused, so a baseline allocates only what its
// codec does. The last lines print the fair per-core ratios, weft against
// hand-written Go with the same goroutines, by wall time and by CPU time
// (on a busy machine the CPU-time ratio is the steadier one).
//
// The contenders run -runs rounds (3 by default), one after another in
// the same order each round, each weft run right after the baseline it is
// compared with; the table shows medians, and each ratio is the median of
// the per-round ratios.
//
//	make bench-mapping          # 1M records
//	go run ./bench/mapbench -n 200000 -weft bin/weft
//	go run ./bench/mapbench -n 200000 -weft bin/weft -workers 1 -runs 5
//	go run ./bench/mapbench generate 200000 > orders.ndjson   # the workload, for profiling
package main
