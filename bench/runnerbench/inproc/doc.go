// Package inproc holds in-process Go benchmarks of the runner benchmark's
// webhook path (bench/runnerbench): the flow of
// testdata/flows/bench-orders-webhook.flow.json runs in the Weft runtime
// and requests go straight to the host's listener, with no socket and no
// process, so that a CPU or allocation profile shows Weft's own costs:
//
//	go test -run '^$' -bench WebhookPath -cpuprofile cpu.out ./bench/runnerbench/inproc/
//	go tool pprof -top inproc.test cpu.out
//
// It has no code outside its tests; nothing imports it.
package inproc
