package format

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSVOptions tunes CSV reading and writing. The zero value is what
// NewReader and NewWriter use: a detected delimiter (a comma when
// writing), a header row, strict quotes and string values.
type CSVOptions struct {
	// Delimiter separates fields; 0 detects it when reading and is a
	// comma when writing.
	Delimiter rune
	// NoHeader: the first row is data. Rows are read as arrays; when
	// writing, no header row is written.
	NoHeader bool
	// LazyQuotes lets a quote appear in an unquoted field and a
	// non-doubled quote in a quoted one (reading only).
	LazyQuotes bool
	// DetectTypes reads cells that look like numbers or booleans as
	// float64 or bool (see DetectType).
	DetectTypes bool
	// QuoteAll quotes every field when writing, not only those that need it.
	QuoteAll bool
	// Columns are the columns to write, in order; empty: the first
	// record's keys, sorted. With Columns, keys outside them are left out.
	Columns []string
}

// NewCSVReader returns a CSV reader of r with options o.
func NewCSVReader(r io.Reader, o CSVOptions) Reader {
	c, _ := newCSVReader(bufio.NewReaderSize(r, peekSize), o)
	return c
}

// NewCSVWriter returns a CSV writer over w with options o. Records are
// objects, or arrays written as they are (with NoHeader or Columns).
func NewCSVWriter(w io.Writer, o CSVOptions) Writer {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	if o.Delimiter != 0 {
		cw.Comma = o.Delimiter
	}
	return &csvWriter{bw: bw, w: cw, opts: o, columns: o.Columns}
}

// value converts a cell as the options say.
func (c *csvReader) value(s string) any {
	if c.opts.DetectTypes {
		return DetectType(s)
	}
	return s
}

// DetectType returns s as a bool for "true" or "false" (any case), as a
// float64 for a decimal number, and unchanged otherwise. Numbers with a
// leading zero ("007", often a code) or more than 15 significant digits
// (which a float64 cannot keep) stay strings.
func DetectType(s string) any {
	switch strings.ToLower(s) {
	case "true":
		return true
	case "false":
		return false
	}
	if !looksNumeric(s) {
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return f
}

// looksNumeric accepts -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
// with at most 15 digits before the exponent.
func looksNumeric(s string) bool {
	i, digits := 0, 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	start := i
	for i < len(s) && isDigit(s[i]) {
		i, digits = i+1, digits+1
	}
	if i == start || s[start] == '0' && i-start > 1 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		frac := i
		for i < len(s) && isDigit(s[i]) {
			i, digits = i+1, digits+1
		}
		if i == frac {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == exp {
			return false
		}
	}
	return i == len(s) && digits <= 15
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
