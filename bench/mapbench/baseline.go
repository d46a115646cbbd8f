package main

import (
	"bufio"
	"bytes"
	"io"

	"github.com/weftworks/weft/bench/orders"
)

// codec is a JSON library's Unmarshal and Marshal.
type codec struct {
	unmarshal func([]byte, any) error
	marshal   func(any) ([]byte, error)
}

// baselineBatch is how many lines travel together between the stages of
// the parallel baseline, as in weft map.
const baselineBatch = 256

// job is a batch of input lines and, once mapped, its output.
type job struct {
	lines [][]byte
	out   []byte
	err   error
	done  chan struct{}
}

// runBaseline maps NDJSON orders from r to w the hand-written way on
// workers goroutines (1: a plain loop), keeping the input order.
func runBaseline(r io.Reader, w io.Writer, c codec, workers int) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	bw := bufio.NewWriterSize(w, 1<<16)
	if workers <= 1 {
		var out []byte
		for sc.Scan() {
			var err error
			if out, err = mapLine(out[:0], sc.Bytes(), c); err != nil {
				return err
			}
			bw.Write(out)
		}
		return finish(sc, bw)
	}
	work, order := make(chan *job, workers), make(chan *job, 2*workers)
	for range workers {
		go func() {
			for j := range work {
				for _, l := range j.lines {
					if j.out, j.err = mapLine(j.out, l, c); j.err != nil {
						break
					}
				}
				close(j.done)
			}
		}()
	}
	go func() {
		defer close(order)
		defer close(work)
		for more := true; more; {
			j := &job{done: make(chan struct{})}
			for len(j.lines) < baselineBatch {
				if more = sc.Scan(); !more {
					break
				}
				j.lines = append(j.lines, bytes.Clone(sc.Bytes()))
			}
			order <- j
			work <- j
		}
	}()
	var firstErr error
	for j := range order {
		<-j.done
		if firstErr == nil {
			firstErr = j.err
			bw.Write(j.out)
		}
	}
	if firstErr != nil {
		return firstErr
	}
	return finish(sc, bw)
}

// mapLine appends the mapped NDJSON line of one input line to out.
func mapLine(out, line []byte, c codec) ([]byte, error) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return out, nil
	}
	var o orders.Order
	if err := c.unmarshal(line, &o); err != nil {
		return out, err
	}
	b, err := c.marshal(orders.Map(&o))
	if err != nil {
		return out, err
	}
	return append(append(out, b...), '\n'), nil
}

func finish(sc *bufio.Scanner, bw *bufio.Writer) error {
	if err := sc.Err(); err != nil {
		return err
	}
	return bw.Flush()
}
