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

// runBaseline maps NDJSON orders from r to w the hand-written way.
func runBaseline(r io.Reader, w io.Writer, c codec) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	bw := bufio.NewWriterSize(w, 1<<16)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var o orders.Order
		if err := c.unmarshal(line, &o); err != nil {
			return err
		}
		out, err := c.marshal(orders.Map(&o))
		if err != nil {
			return err
		}
		bw.Write(out)
		bw.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return bw.Flush()
}
