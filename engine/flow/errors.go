package flow

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/weftworks/weft/engine/jsonpos"
)

// ErrNoFormatVersion is returned by Decode for a file without a
// "formatVersion" key.
var ErrNoFormatVersion = errors.New("missing formatVersion: not a Weft flow file")

// ErrUnsupportedVersion is wrapped by Decode's error for a formatVersion
// this build cannot read: below 1, or newer than FormatVersion.
var ErrUnsupportedVersion = errors.New("unsupported formatVersion")

// SyntaxError is a malformed flow file: invalid JSON or a value of the
// wrong type. Line and Column (in characters) are 1-based.
type SyntaxError struct {
	Line, Column int
	Msg          string
}

// Error renders the error as "line L, column C: msg".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// jsonError turns encoding/json errors into *SyntaxError with a position;
// other errors pass through.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		pos := int(se.Offset) - 1 // the offending byte
		if strings.HasPrefix(se.Error(), "unexpected end") {
			pos = len(data)
		}
		return newSyntaxError(data, pos, se.Error())
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		msg := fmt.Sprintf("expected %s, got %s", jsonKind(te.Type), te.Value)
		if te.Field != "" {
			msg = fmt.Sprintf("%q: %s", te.Field, msg)
		}
		return newSyntaxError(data, valueStart(data, int(te.Offset), te.Value), msg)
	}
	return err
}

func newSyntaxError(data []byte, pos int, msg string) *SyntaxError {
	line, col := jsonpos.LineColumn(data, pos)
	return &SyntaxError{Line: line, Column: col, Msg: msg}
}

// valueStart finds where the value that ends at offset begins. json
// reports type errors after a scalar, and just inside an array or object.
func valueStart(data []byte, offset int, kind string) int {
	end := min(offset, len(data)) - 1
	if end < 0 {
		return 0
	}
	switch data[end] {
	case '{', '[':
		return end
	case '"':
		for i := end - 1; i >= 0; i-- {
			if data[i] == '"' && !escaped(data, i) {
				return i
			}
		}
		return end
	}
	if kind == "string" {
		return end
	}
	i := end
	for i > 0 && isScalarByte(data[i-1]) {
		i--
	}
	return i
}

// escaped reports whether data[i] is preceded by an odd run of backslashes.
func escaped(data []byte, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && data[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

func isScalarByte(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '.' || b == '+' || b == '-'
}

// jsonKind names the JSON type a Go type expects.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return t.String()
}
