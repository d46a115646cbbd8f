package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
	"time"
)

// contender is one command that maps the orders from stdin to stdout.
type contender struct {
	name string
	argv []string
}

// sample is one measured run of a contender: wall time, CPU time (user and
// system, all threads) and peak RSS.
type sample struct {
	elapsed, cpu time.Duration
	peakRSS      int64 // bytes
}

// result is every run of one contender, in round order.
type result []sample

func (c contender) measure(input, output string) (sample, error) {
	in, err := os.Open(input)
	if err != nil {
		return sample{}, err
	}
	defer in.Close()
	out, err := os.Create(output)
	if err != nil {
		return sample{}, err
	}
	defer out.Close()
	var stderr bytes.Buffer
	cmd := exec.Command(c.argv[0], c.argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = in, out, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return sample{}, fmt.Errorf("%v: %s", err, stderr.String())
	}
	r := sample{elapsed: time.Since(start), cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.peakRSS = ru.Maxrss * 1024
	}
	return r, nil
}

// measureAll runs every contender once per round, in the same order each
// round (so that a baseline and the weft run it is compared with are
// close in time), and checks that every output is the first one's bytes.
func measureAll(cs []contender, input, dir string, rounds int) ([]result, error) {
	results := make([]result, len(cs))
	ref := filepath.Join(dir, "reference.ndjson")
	for round := range rounds {
		for i, c := range cs {
			out := filepath.Join(dir, "out.ndjson")
			r, err := c.measure(input, out)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", c.name, err)
			}
			results[i] = append(results[i], r)
			if round == 0 && i == 0 {
				if err := os.Rename(out, ref); err != nil {
					return nil, err
				}
				continue
			}
			if err := sameBytes(ref, out); err != nil {
				return nil, fmt.Errorf("%s: output differs from %s's: %w", c.name, cs[0].name, err)
			}
		}
	}
	return results, nil
}

// sameBytes fails unless files a and b hold the same bytes, naming the
// offset of the first difference.
func sameBytes(a, b string) error {
	fa, err := os.Open(a)
	if err != nil {
		return err
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return err
	}
	defer fb.Close()
	ra, rb := bufio.NewReaderSize(fa, 1<<16), bufio.NewReaderSize(fb, 1<<16)
	for off := 0; ; off++ {
		ca, errA := ra.ReadByte()
		cb, errB := rb.ReadByte()
		switch {
		case errA == io.EOF && errB == io.EOF:
			return nil
		case errA != nil && errA != io.EOF:
			return errA
		case errB != nil && errB != io.EOF:
			return errB
		case errA != nil || errB != nil || ca != cb:
			return fmt.Errorf("first difference at byte %d", off)
		}
	}
}

// median returns the median of xs (which it sorts).
func median(xs []float64) float64 {
	slices.Sort(xs)
	if n := len(xs); n%2 == 0 {
		return (xs[n/2-1] + xs[n/2]) / 2
	}
	return xs[len(xs)/2]
}

// each returns f of every run of r.
func each(r result, f func(sample) float64) []float64 {
	xs := make([]float64, len(r))
	for i, x := range r {
		xs[i] = f(x)
	}
	return xs
}

// ratio is the median over rounds of the baseline's time divided by the
// contender's (above 1: the contender is faster), by wall and by CPU time.
func ratio(baseline, c result) (wall, cpu float64) {
	walls, cpus := make([]float64, len(c)), make([]float64, len(c))
	for i := range c {
		walls[i] = baseline[i].elapsed.Seconds() / c[i].elapsed.Seconds()
		cpus[i] = baseline[i].cpu.Seconds() / c[i].cpu.Seconds()
	}
	return median(walls), median(cpus)
}

// The contenders' indexes, in the order compare lists them.
const (
	fast1 = iota // go-json, one goroutine
	decl1
	std1 // encoding/json, one goroutine
	script1
	gojaScript1 // the helper script run in goja (--script-engine goja)
	fastN
	declN
	stdN
	scriptN
	gojaScriptN
	loopScript1 // the script with a for-of loop, native
	loopScriptN
	helperScript1 // the loop calling a helper function, native
	helperScriptN
)

// printTable prints every contender against the one-goroutine baselines,
// then the fair per-core ratios: weft against hand-written Go with the
// same number of goroutines.
func printTable(n, workers, rounds int, cs []contender, rs []result) {
	fmt.Printf("orders to ERP, %d records, %d CPUs, median of %d runs; all outputs identical\n\n", n, runtime.GOMAXPROCS(0), rounds)
	fmt.Printf("%-42s %10s %12s %8s %8s %10s\n", "contender", "records/s", "CPU µs/rec", "×std", "×fast", "peak RSS")
	for i, c := range cs {
		wall := median(each(rs[i], func(r sample) float64 { return r.elapsed.Seconds() }))
		cpu := median(each(rs[i], func(r sample) float64 { return r.cpu.Seconds() }))
		std, _ := ratio(rs[std1], rs[i])
		fast, _ := ratio(rs[fast1], rs[i])
		rss := median(each(rs[i], func(r sample) float64 { return float64(r.peakRSS) }))
		fmt.Printf("%-42s %10.0f %12.2f %7.2fx %7.2fx %7.1f MB\n", c.name, float64(n)/wall, cpu*1e6/float64(n),
			std, fast, rss/(1<<20))
	}
	fmt.Printf("\nper core (same goroutine count, ordered output; wall-time ratio, CPU-time ratio):\n")
	line := func(what string, baseline, weft int, target string) {
		wall, cpu := ratio(rs[baseline], rs[weft])
		fmt.Printf("  %-58s %5.2fx wall %5.2fx CPU%s\n", what, wall, cpu, target)
	}
	w := fmt.Sprint(workers)
	line("declarative vs go-json,       1 worker:", fast1, decl1, "")
	line("script (native) vs encoding/json, 1 worker:", std1, script1, "")
	line("script with a helper (goja) vs encoding/json, 1 worker:", std1, gojaScript1, "")
	line("script with a loop (native) vs encoding/json, 1 worker:", std1, loopScript1, "")
	line("script with a helper (native) vs encoding/json, 1 worker:", std1, helperScript1, "")
	line("declarative vs go-json,       "+w+" workers:", fastN, declN, "  (target >= 0.75x)")
	line("script (native) vs encoding/json, "+w+" workers:", stdN, scriptN, "  (target >= 0.70x)")
	line("script with a helper (goja) vs encoding/json, "+w+" workers:", stdN, gojaScriptN, "  (target >= 0.70x)")
	line("script with a loop (native) vs encoding/json, "+w+" workers:", stdN, loopScriptN, "  (target >= 0.70x)")
	line("script with a helper (native) vs encoding/json, "+w+" workers:", stdN, helperScriptN, "  (target >= 0.70x)")
	peak := func(r result) float64 {
		return slices.Max(each(r, func(r sample) float64 { return float64(r.peakRSS) })) / (1 << 20)
	}
	fmt.Printf("  peak RSS, weft %d workers (max of runs): declarative %.1f MB, script native %.1f MB, goja %.1f MB (target < 60 MB at 1M records)\n",
		workers, peak(rs[declN]), peak(rs[scriptN]), peak(rs[gojaScriptN]))
}
