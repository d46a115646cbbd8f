package main

import (
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"

	gojson "github.com/goccy/go-json"
)

var (
	//go:embed orders.mapping.json
	declarativeMapping []byte
	//go:embed orders-script.mapping.json
	scriptMapping []byte // in weft's native script subset
	//go:embed orders-script-loop.mapping.json
	loopScriptMapping []byte // the same with the total summed in a for-of loop, also native
	//go:embed orders-script-helper.mapping.json
	helperScriptMapping []byte // the loop calling a helper function, also native; run in goja too
)

var codecs = map[string]codec{
	"encoding/json": {unmarshal: json.Unmarshal, newEncoder: func(w io.Writer) encoder { return json.NewEncoder(w) }},
	"go-json":       {unmarshal: gojson.Unmarshal, newEncoder: func(w io.Writer) encoder { return gojson.NewEncoder(w) }},
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
	if len(args) == 2 && args[0] == "generate" {
		n, err := strconv.Atoi(args[1])
		if err != nil {
			return fmt.Errorf("generate: %w", err)
		}
		return generate(os.Stdout, n)
	}
	fs := flag.NewFlagSet("mapbench", flag.ContinueOnError)
	n := fs.Int("n", 1_000_000, "records to generate")
	weft := fs.String("weft", "bin/weft", "the weft binary")
	workers := fs.Int("workers", 0, "weft map --workers (0: weft's default, one per CPU)")
	runs := fs.Int("runs", 3, "rounds of every contender; the table shows medians")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return compare(*n, *weft, *workers, max(*runs, 1))
}

// compare generates the workload, runs every contender on it runs times,
// checks that all outputs are identical and prints the table.
func compare(n int, weft string, workers, runs int) error {
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
	loopScr, helperScr := filepath.Join(dir, "orders-script-loop.mapping.json"), filepath.Join(dir, "orders-script-helper.mapping.json")
	if err := errors.Join(os.WriteFile(decl, declarativeMapping, 0o600), os.WriteFile(scr, scriptMapping, 0o600),
		os.WriteFile(loopScr, loopScriptMapping, 0o600), os.WriteFile(helperScr, helperScriptMapping, 0o600)); err != nil {
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
	// In the order of the indexes below: each weft run right after the
	// baseline it is compared with.
	contenders := []contender{
		{name: "Go go-json, 1 goroutine", argv: []string{self, "baseline", "go-json", "1"}},
		{name: "weft map declarative, 1 worker", argv: []string{weft, "map", decl, "--workers", "1"}},
		{name: "Go encoding/json, 1 goroutine", argv: []string{self, "baseline", "encoding/json", "1"}},
		{name: "weft map script (native), 1 worker", argv: []string{weft, "map", scr, "--workers", "1"}},
		{name: "weft map helper script (goja), 1 worker", argv: []string{weft, "map", helperScr, "--script-engine", "goja", "--workers", "1"}},
		{name: "Go go-json, " + w + " workers", argv: []string{self, "baseline", "go-json", w}},
		{name: "weft map declarative, " + w + " workers", argv: []string{weft, "map", decl, "--workers", w}},
		{name: "Go encoding/json, " + w + " workers", argv: []string{self, "baseline", "encoding/json", w}},
		{name: "weft map script (native), " + w + " workers", argv: []string{weft, "map", scr, "--workers", w}},
		{name: "weft map helper script (goja), " + w + " workers", argv: []string{weft, "map", helperScr, "--script-engine", "goja", "--workers", w}},
		{name: "weft map loop script (native), 1 worker", argv: []string{weft, "map", loopScr, "--workers", "1"}},
		{name: "weft map loop script (native), " + w + " workers", argv: []string{weft, "map", loopScr, "--workers", w}},
		{name: "weft map helper script (native), 1 worker", argv: []string{weft, "map", helperScr, "--workers", "1"}},
		{name: "weft map helper script (native), " + w + " workers", argv: []string{weft, "map", helperScr, "--workers", w}},
	}
	results, err := measureAll(contenders, input, dir, runs)
	if err != nil {
		return err
	}
	printTable(n, workers, runs, contenders, results)
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
