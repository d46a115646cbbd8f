package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	gojson "github.com/goccy/go-json"
)

var (
	//go:embed orders.mapping.json
	declarativeMapping []byte
	//go:embed orders-script.mapping.json
	scriptMapping []byte
)

var codecs = map[string]codec{
	"encoding/json": {unmarshal: json.Unmarshal, marshal: json.Marshal},
	"go-json":       {unmarshal: gojson.Unmarshal, marshal: gojson.Marshal},
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "mapbench: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) >= 2 && args[0] == "baseline" {
		c, ok := codecs[args[1]]
		if !ok {
			return fmt.Errorf("unknown codec %q", args[1])
		}
		workers := 1
		if len(args) >= 3 {
			if _, err := fmt.Sscan(args[2], &workers); err != nil {
				return fmt.Errorf("baseline workers: %w", err)
			}
		}
		return runBaseline(os.Stdin, os.Stdout, c, workers)
	}
	fs := flag.NewFlagSet("mapbench", flag.ContinueOnError)
	n := fs.Int("n", 1_000_000, "records to generate")
	weft := fs.String("weft", "bin/weft", "the weft binary")
	workers := fs.Int("workers", 0, "weft map --workers (0: weft's default, one per CPU)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return compare(*n, *weft, *workers)
}

// compare generates the workload, runs every contender on it, checks that
// all outputs are identical and prints the table.
func compare(n int, weft string, workers int) error {
	dir, err := os.MkdirTemp("", "mapbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	input := filepath.Join(dir, "orders.ndjson")
	if err := writeInput(input, n); err != nil {
		return err
	}
	decl, scr := filepath.Join(dir, "orders.mapping.json"), filepath.Join(dir, "orders-script.mapping.json")
	if err := errors.Join(os.WriteFile(decl, declarativeMapping, 0o600), os.WriteFile(scr, scriptMapping, 0o600)); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	w := fmt.Sprint(workers)
	contenders := []contender{
		{name: "Go encoding/json, 1 goroutine", argv: []string{self, "baseline", "encoding/json", "1"}},
		{name: "Go go-json, 1 goroutine", argv: []string{self, "baseline", "go-json", "1"}},
		{name: "weft map declarative, 1 worker", argv: []string{weft, "map", decl, "--workers", "1"}},
		{name: "weft map script, 1 worker", argv: []string{weft, "map", scr, "--workers", "1"}},
		{name: "Go encoding/json, " + w + " workers", argv: []string{self, "baseline", "encoding/json", w}},
		{name: "Go go-json, " + w + " workers", argv: []string{self, "baseline", "go-json", w}},
		{name: "weft map declarative, " + w + " workers", argv: []string{weft, "map", decl, "--workers", w}},
		{name: "weft map script, " + w + " workers", argv: []string{weft, "map", scr, "--workers", w}},
	}
	results := make([]result, len(contenders))
	for i, c := range contenders {
		res, err := c.measure(input, filepath.Join(dir, fmt.Sprintf("out-%d.ndjson", i)))
		if err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		results[i] = res
	}
	if err := sameOutputs(contenders, results); err != nil {
		return err
	}
	printTable(n, workers, contenders, results)
	return previewTimings(input)
}

func writeInput(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := generate(f, n); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// sameOutputs fails unless every contender wrote the baseline's bytes.
func sameOutputs(cs []contender, rs []result) error {
	want, err := os.ReadFile(rs[0].output)
	if err != nil {
		return err
	}
	for i := 1; i < len(rs); i++ {
		got, err := os.ReadFile(rs[i].output)
		if err != nil {
			return err
		}
		if !bytes.Equal(want, got) {
			return fmt.Errorf("%s: output differs from %s (first difference at byte %d)", cs[i].name, cs[0].name, firstDiff(want, got))
		}
	}
	return nil
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
