package main

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// wrkResult is what runnerbench reads from wrk's report.
type wrkResult struct {
	rps      float64
	p50, p99 time.Duration
	requests int64
	errors   int64 // non-2xx/3xx answers and socket errors
}

// parseWrk reads wrk --latency's report.
func parseWrk(out []byte) (wrkResult, error) {
	var r wrkResult
	var err error
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() && err == nil {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			r.rps, err = strconv.ParseFloat(f[1], 64)
			seen["req/s"] = true
		case len(f) == 2 && f[0] == "50%":
			r.p50, err = parseWrkDuration(f[1])
			seen["p50"] = true
		case len(f) == 2 && f[0] == "99%":
			r.p99, err = parseWrkDuration(f[1])
			seen["p99"] = true
		case len(f) >= 4 && f[1] == "requests" && f[2] == "in":
			r.requests, err = strconv.ParseInt(f[0], 10, 64)
			seen["requests"] = true
		case len(f) == 5 && f[0] == "Non-2xx":
			var n int64
			n, err = strconv.ParseInt(f[4], 10, 64)
			r.errors += n
		case len(f) > 2 && f[0] == "Socket" && f[1] == "errors:":
			r.errors += socketErrors(f[2:])
		}
	}
	if err != nil {
		return r, fmt.Errorf("reading wrk's report: %w\n%s", err, out)
	}
	for _, k := range []string{"req/s", "p50", "p99", "requests"} {
		if !seen[k] {
			return r, fmt.Errorf("no %s in wrk's report:\n%s", k, out)
		}
	}
	return r, nil
}

// socketErrors sums "connect 0, read 0, write 0, timeout 0".
func socketErrors(f []string) int64 {
	var sum int64
	for i := 1; i < len(f); i += 2 {
		n, _ := strconv.ParseInt(strings.TrimSuffix(f[i], ","), 10, 64)
		sum += n
	}
	return sum
}

// parseWrkDuration reads wrk's "257.00us", "1.35ms", "2.01s", "1.50m".
func parseWrkDuration(s string) (time.Duration, error) {
	for _, u := range []struct {
		suffix string
		unit   time.Duration
	}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"s", time.Second}, {"m", time.Minute}, {"h", time.Hour}} {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			v, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return 0, err
			}
			return time.Duration(v * float64(u.unit)), nil
		}
	}
	return 0, fmt.Errorf("bad duration %q", s)
}
