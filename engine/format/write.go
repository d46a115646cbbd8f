package format

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"slices"

	gojson "github.com/goccy/go-json"
)

// Writer writes records; Close flushes (and ends a JSON array) but does
// not close the underlying writer.
type Writer interface {
	Write(rec any) error
	Close() error
}

// NewWriter returns a writer of f (ndjson, json or csv) over w. JSON
// objects are written with sorted keys, like encoding/json.
func NewWriter(w io.Writer, f Format) (Writer, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	switch f {
	case FormatNDJSON, FormatAuto:
		return &ndjsonWriter{w: bw}, nil
	case FormatJSON:
		return &jsonWriter{w: bw}, nil
	case FormatCSV:
		return &csvWriter{bw: bw, w: csv.NewWriter(bw)}, nil
	}
	return nil, fmt.Errorf("%w %q for writing (want ndjson, json or csv)", ErrUnknownFormat, f)
}

type ndjsonWriter struct{ w *bufio.Writer }

func (n *ndjsonWriter) Write(rec any) error {
	b, err := gojson.Marshal(rec)
	if err != nil {
		return err
	}
	n.w.Write(b)
	return n.w.WriteByte('\n')
}

func (n *ndjsonWriter) Close() error { return n.w.Flush() }

type jsonWriter struct {
	w *bufio.Writer
	n int
}

func (j *jsonWriter) Write(rec any) error {
	b, err := gojson.Marshal(rec)
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
// keys, sorted. Nested values are written as JSON.
type csvWriter struct {
	bw      *bufio.Writer
	w       *csv.Writer
	columns []string
	n       int
}

func (c *csvWriter) Write(rec any) error {
	c.n++
	m, ok := rec.(map[string]any)
	if !ok {
		return fmt.Errorf("record %d: CSV needs an object, got %T", c.n, rec)
	}
	if c.columns == nil {
		c.columns = make([]string, 0, len(m))
		for k := range m {
			c.columns = append(c.columns, k)
		}
		slices.Sort(c.columns)
		if err := c.w.Write(c.columns); err != nil {
			return err
		}
	}
	for k := range m {
		if !slices.Contains(c.columns, k) {
			return fmt.Errorf("record %d: key %q is not a column (the columns come from the first record)", c.n, k)
		}
	}
	row := make([]string, len(c.columns))
	for i, col := range c.columns {
		s, err := cell(m[col])
		if err != nil {
			return fmt.Errorf("record %d, column %q: %w", c.n, col, err)
		}
		row[i] = s
	}
	return c.w.Write(row)
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
