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
	workers := fs.Int("workers", 0, "map records on `N` goroutines (output order is kept; 0 means one per CPU)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: weft map MAPPING.json [--input FILE] [--format ndjson|json|csv|xml|auto] [--workers N]")
		fmt.Fprintln(stderr, "Maps records to NDJSON on stdout; bad records go to stderr as NDJSON errors.")
		fs.PrintDefaults()
	}
	pos, err := parseCommand(fs, args, func(pos []string) bool { return len(pos) != 1 })
	if err != nil {
		return err
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

// batch is a run of consecutive records: raw NDJSON lines to decode (one
// string, line i ending at ends[i]), or decoded records, with their
// numbers and lines; err is a read error that came after them.
type batch struct {
	seq     int
	text    string
	ends    []int
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
			dec := c.NewDecoder()
			for b := range batches {
				results <- mapBatch(ctx, c, dec, b)
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
	var text []byte
	for seq := 0; ctx.Err() == nil; seq++ {
		b := batch{seq: seq}
		text = text[:0]
		for len(b.numbers) < batchSize && b.err == nil {
			if isRaw {
				line, rec, ln, err := raw.ReadRaw()
				if b.err = err; err == nil {
					text = append(text, line...)
					b.ends, b.numbers, b.lines = append(b.ends, len(text)), append(b.numbers, rec), append(b.lines, ln)
				}
				continue
			}
			rec, err := r.Read()
			if b.err = err; err == nil {
				b.recs, b.numbers, b.lines = append(b.recs, rec), append(b.numbers, 0), append(b.lines, 0)
			}
		}
		b.text = string(text) // one copy per batch, shared by the decoded strings
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

func mapBatch(ctx context.Context, c *mapping.Compiled, dec *mapping.Decoder, b batch) result {
	res := result{seq: b.seq}
	for i, num := range b.numbers {
		res.records++
		if b.ends == nil {
			res.mapRecord(ctx, c, b.recs[i], num, b.lines[i])
			continue
		}
		start := 0
		if i > 0 {
			start = b.ends[i-1]
		}
		rec, err := decodeLine(dec, b.text[start:b.ends[i]], num, b.lines[i])
		if err != nil {
			res.fails++
			res.errs = appendJSON(res.errs, errorLine{Record: num, Line: b.lines[i], Error: err.Error()})
			continue
		}
		res.mapRecord(ctx, c, rec, num, b.lines[i])
		dec.Release() // its output is written and nothing refers to it
	}
	res.addReadError(b.err)
	return res
}

// mapRecord maps one record and appends its output line, or its error
// line, to res.
func (res *result) mapRecord(ctx context.Context, c *mapping.Compiled, rec any, num, line int) {
	out, errs, err := c.AppendRecord(ctx, res.out, rec)
	switch {
	case len(errs) > 0:
		res.fails++
		res.errs = appendJSON(res.errs, errorLine{Record: num, Line: line, Fields: errs})
	case err != nil:
		// AppendJSON refused the output (NaN, too deep): encode it with
		// go-json as before, which writes it or an error line.
		m, _ := c.Apply(ctx, rec)
		res.out = appendJSON(res.out, m)
	default:
		res.out = out
	}
}

// decodeLine decodes one NDJSON record, with mapping's decoder when it
// can and go-json (and its error messages) otherwise.
func decodeLine(dec *mapping.Decoder, raw string, num, line int) (any, error) {
	if rec, err := dec.Decode(raw); err == nil {
		return rec, nil
	}
	return format.DecodeRecord([]byte(raw), num, line)
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
