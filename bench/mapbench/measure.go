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

func printTable(n, workers int, cs []contender, rs []result) {
	w := fmt.Sprint(workers)
	if workers <= 0 {
		w = fmt.Sprintf("%d (one per CPU)", runtime.GOMAXPROCS(0))
	}
	fmt.Printf("orders to ERP, %d records, weft --workers %s; all outputs identical\n\n", n, w)
	fmt.Printf("%-32s %12s %10s %10s %10s\n", "contender", "records/s", "×std", "×fast", "peak RSS")
	for i, c := range cs {
		rate := float64(n) / rs[i].elapsed.Seconds()
		fmt.Printf("%-32s %12.0f %9.2fx %9.2fx %7.1f MB\n", c.name, rate,
			rs[0].elapsed.Seconds()/rs[i].elapsed.Seconds(),
			rs[1].elapsed.Seconds()/rs[i].elapsed.Seconds(),
			float64(rs[i].peakRSS)/(1<<20))
	}
}
