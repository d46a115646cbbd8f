package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/weftworks/weft/engine/mapping"
)

// previewRecords is how many records a preview maps.
const previewRecords = 1000

// previewTimings times Preview (the code Studio runs as the analyst types)
// on the first 1,000 records, for both mappings, and prints the medians.
func previewTimings(input string) error {
	records, err := readRecords(input, previewRecords)
	if err != nil {
		return err
	}
	fmt.Printf("\npreview of %d records (median of 7):\n", len(records))
	for _, c := range []struct {
		name string
		src  []byte
	}{{"declarative", declarativeMapping}, {"script (native)", scriptMapping}, {"script with a loop (native)", loopScriptMapping}, {"script with a helper (native)", helperScriptMapping}} {
		m, err := mapping.Decode(c.src)
		if err != nil {
			return err
		}
		d, err := medianPreview(m, records)
		if err != nil {
			return fmt.Errorf("preview %s: %w", c.name, err)
		}
		fmt.Printf("  %-28s %8.2f ms\n", c.name, float64(d.Microseconds())/1000)
	}
	return nil
}

func medianPreview(m *mapping.Mapping, records []any) (time.Duration, error) {
	times := make([]time.Duration, 7)
	for i := range times {
		start := time.Now()
		res := mapping.Preview(context.Background(), m, records)
		times[i] = time.Since(start)
		if res.Error != "" {
			return 0, fmt.Errorf("%s", res.Error)
		}
		if len(res.Records) != len(records) {
			return 0, fmt.Errorf("preview returned %d records, want %d", len(res.Records), len(records))
		}
	}
	slices.Sort(times)
	return times[len(times)/2], nil
}

func readRecords(path string, n int) ([]any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []any
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for len(out) < n && sc.Scan() {
		var v any
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, sc.Err()
}
