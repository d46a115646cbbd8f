package mapping

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// FormatVersion is the mapping format this build writes; Decode reads
// every version up to it.
const FormatVersion = 1

// ErrUnsupportedVersion is wrapped by Decode's error for a formatVersion
// this build cannot read.
var ErrUnsupportedVersion = errors.New("unsupported mapping formatVersion")

// Mapping is a declarative record mapping, as stored in a mapping file or
// in a core.mapping node's config.
type Mapping struct {
	FormatVersion int     `json:"formatVersion"`
	Fields        []Field `json:"fields"`
	// Script is the body of function($, out) run after the fields: $ is
	// the input record, out the fields' output; it returns the output
	// object (undefined drops the record).
	Script string `json:"script,omitempty"`
	// Tables are static lookup tables for lookup(table, key, default).
	Tables map[string]map[string]any `json:"tables,omitempty"`
	Tests  []TestCase                `json:"tests,omitempty"`
	// Strict makes NaN, ±Infinity and functions in the result of any
	// expression or of the script fail the record, instead of following
	// JSON.stringify (null, or dropped from objects).
	Strict bool `json:"strict,omitempty"`
}

// Field is one target field and where its value comes from: exactly one
// of Path, Const and Expr.
type Field struct {
	// Target is where the value goes: "name", "customer.name",
	// "lines[].sku" (one output array element per source element).
	Target string `json:"target"`
	// Path is a source path: "customer.email", "items[0].sku",
	// "items[*].sku".
	Path string `json:"path,omitempty"`
	// Const is a JSON constant.
	Const json.RawMessage `json:"const,omitempty"`
	// Expr is a JavaScript expression over the record ($ or its
	// top-level keys by name).
	Expr string `json:"expr,omitempty"`
	// Type coerces the value: string, number, integer, boolean, date,
	// array or object. Empty keeps the value as it is.
	Type string `json:"type,omitempty"`
	// Format is the output pattern of a date ("yyyy-MM-dd").
	Format string `json:"format,omitempty"`
	// Default is used when the value is missing (undefined or null).
	Default json.RawMessage `json:"default,omitempty"`
	// OmitEmpty leaves the target out when the value is undefined, null,
	// "", [] or {}.
	OmitEmpty bool `json:"omitEmpty,omitempty"`
	// Strict is Mapping.Strict for this field's expression only.
	Strict bool `json:"strict,omitempty"`
}

// TestCase is an input record and the output the mapping must produce.
type TestCase struct {
	Name     string `json:"name"`
	Input    any    `json:"input"`
	Expected any    `json:"expected"`
}

// SyntaxError is a malformed mapping file. Line and Column (in characters)
// are 1-based.
type SyntaxError struct {
	Line, Column int
	Msg          string
}

// Error renders the error as "line L, column C: msg".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// Decode reads a mapping file. Malformed JSON, values of the wrong type
// and unknown keys give a *SyntaxError with the position; a missing
// formatVersion means 1; a newer one is refused.
func Decode(data []byte) (*Mapping, error) {
	var m Mapping
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, decodeError(data, err)
	}
	if dec.More() {
		off := int(dec.InputOffset())
		off += len(data[off:]) - len(bytes.TrimLeft(data[off:], " \t\r\n"))
		return nil, newSyntaxError(data, off, "unexpected data after the mapping")
	}
	if m.FormatVersion == 0 {
		m.FormatVersion = FormatVersion
	}
	if m.FormatVersion < 0 || m.FormatVersion > FormatVersion {
		return nil, fmt.Errorf("%w %d: this Weft reads up to %d", ErrUnsupportedVersion, m.FormatVersion, FormatVersion)
	}
	orderTestInputs(&m, data)
	return &m, nil
}

// orderTestInputs decodes the test cases' inputs again as ordered
// objects, so that a test sees its record with the key order a mapping
// run gives it (data is already known to decode).
func orderTestInputs(m *Mapping, data []byte) {
	if len(m.Tests) == 0 {
		return
	}
	var raw struct {
		Tests []struct {
			Input json.RawMessage `json:"input"`
		} `json:"tests"`
	}
	if json.Unmarshal(data, &raw) != nil || len(raw.Tests) != len(m.Tests) {
		return
	}
	for i, tc := range raw.Tests {
		if v, err := jsoncodec.DecodeFull(tc.Input); err == nil && len(tc.Input) > 0 {
			m.Tests[i].Input = v
		}
	}
}

// FromValue converts a JSON-like value (as found in a node's config) to a
// Mapping, with Decode's checks.
func FromValue(v any) (*Mapping, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	m, err := Decode(data)
	var se *SyntaxError
	if errors.As(err, &se) {
		return nil, errors.New(se.Msg)
	}
	return m, err
}
