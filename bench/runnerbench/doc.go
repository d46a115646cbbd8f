// Command runnerbench measures issue 5's "Performance to measure" on the
// webhook path, in one run: `weft run` serving a bundle whose flow is
// http.webhook POST /orders → the orders mapping (core.mapping) →
// http.response, against a hand-written Go net/http + encoding/json server
// doing the same work (./baseline). It first checks that both answer the
// same order with the same JSON value, then, for each server pinned to one
// CPU with taskset while wrk loads it from the other, prints requests/s,
// the ratio weft/baseline, p50 and p99 latency, start-up (exec to the first
// successful POST), idle RSS (after start-up) and loaded RSS (peak after
// the load), plus weft's start-up with a 10-flow bundle, with the issue's
// targets beside them. Nothing is asserted: the numbers are for people.
//
// On a shared machine other processes steal the servers' CPU: then
// requests/s swing from run to run, and the column to trust is CPU/req
// (the server's CPU time per answered request; both servers saturate
// their CPU, so its inverse ratio is the throughput ratio of a quiet
// machine), and -rounds N alternates the servers N times and prints
// medians.
//
//	make bench-runner                              # wrk -d10s, one round
//	make bench-runner D=5s ROUNDS=3
//	go run ./bench/runnerbench -weft bin/weft -d 5s -rounds 3
//
// bench/runnerbench/inproc runs the same flow in-process for profiling.
// It needs wrk and taskset (build/scripts/setup.sh installs wrk) and the
// go command (to build the baseline). It may import engine packages;
// nothing imports it.
package main
