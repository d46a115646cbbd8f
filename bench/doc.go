// Package bench holds Weft's benchmarks. Each one measures Weft and a
// hand-written Go baseline doing the same work in the same run, and reports
// the ratio (weft/baseline), because these machines are shared and noisy:
// absolute numbers from two runs are not comparable, ratios mostly are.
//
//	make bench    # go test -run '^$' -bench . ./bench/...
//
// Benchmarks never assert timings. This package may import engine and
// connectors; nothing imports it.
package bench
