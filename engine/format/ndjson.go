package format

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"

	gojson "github.com/goccy/go-json"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// MaxRecordBytes bounds one NDJSON line or CSV row.
const MaxRecordBytes = 64 << 20

// ndjsonReader reads one JSON value per line; blank lines are skipped.
type ndjsonReader struct {
	src  *bufio.Reader
	line int // lines read
	n    int // records read
	buf  []byte
	// ordered decodes objects as *jsoncodec.Object (NewOrderedReader).
	ordered bool
}

func newNDJSONReader(br *bufio.Reader) *ndjsonReader {
	if bom, _ := br.Peek(3); string(bom) == "\xef\xbb\xbf" {
		_, _ = br.Discard(3)
	}
	return &ndjsonReader{src: br}
}

// RawReader is implemented by readers whose records can be split from
// the stream without decoding them (NDJSON), so that decoding can happen
// in parallel with DecodeRecord.
type RawReader interface {
	// AppendRaw appends the next record's bytes to dst and returns them
	// with its record number and its line; io.EOF after the last.
	AppendRaw(dst []byte) (out []byte, record, line int, err error)
}

func (r *ndjsonReader) Read() (any, error) {
	raw, rec, line, err := r.raw()
	if err != nil {
		return nil, err
	}
	if r.ordered {
		return DecodeOrderedRecord(raw, rec, line)
	}
	return DecodeRecord(raw, rec, line)
}

func (r *ndjsonReader) AppendRaw(dst []byte) ([]byte, int, int, error) {
	raw, rec, line, err := r.raw()
	return append(dst, raw...), rec, line, err
}

// raw returns the next non-blank line, valid until the next call.
func (r *ndjsonReader) raw() ([]byte, int, int, error) {
	for {
		line, err := r.next()
		if err != nil {
			return nil, r.n, r.line, err
		}
		line = bytes.TrimSpace(line)
		if len(line) > 0 {
			r.n++
			return line, r.n, r.line, nil
		}
	}
}

// DecodeRecord decodes one JSON record read by a RawReader; a bad one is
// an *Error naming its record number and line.
func DecodeRecord(raw []byte, record, line int) (any, error) {
	if v, err := jsoncodec.DecodeJSON(string(raw)); err == nil {
		return jsoncodec.Plain(v), nil // keeps lone surrogates, which go-json replaces
	}
	var v any
	if err := gojson.Unmarshal(raw, &v); err != nil {
		return nil, &Error{Record: record, Line: line, Msg: cleanJSONError(err)}
	}
	return v, nil
}

// next returns the next line without its newline, valid until the next
// call; io.EOF after the last.
func (r *ndjsonReader) next() ([]byte, error) {
	chunk, err := r.src.ReadSlice('\n')
	if err == nil { // the whole line is in the reader's buffer
		r.line++
		return chunk[:len(chunk)-1], nil
	}
	r.buf = r.buf[:0]
	for {
		r.buf = append(r.buf, chunk...)
		if len(r.buf) > MaxRecordBytes {
			r.line++
			r.n++
			if err := r.skipLine(err); err != nil {
				return nil, err
			}
			return nil, &Error{Record: r.n, Line: r.line, Msg: fmt.Sprintf("line longer than %d bytes", MaxRecordBytes)}
		}
		switch err {
		case bufio.ErrBufferFull:
			chunk, err = r.src.ReadSlice('\n')
			continue
		case nil:
			r.line++
			return r.buf[:len(r.buf)-1], nil
		case io.EOF:
			if len(r.buf) == 0 {
				return nil, io.EOF
			}
			r.line++
			return r.buf, nil
		default:
			return nil, err
		}
	}
}

// skipLine discards the rest of an overlong line.
func (r *ndjsonReader) skipLine(err error) error {
	r.buf = r.buf[:0]
	for err == bufio.ErrBufferFull {
		_, err = r.src.ReadSlice('\n')
	}
	if err != nil && err != io.EOF {
		return err
	}
	return nil
}

// cleanJSONError shortens a JSON library's error message.
func cleanJSONError(err error) string {
	return "invalid JSON: " + strings.TrimPrefix(err.Error(), "json: ")
}
