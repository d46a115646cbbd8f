package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"

	"github.com/weftworks/weft/engine/format"
	"github.com/weftworks/weft/engine/mapping"
	"github.com/weftworks/weft/engine/mapping/pipeline"
)

// stdin is where weft map reads when no --input is given.
var stdin io.Reader = os.Stdin

func cmdMap(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("map", flag.ContinueOnError)
	fs.SetOutput(stderr)
	input := fs.String("input", "", "read records from `FILE` instead of stdin")
	formatName := fs.String("format", "ndjson", "input format: ndjson, json, csv, xml or auto")
	workers := fs.Int("workers", 0, "map records on `N` goroutines (output order is kept; 0 means one per CPU)")
	cpuProfile := fs.String("cpuprofile", "", "write a Go CPU profile of the run to `FILE` (for go tool pprof)")
	engine := fs.String("script-engine", "auto", "run a whole-record script compiled to Go where it can be (`auto`) or always in goja (goja); both give the same answers")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: weft map MAPPING.json [--input FILE] [--format ndjson|json|csv|xml|auto] [--workers N] [--script-engine auto|goja] [--cpuprofile FILE]")
		fmt.Fprintln(stderr, "Maps records to NDJSON on stdout; bad records go to stderr as NDJSON errors.")
		fs.PrintDefaults()
	}
	pos, err := parseCommand(fs, args, func(pos []string) bool { return len(pos) != 1 })
	if err != nil {
		return err
	}
	opts, err := scriptEngine(*engine)
	if err != nil {
		return err
	}
	c, r, closeIn, err := openMapping(pos[0], *input, *formatName, opts)
	if err != nil {
		return err
	}
	defer closeIn()
	tuneGC()
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stopProfile()
	n := *workers
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	st, err := pipeline.Run(ctx, c, r, n, stdout, stderr)
	if err != nil {
		return err
	}
	if st.Failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d records failed", st.Failed, st.Records)}
	}
	return nil
}

// mapGCPercent is the garbage collector target weft map runs with unless
// GOGC is set: mapping allocates many short-lived records, and collecting
// four times less often made it about 20% faster for about 12-25 MB more
// peak memory (bench/mapbench, 100k orders).
const mapGCPercent = 400

// mapMemoryLimit is the soft memory limit weft map runs with unless
// GOMEMLIMIT is set. The live heap of a streaming run is a few MB, but at
// mapGCPercent a momentary peak let the heap goal, and peak RSS, reach
// 60-80 MB with two workers (1M orders); the limit keeps it near 45-50 MB
// at the same speed. Records larger than the limit still map, with the
// collector running more often.
const mapMemoryLimit = 32 << 20

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(mapGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(mapMemoryLimit)
	}
}

// startCPUProfile starts a CPU profile written to path (nothing when path
// is empty) and returns the function that stops it.
func startCPUProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}, nil
}

// scriptEngine returns the options --script-engine asks for.
func scriptEngine(name string) (mapping.Options, error) {
	switch name {
	case "auto":
		return mapping.Options{}, nil
	case "goja":
		return mapping.Options{GojaScript: true}, nil
	}
	return mapping.Options{}, &exitError{code: 2, msg: fmt.Sprintf("--script-engine %q: want auto or goja", name)}
}

// openMapping loads and compiles the mapping and opens the input.
func openMapping(mappingPath, input, formatName string, opts mapping.Options) (*mapping.Compiled, format.Reader, func(), error) {
	f, err := format.ParseFormat(formatName)
	if err != nil {
		return nil, nil, nil, err
	}
	m, err := loadMapping(mappingPath)
	if err != nil {
		return nil, nil, nil, err
	}
	c, err := mapping.CompileWith(m, opts)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", mappingPath, err)
	}
	in, closeIn := stdin, func() {}
	if input != "" && input != "-" {
		file, err := os.Open(input)
		if err != nil {
			return nil, nil, nil, err
		}
		in, closeIn = file, func() { _ = file.Close() }
	}
	r, err := format.NewOrderedReader(in, f)
	if err != nil {
		closeIn()
		return nil, nil, nil, err
	}
	return c, r, closeIn, nil
}
