package flow_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
)

func nan() float64 { return math.NaN() }

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		line  int
		col   int
		msg   string
	}{
		{"empty", "", 1, 1, "unexpected end of JSON input"},
		{"truncated", "{\n  \"formatVersion\": 2,\n", 3, 1, "unexpected end of JSON input"},
		{"bad character", "{\n  \"formatVersion\": 2,\n  \"nodes\": [}\n}", 3, 13, "invalid character '}' looking for beginning of value"},
		{"trailing garbage", "{\"formatVersion\": 2} x", 1, 22, "invalid character 'x' after top-level value"},
		{"not an object", "[1]", 1, 1, "expected an object, got array"},
		{"version is a string", "{\"formatVersion\": \"2\"}", 1, 19, `"formatVersion": expected an integer, got string`},
		{"node id is a number", "{\"formatVersion\": 2,\n \"nodes\": [{\"id\": 12}]}", 2, 19, `"nodes.id": expected a string, got number`},
		{"string with escaped quote", "{\"formatVersion\": 2,\n \"name\": [\"a\\\"b\"]}", 2, 10, `"name": expected a string, got array`},
		{"position is a string", "{\"formatVersion\": 2, \"layout\": {\"n\": {\"x\": \"é\\\"1\"}}}", 1, 44, `"layout.x": expected a number, got string`},
		{"v1 type error", "{\"formatVersion\": 1, \"edges\": [{\"source\": true}]}", 1, 43, `"edges.source": expected a string, got bool`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := flow.Decode([]byte(tt.input))
			var se *flow.SyntaxError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, flow.SyntaxError{Line: tt.line, Column: tt.col, Msg: tt.msg}, *se)
		})
	}
}

func TestSyntaxErrorString(t *testing.T) {
	assert.Equal(t, "line 3, column 7: bad", (&flow.SyntaxError{Line: 3, Column: 7, Msg: "bad"}).Error())
}

func TestDecodeVersions(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		target error
		msg    string
	}{
		{"missing", `{"id": "x"}`, flow.ErrNoFormatVersion, "missing formatVersion"},
		{"null", `{"formatVersion": null}`, flow.ErrNoFormatVersion, "missing formatVersion"},
		{"zero", `{"formatVersion": 0}`, flow.ErrUnsupportedVersion, "unsupported formatVersion 0: versions start at 1"},
		{"future", `{"formatVersion": 3}`, flow.ErrUnsupportedVersion, "newer Weft"},
		{"v1 bad ref", `{"formatVersion": 1, "edges": [{"id": "e1", "source": "n1", "target": "n2:in"}]}`, nil,
			`format version 1: edge "e1": source "n1" is not "node:port"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := flow.Decode([]byte(tt.input))
			require.Error(t, err)
			if tt.target != nil {
				require.ErrorIs(t, err, tt.target)
			}
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

// TestEveryVersionDecodes guards the migration table: each version from 1
// to FormatVersion must load into the current model.
func TestEveryVersionDecodes(t *testing.T) {
	for v := 1; v <= flow.FormatVersion; v++ {
		f, err := flow.Decode(fmt.Appendf(nil, `{"formatVersion": %d, "id": "x", "name": "X"}`, v))
		require.NoError(t, err, "version %d", v)
		assert.Equal(t, &flow.Flow{FormatVersion: flow.FormatVersion, ID: "x", Name: "X", Nodes: []flow.Node{}, Edges: []flow.Edge{}}, f)
	}
}
