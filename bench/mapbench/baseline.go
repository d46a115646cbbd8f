package main

import (
	"bufio"
	"bytes"
	"io"

	"github.com/weftworks/weft/bench/orders"
)

// codec is a JSON library's Unmarshal and its stream Encoder, whose
// Encode writes one value and a newline (the bytes of Marshal, then '\n').
type codec struct {
	unmarshal  func([]byte, any) error
	newEncoder func(io.Writer) encoder
}

type encoder interface{ Encode(any) error }

// baselineBatch is how many lines travel together between the stages of
// the parallel baseline: engine/mapping/pipeline's batch size.
const baselineBatch = 256

// mapper maps lines the hand-written way, reusing its order (and the
// items' backing array) and its encoder from line to line, as a careful
// Go programmer would. Each goroutine has its own.
type mapper struct {
	c    codec
	o    orders.Order
	erp  orders.ERP
	sink sink
	enc  encoder
}

// sink is the encoder's writer: it appends to the current output buffer.
type sink struct{ b []byte }

func (s *sink) Write(p []byte) (int, error) {
	s.b = append(s.b, p...)
	return len(p), nil
}

func newMapper(c codec) *mapper {
	m := &mapper{c: c}
	m.enc = c.newEncoder(&m.sink)
	return m
}

// appendLine appends the mapped NDJSON line of one input line to out.
func (m *mapper) appendLine(out, line []byte) ([]byte, error) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return out, nil
	}
	items := m.o.Items
	clear(items[:cap(items)]) // no stale fields from the last record
	m.o = orders.Order{Items: items[:0]}
	if err := m.c.unmarshal(line, &m.o); err != nil {
		return out, err
	}
	m.erp = orders.Map(&m.o)
	m.sink.b = out
	err := m.enc.Encode(&m.erp)
	out, m.sink.b = m.sink.b, nil
	return out, err
}

// runBaseline maps NDJSON orders from r to w the hand-written way on
// workers goroutines (1: a plain loop), keeping the input order.
func runBaseline(r io.Reader, w io.Writer, c codec, workers int) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	bw := bufio.NewWriterSize(w, 1<<16)
	if workers <= 1 {
		m := newMapper(c)
		var out []byte
		for sc.Scan() {
			var err error
			if out, err = m.appendLine(out[:0], sc.Bytes()); err != nil {
				return err
			}
			if _, err := bw.Write(out); err != nil {
				return err
			}
		}
		return finish(sc, bw)
	}
	if err := runParallel(sc, bw, c, workers); err != nil {
		return err
	}
	return finish(sc, bw)
}

// job is a batch of consecutive input lines (one buffer, line i ending
// at ends[i]) and, once mapped, their output. Jobs are recycled.
type job struct {
	seq  int
	text []byte
	ends []int
	out  []byte
	err  error
}

// runParallel is weft's pipeline by hand: a reader fills batches of
// baselineBatch lines, workers map them, and the caller writes them in
// input order. Batches and their buffers are reused, so that a steady
// run allocates only what the codec does.
func runParallel(sc *bufio.Scanner, bw *bufio.Writer, c codec, workers int) error {
	free := make(chan *job, 4*workers)
	work, done := make(chan *job, workers), make(chan *job, workers)
	go readJobs(sc, free, work)
	finished := make(chan struct{})
	for range workers {
		go func() {
			m := newMapper(c)
			for j := range work {
				j.out, j.err = j.out[:0], nil
				start := 0
				for _, end := range j.ends {
					if j.out, j.err = m.appendLine(j.out, j.text[start:end]); j.err != nil {
						break
					}
					start = end
				}
				done <- j
			}
			finished <- struct{}{}
		}()
	}
	go func() {
		for range workers {
			<-finished
		}
		close(done)
	}()
	return writeJobs(done, free, bw)
}

// readJobs reads batches of lines into recycled jobs until EOF.
func readJobs(sc *bufio.Scanner, free <-chan *job, work chan<- *job) {
	defer close(work)
	for seq, more := 0, true; more; seq++ {
		var j *job
		select {
		case j = <-free:
		default:
			j = &job{}
		}
		j.seq, j.text, j.ends = seq, j.text[:0], j.ends[:0]
		for len(j.ends) < baselineBatch {
			if more = sc.Scan(); !more {
				break
			}
			j.text = append(j.text, sc.Bytes()...)
			j.ends = append(j.ends, len(j.text))
		}
		work <- j
	}
}

// writeJobs writes mapped jobs in sequence order and hands them back to
// the reader; the first error (in input order) stops the output.
func writeJobs(done <-chan *job, free chan<- *job, bw *bufio.Writer) error {
	pending := map[int]*job{}
	next := 0
	var firstErr error
	for j := range done {
		pending[j.seq] = j
		for p, ok := pending[next]; ok; p, ok = pending[next] {
			delete(pending, next)
			next++
			if firstErr == nil {
				firstErr = p.err
				if _, err := bw.Write(p.out); err != nil && firstErr == nil {
					firstErr = err
				}
			}
			select {
			case free <- p:
			default:
			}
		}
	}
	return firstErr
}

func finish(sc *bufio.Scanner, bw *bufio.Writer) error {
	if err := sc.Err(); err != nil {
		return err
	}
	return bw.Flush()
}
