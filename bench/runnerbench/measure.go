package main

import (
	"fmt"
	"os/exec"
	"slices"
	"strconv"
	"time"
)

// settle is how long a started server idles before its RSS is read.
const settle = 100 * time.Millisecond

// startStats are a server's start-ups: medians and its first answer.
type startStats struct {
	startup time.Duration
	idleRSS int64
	body    []byte
}

// loadStats are what wrk measured, the server's CPU time per request
// during it, and the peak RSS after it.
type loadStats struct {
	wrk       wrkResult
	cpuPerReq time.Duration
	loadedRSS int64
}

// measureStarts starts s o.starts times, each until its first answer to
// order, and returns the medians.
func measureStarts(s server, o options, order []byte) (startStats, error) {
	times := make([]time.Duration, o.starts)
	rss := make([]int64, o.starts)
	var body []byte
	for i := range times {
		p, err := start(s, o.serverCPU)
		if err != nil {
			return startStats{}, err
		}
		body, times[i], err = p.waitReady(order)
		if err == nil {
			time.Sleep(settle)
			rss[i], err = p.memory("VmRSS")
		}
		p.stop()
		if err != nil {
			return startStats{}, err
		}
	}
	slices.Sort(times)
	slices.Sort(rss)
	return startStats{startup: times[len(times)/2], idleRSS: rss[len(rss)/2], body: body}, nil
}

// medianLoad is the median of each figure over rounds, and the sum of
// the errors; no rounds give zeros.
func medianLoad(rounds []loadStats) loadStats {
	if len(rounds) == 0 {
		return loadStats{}
	}
	med := func(get func(loadStats) float64) float64 {
		vs := make([]float64, len(rounds))
		for i, r := range rounds {
			vs[i] = get(r)
		}
		slices.Sort(vs)
		return vs[len(vs)/2]
	}
	var errs int64
	for _, r := range rounds {
		errs += r.wrk.errors
	}
	return loadStats{
		wrk: wrkResult{
			rps:      med(func(r loadStats) float64 { return r.wrk.rps }),
			p50:      time.Duration(med(func(r loadStats) float64 { return float64(r.wrk.p50) })),
			p99:      time.Duration(med(func(r loadStats) float64 { return float64(r.wrk.p99) })),
			requests: int64(med(func(r loadStats) float64 { return float64(r.wrk.requests) })),
			errors:   errs,
		},
		cpuPerReq: time.Duration(med(func(r loadStats) float64 { return float64(r.cpuPerReq) })),
		loadedRSS: int64(med(func(r loadStats) float64 { return float64(r.loadedRSS) })),
	}
}

// measureLoad starts s, loads it with wrk (after a warm-up) and reads its
// peak RSS.
func measureLoad(s server, o options, order []byte, lua string) (loadStats, error) {
	p, err := start(s, o.serverCPU)
	if err != nil {
		return loadStats{}, err
	}
	defer p.stop()
	if _, _, err := p.waitReady(order); err != nil {
		return loadStats{}, err
	}
	if o.warmup > 0 {
		if _, err := runWrk(o, o.warmup, lua, p.url); err != nil {
			return loadStats{}, err
		}
	}
	before, err := p.cpuTime()
	if err != nil {
		return loadStats{}, err
	}
	res, err := runWrk(o, o.duration, lua, p.url)
	if err != nil {
		return loadStats{}, err
	}
	after, err := p.cpuTime()
	if err != nil {
		return loadStats{}, err
	}
	hwm, err := p.memory("VmHWM")
	return loadStats{wrk: res, cpuPerReq: (after - before) / time.Duration(max(1, res.requests)), loadedRSS: hwm}, err
}

// runWrk runs wrk on the load CPU and parses its report.
func runWrk(o options, d time.Duration, lua, url string) (wrkResult, error) {
	out, err := exec.Command("taskset", "-c", strconv.Itoa(o.loadCPU), "wrk", "-t1", fmt.Sprintf("-c%d", o.conns),
		fmt.Sprintf("-d%ds", max(1, int(d.Round(time.Second).Seconds()))), "--latency", "-s", lua, url).CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %v: %s", err, out)
	}
	return parseWrk(out)
}
