package main

import (
	"fmt"
	"io"
	"time"
)

// The targets for weft.
const (
	targetRatio   = 0.6
	targetP99     = 2 * time.Millisecond
	targetStartup = 20 * time.Millisecond
	targetIdleRSS = 25 << 20
)

func printTable(w io.Writer, o options, orderBytes int, servers []server, starts []startStats, loads []loadStats) {
	fmt.Fprintf(w, "runner bench: POST one order (%d bytes, %d items) → orders mapping → JSON answer\n", orderBytes, o.items)
	fmt.Fprintf(w, "servers on CPU %d; wrk -t1 -c%d -d%s --latency on CPU %d; all servers gave the same JSON answer\n",
		o.serverCPU, o.conns, o.duration, o.loadCPU)
	fmt.Fprintf(w, "start-up (exec to first 200) and idle RSS: median of %d starts; loaded RSS: VmHWM after the load;\n", o.starts)
	fmt.Fprintf(w, "CPU/req: the server's user+system CPU time during the load over the requests answered;\n")
	fmt.Fprintf(w, "load figures: median of %d round(s), servers alternating; errors: the sum\n\n", o.rounds)
	row(w, "server", "req/s", "×base", "p50", "p99", "CPU/req", "start-up", "idle RSS", "loaded RSS", "errors")
	base := loads[0]
	for i, s := range servers {
		st, ld := starts[i], loads[i]
		if !s.load {
			row(w, s.name, "-", "-", "-", "-", "-", ms(st.startup), mb(st.idleRSS), "-", "-")
			continue
		}
		row(w, s.name, fmt.Sprintf("%.0f", ld.wrk.rps), fmt.Sprintf("%.2f×", ld.wrk.rps/base.wrk.rps), ms(ld.wrk.p50),
			ms(ld.wrk.p99), us(ld.cpuPerReq), ms(st.startup), mb(st.idleRSS), mb(ld.loadedRSS), fmt.Sprint(ld.wrk.errors))
	}
	printTargets(w, servers, starts, loads)
}

func row(w io.Writer, cells ...string) {
	fmt.Fprintf(w, "%-26s %9s %7s %9s %9s %9s %9s %9s %10s %6s\n",
		cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7], cells[8], cells[9])
}

// printTargets marks the targets met or not for weft run with the
// one-flow bundle (servers[1]) and start-up with the 10-flow bundle
// (servers[3], weft serve running all ten flows).
func printTargets(w io.Writer, servers []server, starts []startStats, loads []loadStats) {
	weft, many := 1, 3
	fmt.Fprintf(w, "\nissue 5 targets, for %s:\n", servers[weft].name)
	ratio := loads[weft].wrk.rps / loads[0].wrk.rps
	target(w, fmt.Sprintf("throughput ≥ %.1f× the hand-written handler", targetRatio), fmt.Sprintf("%.2f×", ratio), ratio >= targetRatio)
	// Both servers saturate their one CPU, so throughput is the inverse of
	// CPU time per request; that ratio is steadier on a busy machine.
	cpuRatio := float64(loads[0].cpuPerReq) / float64(max(1, loads[weft].cpuPerReq))
	target(w, "  the same, from CPU time per request", fmt.Sprintf("%.2f×", cpuRatio), cpuRatio >= targetRatio)
	target(w, "p99 < "+ms(targetP99), ms(loads[weft].wrk.p99), loads[weft].wrk.p99 < targetP99)
	target(w, "start-up < "+ms(targetStartup), ms(starts[weft].startup), starts[weft].startup < targetStartup)
	target(w, "idle RSS < "+mb(targetIdleRSS), mb(starts[weft].idleRSS), starts[weft].idleRSS < targetIdleRSS)
	target(w, fmt.Sprintf("start-up < %s, %d-flow bundle (weft serve)", ms(targetStartup), manyFlows), ms(starts[many].startup),
		starts[many].startup < targetStartup)
	fmt.Fprintf(w, "(weft run runs one flow of a bundle, chosen with --flow, after reading and checking all %d;\n", manyFlows)
	fmt.Fprintf(w, " weft serve runs all %d; start-up is to the first 200 from the last flow's path)\n", manyFlows)
	if loads[weft].wrk.errors+loads[0].wrk.errors > 0 {
		fmt.Fprintln(w, "note: some requests failed (errors column); the figures above count them as answered")
	}
}

func target(w io.Writer, what, got string, met bool) {
	verdict := "not met"
	if met {
		verdict = "met"
	}
	fmt.Fprintf(w, "  %-52s %10s   %s\n", what, got, verdict)
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

func us(d time.Duration) string {
	return fmt.Sprintf("%.1f µs", float64(d)/float64(time.Microsecond))
}

func mb(b int64) string {
	return fmt.Sprintf("%.1f MB", float64(b)/(1<<20))
}
