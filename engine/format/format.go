package format

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Format names a record stream format.
type Format string

// The formats.
const (
	FormatAuto   Format = "auto"
	FormatJSON   Format = "json"
	FormatNDJSON Format = "ndjson"
	FormatCSV    Format = "csv"
	FormatXML    Format = "xml"
)

// ErrUnknownFormat is wrapped by ParseFormat's error for a name that is
// not a format.
var ErrUnknownFormat = errors.New("unknown format")

// ParseFormat reads a format name; "" is FormatAuto.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case "":
		return FormatAuto, nil
	case FormatAuto, FormatJSON, FormatNDJSON, FormatCSV, FormatXML:
		return f, nil
	}
	return "", fmt.Errorf("%w %q (want auto, json, ndjson, csv or xml)", ErrUnknownFormat, s)
}

// Reader reads records one at a time. Read returns io.EOF after the last
// record. A Reader is not safe for concurrent use.
type Reader interface {
	Read() (any, error)
}

// Error is a record that could not be read. Record and Line are 1-based
// (0 when unknown).
type Error struct {
	Record int
	Line   int
	Msg    string
	// Fatal errors end the stream; after others the next Read continues.
	Fatal bool
}

func (e *Error) Error() string {
	switch {
	case e.Record > 0 && e.Line > 0:
		return fmt.Sprintf("record %d (line %d): %s", e.Record, e.Line, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	case e.Record > 0:
		return fmt.Sprintf("record %d: %s", e.Record, e.Msg)
	}
	return e.Msg
}

// peekSize is how much Detect and the CSV delimiter detection look at.
const peekSize = 64 << 10

// NewReader returns a reader of f over r; FormatAuto detects the format.
func NewReader(r io.Reader, f Format) (Reader, error) {
	br := bufio.NewReaderSize(r, peekSize)
	if f == FormatAuto {
		head, _ := br.Peek(peekSize)
		f = Detect(head)
	}
	switch f {
	case FormatJSON:
		return newJSONReader(br), nil
	case FormatNDJSON:
		return newNDJSONReader(br), nil
	case FormatCSV:
		return newCSVReader(br, CSVOptions{})
	case FormatXML:
		return newXMLReader(br), nil
	}
	return nil, fmt.Errorf("%w %q", ErrUnknownFormat, f)
}

// Detect guesses the format of a stream from its first bytes: "[" is a
// JSON array, "<" XML, "{" NDJSON when the first line is a whole JSON
// value and JSON otherwise; anything else is CSV.
func Detect(head []byte) Format {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) == 0 {
		return FormatNDJSON
	}
	switch trimmed[0] {
	case '[':
		return FormatJSON
	case '<':
		return FormatXML
	case '{':
		line, _, _ := bytes.Cut(trimmed, []byte("\n"))
		if isJSONValue(bytes.TrimSpace(line)) {
			return FormatNDJSON
		}
		return FormatJSON
	}
	return FormatCSV
}

// ReadAll reads at most limit records (all when limit <= 0), skipping
// non-fatal record errors, which it returns joined with the first fatal
// one.
func ReadAll(r Reader, limit int) ([]any, error) {
	out := []any{}
	var errs []error
	for limit <= 0 || len(out) < limit {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, err)
			var fe *Error
			if !errors.As(err, &fe) || fe.Fatal || len(errs) >= 100 {
				break
			}
			continue
		}
		out = append(out, rec)
	}
	return out, errors.Join(errs...)
}
