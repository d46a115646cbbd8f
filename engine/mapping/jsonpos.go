package mapping

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/weftworks/weft/engine/jsonpos"
)

// decodeError gives encoding/json errors a line and column.
func decodeError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		pos := int(se.Offset) - 1
		if strings.HasPrefix(se.Error(), "unexpected end") {
			pos = len(data)
		}
		return newSyntaxError(data, pos, strings.TrimPrefix(se.Error(), "json: "))
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		msg := fmt.Sprintf("expected %s, got %s", kindName(te.Type), te.Value)
		if te.Field != "" {
			msg = fmt.Sprintf("%q: %s", te.Field, msg)
		}
		return newSyntaxError(data, int(te.Offset)-1, msg)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return newSyntaxError(data, len(data), "unexpected end of JSON input")
	}
	if errors.Is(err, io.EOF) {
		return newSyntaxError(data, len(data), "empty mapping file")
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if name, ok := strings.CutPrefix(msg, "unknown field "); ok {
		pos := strings.Index(string(data), name)
		return newSyntaxError(data, max(pos, 0), "unknown key "+name)
	}
	return newSyntaxError(data, 0, msg)
}

func newSyntaxError(data []byte, pos int, msg string) *SyntaxError {
	line, col := jsonpos.LineColumn(data, pos)
	return &SyntaxError{Line: line, Column: col, Msg: msg}
}

// kindName names the JSON type a Go type expects.
func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	case reflect.Slice:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "a JSON value"
}
