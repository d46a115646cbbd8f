package format

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	gojson "github.com/goccy/go-json"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// Writer writes records; Close flushes (and ends a JSON array) but does
// not close the underlying writer.
type Writer interface {
	Write(rec any) error
	Close() error
}

// NewWriter returns a writer of f (ndjson, json, csv or xml) over w. JSON
// is written as weft map writes it: objects with sorted keys, strings as
// JSON.stringify writes them (no HTML escaping); XML uses XMLOptions'
// defaults.
func NewWriter(w io.Writer, f Format) (Writer, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	switch f {
	case FormatNDJSON, FormatAuto:
		return &ndjsonWriter{w: bw}, nil
	case FormatJSON:
		return &jsonWriter{w: bw}, nil
	case FormatCSV:
		return &csvWriter{bw: bw, w: csv.NewWriter(bw)}, nil
	case FormatXML:
		return NewXMLWriter(w, XMLOptions{})
	}
	return nil, fmt.Errorf("%w %q for writing (want ndjson, json, csv or xml)", ErrUnknownFormat, f)
}

type ndjsonWriter struct{ w *bufio.Writer }

func (n *ndjsonWriter) Write(rec any) error {
	b, err := marshal(rec)
	if err != nil {
		return err
	}
	n.w.Write(b)
	return n.w.WriteByte('\n')
}

// marshal writes a record as weft map does (jsoncodec.AppendJSON: keys
// sorted, strings as JavaScript's JSON.stringify writes them, lone
// surrogates as \udXXX); values that are not JSON-like go to go-json.
func marshal(rec any) ([]byte, error) {
	if b, err := jsoncodec.AppendJSON(nil, rec); err == nil {
		return b, nil
	}
	return gojson.Marshal(rec)
}

func (n *ndjsonWriter) Close() error { return n.w.Flush() }

type jsonWriter struct {
	w *bufio.Writer
	n int
}

func (j *jsonWriter) Write(rec any) error {
	b, err := marshal(rec)
	if err != nil {
		return err
	}
	sep := ",\n"
	if j.n == 0 {
		sep = "[\n"
	}
	j.n++
	j.w.WriteString(sep)
	_, err = j.w.Write(b)
	return err
}

func (j *jsonWriter) Close() error {
	if j.n == 0 {
		j.w.WriteString("[")
	}
	j.w.WriteString("\n]\n")
	return j.w.Flush()
}

// csvWriter writes objects as rows; the columns are the first record's
// keys, sorted, unless the options name them. Nested values are written
// as JSON.
type csvWriter struct {
	bw      *bufio.Writer
	w       *csv.Writer
	opts    CSVOptions
	columns []string
	n       int
	headed  bool
}

func (c *csvWriter) Write(rec any) error {
	c.n++
	if a, ok := rec.([]any); ok && (c.opts.NoHeader || len(c.opts.Columns) > 0) {
		if err := c.header(); err != nil {
			return err
		}
		return c.row(a)
	}
	keys, ok := jsoncodec.ObjectKeys(rec)
	if !ok {
		return fmt.Errorf("record %d: CSV needs an object, got %T", c.n, rec)
	}
	if c.columns == nil {
		// an ordered object's key order, a map's keys sorted
		c.columns = keys
	}
	if err := c.header(); err != nil {
		return err
	}
	if len(c.opts.Columns) == 0 {
		for _, k := range keys {
			if !slices.Contains(c.columns, k) {
				return fmt.Errorf("record %d: key %q is not a column (the columns come from the first record)", c.n, k)
			}
		}
	}
	row := make([]any, len(c.columns))
	for i, col := range c.columns {
		row[i], _ = jsoncodec.Lookup(rec, col)
	}
	return c.row(row)
}

// header writes the header row once, unless the options say not to.
func (c *csvWriter) header() error {
	if c.headed || c.opts.NoHeader {
		return nil
	}
	c.headed = true
	return c.writeRow(c.columns)
}

// row writes the cells of one row.
func (c *csvWriter) row(cells []any) error {
	row := make([]string, len(cells))
	for i, v := range cells {
		s, err := cell(v)
		if err != nil {
			return fmt.Errorf("record %d, column %d: %w", c.n, i+1, err)
		}
		row[i] = s
	}
	return c.writeRow(row)
}

// writeRow writes a row, every field quoted with QuoteAll.
func (c *csvWriter) writeRow(row []string) error {
	if !c.opts.QuoteAll {
		return c.w.Write(row)
	}
	sep := string(c.w.Comma)
	for i, f := range row {
		if i > 0 {
			c.bw.WriteString(sep)
		}
		c.bw.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
	}
	return c.bw.WriteByte('\n')
}

func cell(v any) (string, error) {
	switch t := v.(type) {
	case nil:
		return "", nil
	case string:
		return t, nil
	}
	b, err := gojson.Marshal(v)
	return string(b), err
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}
