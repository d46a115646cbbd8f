package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"time"
)

// contender is one command that maps the orders from stdin to stdout.
type contender struct {
	name string
	argv []string
}

type result struct {
	output  string
	elapsed time.Duration
	peakRSS int64 // bytes
}

func (c contender) measure(input, output string) (result, error) {
	in, err := os.Open(input)
	if err != nil {
		return result{}, err
	}
	defer in.Close()
	out, err := os.Create(output)
	if err != nil {
		return result{}, err
	}
	defer out.Close()
	var stderr bytes.Buffer
	cmd := exec.Command(c.argv[0], c.argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = in, out, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("%v: %s", err, stderr.String())
	}
	elapsed := time.Since(start)
	rss := int64(0)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss * 1024
	}
	return result{output: output, elapsed: elapsed, peakRSS: rss}, nil
}

// printTable prints every contender against the one-goroutine baselines,
// then the fair per-core ratios: weft against hand-written Go with the
// same number of goroutines (contenders in the order compare lists them).
func printTable(n, workers int, cs []contender, rs []result) {
	fmt.Printf("orders to ERP, %d records, %d CPUs; all outputs identical\n\n", n, runtime.GOMAXPROCS(0))
	fmt.Printf("%-36s %12s %10s %10s %10s\n", "contender", "records/s", "×std", "×fast", "peak RSS")
	for i, c := range cs {
		rate := float64(n) / rs[i].elapsed.Seconds()
		fmt.Printf("%-36s %12.0f %9.2fx %9.2fx %7.1f MB\n", c.name, rate,
			rs[0].elapsed.Seconds()/rs[i].elapsed.Seconds(),
			rs[1].elapsed.Seconds()/rs[i].elapsed.Seconds(),
			float64(rs[i].peakRSS)/(1<<20))
	}
	ratio := func(baseline, weft int) float64 { return rs[baseline].elapsed.Seconds() / rs[weft].elapsed.Seconds() }
	fmt.Printf("\nper core (same goroutine count, ordered output):\n")
	fmt.Printf("  declarative vs go-json,       1 worker:   %.2fx\n", ratio(1, 2))
	fmt.Printf("  script      vs encoding/json, 1 worker:   %.2fx\n", ratio(0, 3))
	fmt.Printf("  declarative vs go-json,       %d workers:  %.2fx (target >= 0.75x)\n", workers, ratio(5, 6))
	fmt.Printf("  script      vs encoding/json, %d workers:  %.2fx (target >= 0.70x)\n", workers, ratio(4, 7))
	fmt.Printf("  peak RSS, weft %d workers: declarative %.1f MB, script %.1f MB (target < 60 MB at 1M records)\n",
		workers, float64(rs[6].peakRSS)/(1<<20), float64(rs[7].peakRSS)/(1<<20))
}
