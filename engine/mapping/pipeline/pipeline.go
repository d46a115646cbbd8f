package pipeline

import (
	"bufio"
	"context"
	"errors"
	"io"

	gojson "github.com/goccy/go-json"

	"github.com/weftworks/weft/engine/format"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping"
)

// batchSize is how many records travel together between the pipeline's
// stages.
const batchSize = 256

// Stats counts what a run did.
type Stats struct {
	// Records is how many records were read, Failed how many of them
	// failed (decoding or mapping).
	Records, Failed int
}

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

// Run reads r in batches, maps them with c on n workers and writes the
// outputs to stdout as NDJSON in input order, and one ErrorLine per bad
// record to stderr. Memory stays bounded: at most about 2n batches are in
// flight. The error is a read or write error that stopped the run; bad
// records are only counted.
func Run(ctx context.Context, c *mapping.Compiled, r format.Reader, n int, stdout, stderr io.Writer) (Stats, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan batch, n)
	results := make(chan result, n)
	free := make(buffers, 2*n+2)
	go func() {
		defer close(batches)
		readBatches(ctx, r, batches)
	}()
	done := make(chan struct{})
	for range n {
		go func() {
			dec := c.NewDecoder()
			for b := range batches {
				results <- mapBatch(ctx, c, dec, b, free.get())
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
	return writeResults(results, free, stdout, stderr, cancel)
}

// buffers recycles the output buffers of written batches, so that a
// steady run does not grow a new one for every batch.
type buffers chan []byte

// get returns an empty buffer, nil when none is free.
func (f buffers) get() []byte {
	select {
	case b := <-f:
		return b[:0]
	default:
		return nil
	}
}

func (f buffers) put(b []byte) {
	select {
	case f <- b:
	default:
	}
}

// readBatches reads the input into batches until EOF, a fatal error or
// cancellation.
func readBatches(ctx context.Context, r format.Reader, out chan<- batch) {
	raw, isRaw := r.(format.RawReader)
	var text []byte
	for seq := 0; ctx.Err() == nil; seq++ {
		b := batch{seq: seq, numbers: make([]int, 0, batchSize), lines: make([]int, 0, batchSize)}
		if isRaw {
			b.ends = make([]int, 0, batchSize)
		}
		text = text[:0]
		for len(b.numbers) < batchSize && b.err == nil {
			if isRaw {
				var rec, ln int
				var err error
				if text, rec, ln, err = raw.AppendRaw(text); err == nil {
					b.ends, b.numbers, b.lines = append(b.ends, len(text)), append(b.numbers, rec), append(b.lines, ln)
				}
				b.err = err
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

// ErrorLine is the NDJSON line Run writes to stderr for a bad record.
type ErrorLine struct {
	Record int                  `json:"record,omitempty"`
	Line   int                  `json:"line,omitempty"`
	Error  string               `json:"error,omitempty"`
	Fields []mapping.FieldError `json:"fields,omitempty"`
}

// mapBatch maps a batch, appending its output to out.
func mapBatch(ctx context.Context, c *mapping.Compiled, dec *jsoncodec.Decoder, b batch, out []byte) result {
	res := result{seq: b.seq, out: out}
	next := 0   // the next record to read
	var cur any // the record being mapped, number next-1
	c.AppendEach(ctx, &res.out, func() (any, bool) {
		for ; next < len(b.numbers); next++ {
			res.records++
			if b.ends == nil {
				cur, next = b.recs[next], next+1
				return cur, true
			}
			start := 0
			if next > 0 {
				start = b.ends[next-1]
			}
			rec, err := decodeLine(dec, b.text[start:b.ends[next]], b.numbers[next], b.lines[next])
			if err == nil {
				cur, next = rec, next+1
				return cur, true
			}
			res.fails++
			res.errs = appendJSON(res.errs, ErrorLine{Record: b.numbers[next], Line: b.lines[next], Error: err.Error()})
		}
		return nil, false
	}, func(errs []mapping.FieldError, err error) {
		res.mapped(ctx, c, cur, errs, err, b.numbers[next-1], b.lines[next-1])
		cur = nil
		if b.ends != nil {
			dec.Release() // its output is written and nothing refers to it
		}
	})
	res.addReadError(b.err)
	return res
}

// mapped records the outcome of mapping rec (number num, on line line):
// its error line, or its output when AppendEach could not encode it.
func (res *result) mapped(ctx context.Context, c *mapping.Compiled, rec any, errs []mapping.FieldError, err error, num, line int) {
	switch {
	case len(errs) > 0:
		res.fails++
		res.errs = appendJSON(res.errs, ErrorLine{Record: num, Line: line, Fields: errs})
	case err != nil:
		// AppendJSON refused the output (NaN, too deep): encode it with
		// go-json as before, which writes it or an error line.
		m, _ := c.Apply(ctx, rec)
		res.out = appendJSON(res.out, m)
	}
}

// decodeLine decodes one NDJSON record, with mapping's decoder when it
// can and format's ordered decoder (with go-json's error messages)
// otherwise.
func decodeLine(dec *jsoncodec.Decoder, raw string, num, line int) (any, error) {
	if rec, err := dec.Decode(raw); err == nil {
		return rec, nil
	}
	return format.DecodeOrderedRecord([]byte(raw), num, line)
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
	res.errs = appendJSON(res.errs, ErrorLine{Record: fe.Record, Line: fe.Line, Error: fe.Msg})
	if fe.Fatal {
		res.fatal = fe
	}
}

// appendJSON appends v as one NDJSON line; a value that cannot be
// encoded becomes an error line.
func appendJSON(buf []byte, v any) []byte {
	b, err := gojson.Marshal(v)
	if err != nil {
		b, _ = gojson.Marshal(ErrorLine{Error: "cannot encode the output: " + err.Error()})
	}
	return append(append(buf, b...), '\n')
}

// writeResults writes results in sequence order and hands their output
// buffers back to free.
func writeResults(results <-chan result, free buffers, stdout, stderr io.Writer, cancel func()) (Stats, error) {
	out := bufio.NewWriterSize(stdout, 64<<10)
	var st Stats
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
			st.Records += p.records
			st.Failed += p.fails
			out.Write(p.out)
			free.put(p.out)
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
