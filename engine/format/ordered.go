package format

import (
	"bufio"
	"io"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// NewOrderedReader is NewReader for mappings: JSON and NDJSON objects are
// read as *jsoncodec.Object, which keeps their key order (JavaScript's
// order of own properties), and CSV records as objects in column order,
// so that a mapping's output keeps it too. XML records are maps, as
// NewReader reads them.
func NewOrderedReader(r io.Reader, f Format) (Reader, error) {
	rd, err := NewReader(r, f)
	switch t := rd.(type) {
	case *ndjsonReader:
		t.ordered = true
	case *jsonReader:
		t.ordered = true
	case *csvReader:
		t.ordered = true
	}
	return rd, err
}

// DecodeOrderedRecord is DecodeRecord with objects as *jsoncodec.Object:
// the same records are accepted and refused, with the same errors.
func DecodeOrderedRecord(raw []byte, record, line int) (any, error) {
	if v, err := jsoncodec.DecodeJSON(string(raw)); err == nil {
		return v, nil
	}
	v, err := DecodeRecord(raw, record, line)
	if err != nil {
		return nil, err
	}
	if o, err := jsoncodec.DecodeFull(raw); err == nil {
		return o, nil
	}
	return v, nil
}

// NewOrderedCSVReader is NewCSVReader with records as *jsoncodec.Object
// in column order.
func NewOrderedCSVReader(r io.Reader, o CSVOptions) Reader {
	c, _ := newCSVReader(bufio.NewReaderSize(r, peekSize), o)
	c.ordered = true
	return c
}
