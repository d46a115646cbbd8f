package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"

	gojson "github.com/goccy/go-json"

	"github.com/weftworks/weft/engine/format"
	"github.com/weftworks/weft/engine/mapping"
)

// stdin is where weft map reads when no --input is given.
var stdin io.Reader = os.Stdin

// batchSize is how many records travel together between the pipeline's
// stages.
const batchSize = 256

func cmdMap(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("map", flag.ContinueOnError)
	fs.SetOutput(stderr)
	input := fs.String("input", "", "read records from `FILE` instead of stdin")
	formatName := fs.String("format", "ndjson", "input format: ndjson, json, csv, xml or auto")
	workers := fs.Int("workers", 1, "map records on `N` goroutines (output order is kept)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: weft map MAPPING.json [--input FILE] [--format ndjson|json|csv|xml|auto] [--workers N]")
		fmt.Fprintln(stderr, "Maps records to NDJSON on stdout; bad records go to stderr as NDJSON errors.")
		fs.PrintDefaults()
	}
	pos, err := parseArgs(fs, args)
	if err != nil || len(pos) != 1 {
		if err == nil {
			fs.Usage()
		}
		return &exitError{code: 2}
	}
	c, r, closeIn, err := openMapping(pos[0], *input, *formatName)
	if err != nil {
		return err
	}
	defer closeIn()
	tuneGC()
	n := *workers
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	st, err := runPipeline(ctx, c, r, n, stdout, stderr)
	if err != nil {
		return err
	}
	if st.failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d records failed", st.failed, st.records)}
	}
	return nil
}

// mapGCPercent is the garbage collector target weft map runs with unless
// GOGC is set: mapping allocates many short-lived records, and collecting
// four times less often made it about 20% faster for about 12-25 MB more
// peak memory (bench/mapbench, 100k orders).
const mapGCPercent = 400

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(mapGCPercent)
	}
}

// openMapping loads and compiles the mapping and opens the input.
func openMapping(mappingPath, input, formatName string) (*mapping.Compiled, format.Reader, func(), error) {
	f, err := format.ParseFormat(formatName)
	if err != nil {
		return nil, nil, nil, err
	}
	m, err := loadMapping(mappingPath)
	if err != nil {
		return nil, nil, nil, err
	}
	c, err := mapping.Compile(m)
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
	r, err := format.NewReader(in, f)
	if err != nil {
		closeIn()
		return nil, nil, nil, err
	}
	return c, r, closeIn, nil
}

// stats counts what a pipeline did.
type stats struct{ records, failed int }

// batch is a run of consecutive records: raw NDJSON lines to decode, or
// decoded records, with their numbers and lines; err is a read error that
// came after them.
type batch struct {
	seq     int
	raw     [][]byte
	recs    []any
	numbers []int
	lines   []int
	err     error
}

// result is a mapped batch: NDJSON for stdout and for stderr.
type result struct {
	seq            int
	out, errs      []byte
	records, fails int
	fatal          error
}

// runPipeline reads batches, maps them on n workers and writes the
// results in input order. Memory stays bounded: at most about 2n batches
// are in flight.
func runPipeline(ctx context.Context, c *mapping.Compiled, r format.Reader, n int, stdout, stderr io.Writer) (stats, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan batch, n)
	results := make(chan result, n)
	go func() {
		defer close(batches)
		readBatches(ctx, r, batches)
	}()
	done := make(chan struct{})
	for range n {
		go func() {
			for b := range batches {
				results <- mapBatch(ctx, c, b)
			}
			done <- struct{}{}
		}()
	}
	go func() {
		for range n {
			<-done
		}
		close(results)
	}()
	return writeResults(results, stdout, stderr, cancel)
}

// readBatches reads the input into batches until EOF, a fatal error or
// cancellation.
func readBatches(ctx context.Context, r format.Reader, out chan<- batch) {
	raw, isRaw := r.(format.RawReader)
	for seq := 0; ctx.Err() == nil; seq++ {
		b := batch{seq: seq}
		for len(b.numbers) < batchSize && b.err == nil {
			if isRaw {
				line, rec, ln, err := raw.ReadRaw()
				if b.err = err; err == nil {
					b.raw, b.numbers, b.lines = append(b.raw, line), append(b.numbers, rec), append(b.lines, ln)
				}
				continue
			}
			rec, err := r.Read()
			if b.err = err; err == nil {
				b.recs, b.numbers, b.lines = append(b.recs, rec), append(b.numbers, 0), append(b.lines, 0)
			}
		}
		select {
		case out <- b:
		case <-ctx.Done():
			return
		}
		var fe *format.Error
		if b.err == io.EOF || b.err != nil && (!errors.As(b.err, &fe) || fe.Fatal) {
			return
		}
	}
}

// errorLine is one NDJSON line weft map prints on stderr for a bad record.
type errorLine struct {
	Record int                  `json:"record,omitempty"`
	Line   int                  `json:"line,omitempty"`
	Error  string               `json:"error,omitempty"`
	Fields []mapping.FieldError `json:"fields,omitempty"`
}

func mapBatch(ctx context.Context, c *mapping.Compiled, b batch) result {
	res := result{seq: b.seq}
	for i := range b.numbers {
		rec, num := any(nil), b.numbers[i]
		if b.raw != nil {
			var err error
			if rec, err = format.DecodeRecord(b.raw[i], num, b.lines[i]); err != nil {
				res.records++
				res.fails++
				res.errs = appendJSON(res.errs, errorLine{Record: num, Line: b.lines[i], Error: err.Error()})
				continue
			}
		} else {
			rec = b.recs[i]
		}
		res.records++
		out, errs := c.Apply(ctx, rec)
		switch {
		case len(errs) > 0:
			res.fails++
			res.errs = appendJSON(res.errs, errorLine{Record: num, Line: b.lines[i], Fields: errs})
		case out != nil:
			res.out = appendJSON(res.out, out)
		}
	}
	res.addReadError(b.err)
	return res
}

func (res *result) addReadError(err error) {
	if err == nil || err == io.EOF {
		return
	}
	var fe *format.Error
	if !errors.As(err, &fe) {
		res.fatal = err
		return
	}
	res.records++
	res.fails++
	res.errs = appendJSON(res.errs, errorLine{Record: fe.Record, Line: fe.Line, Error: fe.Msg})
	if fe.Fatal {
		res.fatal = fe
	}
}

// appendJSON appends v as one NDJSON line; a value that cannot be
// encoded becomes an error line.
func appendJSON(buf []byte, v any) []byte {
	b, err := gojson.Marshal(v)
	if err != nil {
		b, _ = gojson.Marshal(errorLine{Error: "cannot encode the output: " + err.Error()})
	}
	return append(append(buf, b...), '\n')
}

// writeResults writes results in sequence order.
func writeResults(results <-chan result, stdout, stderr io.Writer, cancel func()) (stats, error) {
	out := bufio.NewWriterSize(stdout, 64<<10)
	var st stats
	var fatal error
	pending := map[int]result{}
	next := 0
	for r := range results {
		pending[r.seq] = r
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if fatal != nil {
				continue
			}
			st.records += p.records
			st.failed += p.fails
			out.Write(p.out)
			if len(p.errs) > 0 {
				_ = out.Flush()
				_, _ = stderr.Write(p.errs)
			}
			if p.fatal != nil {
				fatal = p.fatal
				cancel()
			}
		}
	}
	if err := out.Flush(); err != nil {
		return st, err
	}
	var fe *format.Error
	if fatal != nil && !errors.As(fatal, &fe) {
		return st, fatal
	}
	return st, nil
}
