package script_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/script"
)

func TestSyntaxErrorPosition(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want script.Error
	}{
		{"first line", "let a = ;", script.Error{Line: 1, Column: 9, Message: "SyntaxError: Unexpected token ;"}},
		{"third line", "\n\n  foo bar", script.Error{Line: 3, Column: 7, Message: "SyntaxError: Unexpected identifier"}},
		{"redeclared", "let x = 1;\nlet x = 2;", script.Error{Line: 2, Column: 5, Message: "SyntaxError: Identifier 'x' has already been declared"}},
		{"unfinished", "return 1 +", script.Error{Line: 1, Column: 11, Message: "SyntaxError: Unexpected end of script"}},
		{"unfinished after \\r lines", "let a = 1;\rlet b = 2;\rreturn a +", script.Error{Line: 3, Column: 11, Message: "SyntaxError: Unexpected end of script"}},
		{"unfinished after U+2028", "let a = 1;\u2028return a +", script.Error{Line: 2, Column: 11, Message: "SyntaxError: Unexpected end of script"}},
		{"unfinished after \\r\\n lines", "let a = 1;\r\nreturn a +", script.Error{Line: 2, Column: 11, Message: "SyntaxError: Unexpected end of script"}},
		{"escapes the wrapper", "return 1;\n}); (function() {", script.Error{Line: 2, Column: 1, Message: "SyntaxError: Unexpected token } (it closes the script)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := script.Compile("syntax.js", tt.src, "msg")
			var se *script.Error
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.want, *se)
		})
	}
}

func TestExceptionPosition(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want script.Error
	}{
		{"throw", "let a = 1;\n  throw new Error('boom');", script.Error{Line: 2, Column: 9, Message: "Error: boom"}},
		{"type error", "let a = msg;\nreturn a.b.c;", script.Error{Line: 2, Column: 12, Message: "TypeError: Cannot read property 'c' of undefined"}},
		{"reference error", "return x + 1", script.Error{Line: 1, Column: 8, Message: "ReferenceError: x is not defined"}},
		{"in a getter of the result", "return {\n  get b() { throw new TypeError('getter') }\n}", script.Error{Line: 2, Column: 19, Message: "TypeError: getter"}},
		{"in a builtin", "\nreturn JSON.parse('{')", script.Error{Line: 2, Column: 18, Message: "SyntaxError: Unexpected end of JSON input (EOF)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := call(t, tt.src, map[string]any{})
			var se *script.Error
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.want, *se)
		})
	}
}

func TestErrorText(t *testing.T) {
	assert.EqualError(t, &script.Error{Line: 3, Column: 7, Message: "Error: boom"}, "line 3, column 7: Error: boom")
	assert.EqualError(t, &script.Error{Message: "boom"}, "boom")
}

func TestThrownValueMessage(t *testing.T) {
	_, err := call(t, `throw "plain"`, nil)
	var se *script.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "plain", se.Message)
	assert.Equal(t, 1, se.Line)
	// the program keeps working after an exception
	p, err := script.Compile("ok.js", `if (msg) throw 1; return 2`, "msg")
	require.NoError(t, err)
	_, err = p.Call(context.Background(), true)
	require.Error(t, err)
	got, err := p.Call(context.Background(), false)
	require.NoError(t, err)
	assert.Equal(t, 2.0, got)
}

// TestNoPrimitiveMessage: converting an object without a primitive value
// fails with V8's message, the same on every run (goja's own prints Go
// memory addresses).
func TestNoPrimitiveMessage(t *testing.T) {
	for _, src := range []string{`return +msg`, `return +{toString: 3, valueOf: 4}`, "return `${msg}`"} {
		_, err := call(t, src, map[string]any{"toString": 3.0})
		var se *script.Error
		require.ErrorAs(t, err, &se, src)
		assert.Equal(t, "TypeError: Cannot convert object to primitive value", se.Message, src)
		assert.Equal(t, 1, se.Line, src)
	}
}
