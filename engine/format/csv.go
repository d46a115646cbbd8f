package format

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// delimiters are the CSV delimiters Detect considers, in order of
// preference on a tie.
var delimiters = []rune{',', ';', '\t', '|'}

// csvReader reads rows as objects keyed by the header row.
type csvReader struct {
	r      *csv.Reader
	opts   CSVOptions
	header []string
	n      int
	err    error // a header error, returned by the first Read
	// ordered makes records *jsoncodec.Object in column order
	// (NewOrderedReader).
	ordered bool
}

func newCSVReader(br *bufio.Reader, o CSVOptions) (*csvReader, error) {
	if bom, _ := br.Peek(3); string(bom) == "\xef\xbb\xbf" {
		_, _ = br.Discard(3)
	}
	r := csv.NewReader(br)
	r.Comma = o.Delimiter
	if r.Comma == 0 {
		head, _ := br.Peek(peekSize)
		r.Comma = DetectDelimiter(head)
	}
	r.FieldsPerRecord = -1
	r.LazyQuotes = o.LazyQuotes
	r.ReuseRecord = true
	c := &csvReader{r: r, opts: o}
	if o.NoHeader {
		return c, nil
	}
	header, err := r.Read()
	switch {
	case err == io.EOF:
		c.err = io.EOF
	case err != nil:
		c.err = c.fail(err, true)
	default:
		c.header = headerNames(header)
	}
	return c, nil
}

func (c *csvReader) Read() (any, error) {
	if c.err != nil {
		err := c.err
		c.err = io.EOF
		return nil, err
	}
	row, err := c.r.Read()
	if err == io.EOF {
		return nil, io.EOF
	}
	c.n++
	if err != nil {
		return nil, c.fail(err, false)
	}
	if c.opts.NoHeader {
		rec := make([]any, len(row))
		for i, v := range row {
			rec[i] = c.value(v)
		}
		return rec, nil
	}
	if len(row) != len(c.header) {
		line, _ := c.r.FieldPos(0)
		return nil, &Error{Record: c.n, Line: line,
			Msg: fmt.Sprintf("the row has %d fields, the header has %d", len(row), len(c.header))}
	}
	if c.ordered {
		rec := jsoncodec.NewObject(len(row))
		for i, v := range row {
			rec.Add(c.header[i], c.value(v)) // header names are distinct
		}
		return rec, nil
	}
	rec := make(map[string]any, len(row))
	for i, v := range row {
		rec[c.header[i]] = c.value(v)
	}
	return rec, nil
}

func (c *csvReader) fail(err error, fatal bool) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = "wrong number of fields"
		}
		return &Error{Record: c.n, Line: pe.Line, Msg: fmt.Sprintf("column %d: %s", pe.Column, msg), Fatal: fatal}
	}
	return &Error{Record: c.n, Msg: err.Error(), Fatal: true}
}

// headerNames names empty columns "column N" and suffixes duplicates.
func headerNames(row []string) []string {
	names := make([]string, len(row))
	seen := map[string]int{}
	for i, h := range row {
		h = strings.TrimSpace(h)
		if h == "" {
			h = "column " + strconv.Itoa(i+1)
		}
		seen[h]++
		if seen[h] > 1 {
			h += "_" + strconv.Itoa(seen[h])
		}
		names[i] = h
	}
	return names
}

// DetectDelimiter picks the delimiter of CSV text from its first lines:
// the candidate found the same number of times (outside quotes) on every
// sampled line, the most frequent such; else the most frequent on the
// first line; else a comma.
func DetectDelimiter(head []byte) rune {
	lines := bytes.Split(head, []byte("\n"))
	if len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last one may be cut short
	}
	lines = lines[:min(len(lines), 10)]
	best, bestCount, consistent := ',', 0, false
	for _, d := range delimiters {
		first := countOutsideQuotes(lines[0], byte(d))
		if first == 0 {
			continue
		}
		same := true
		for _, l := range lines[1:] {
			if len(bytes.TrimSpace(l)) > 0 && countOutsideQuotes(l, byte(d)) != first {
				same = false
			}
		}
		if same && !consistent || same == consistent && first > bestCount {
			best, bestCount, consistent = d, first, same
		}
	}
	return best
}

func countOutsideQuotes(line []byte, d byte) int {
	n, quoted := 0, false
	for _, b := range line {
		switch {
		case b == '"':
			quoted = !quoted
		case b == d && !quoted:
			n++
		}
	}
	return n
}
