package script

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
)

// ErrTimeout is wrapped by the error a call returns when it ran longer than
// its time limit, as in "script timed out after 1s".
var ErrTimeout = errors.New("script timed out")

// ErrResult is wrapped by the error a call returns when the script's result
// is not a JSON-like value (NaN, Infinity, a function, a symbol, too deep).
var ErrResult = errors.New("result is not JSON-like")

// ErrTooLarge is wrapped when a result exceeds Options.MaxOutputBytes.
var ErrTooLarge = errors.New("result too large")

// ErrArgument is wrapped when an argument passed to Call is not JSON-like.
var ErrArgument = errors.New("argument is not JSON-like")

// Error is a syntax error or an exception thrown by a snippet. Line and
// Column are 1-based positions inside the user's snippet (0 when unknown).
type Error struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// Error formats the error as "line L, column C: message".
func (e *Error) Error() string {
	if e.Line == 0 {
		return e.Message
	}
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Message)
}

// position maps a line of the wrapped source to the user's snippet: the
// wrapper adds exactly one line before the snippet and none inside it.
func (p *Program) position(line, col int) (int, int) {
	line -= wrapperLines
	switch {
	case line < 1:
		return 1, 1
	case line > p.lines:
		return p.lines, p.lastCol
	}
	return line, col
}

// syntaxError turns a parser error into an *Error in user coordinates.
func (p *Program) syntaxError(err error) error {
	var list parser.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		first := list[0]
		msg := first.Message
		if first.Position.Line > p.lines+wrapperLines {
			msg = "Unexpected end of script"
		}
		line, col := p.position(first.Position.Line, first.Position.Column)
		return &Error{Line: line, Column: col, Message: "SyntaxError: " + msg}
	}
	var cerr *goja.CompilerSyntaxError
	if errors.As(err, &cerr) && cerr.File != nil {
		pos := cerr.File.Position(cerr.Offset)
		line, col := p.position(pos.Line, pos.Column)
		return &Error{Line: line, Column: col, Message: "SyntaxError: " + cerr.Message}
	}
	return &Error{Message: err.Error()}
}

// runError turns an error from goja into a Weft error: a timeout, a
// cancellation or an *Error positioned in the user's snippet.
func (p *Program) runError(err error) error {
	var intr *goja.InterruptedError
	if errors.As(err, &intr) {
		cause, _ := intr.Value().(error)
		if errors.Is(cause, ErrTimeout) || errors.Is(cause, ErrMemoryLimit) {
			return cause
		}
		return fmt.Errorf("script stopped: %w", cause)
	}
	var overflow *goja.StackOverflowError
	if errors.As(err, &overflow) {
		return p.located(overflow.Stack(), "RangeError: Maximum call stack size exceeded")
	}
	var exc *goja.Exception
	if errors.As(err, &exc) {
		msg := "exception"
		if v := exc.Value(); v != nil {
			msg = noPrimitiveRE.ReplaceAllLiteralString(v.String(), noPrimitive)
		}
		return p.located(exc.Stack(), msg)
	}
	return err
}

// goja's TypeError for an object without a primitive value prints the
// object's Go representation, with memory addresses that differ from run
// to run; the error says what V8 says instead.
var noPrimitiveRE = regexp.MustCompile(`(?s)^TypeError: Could not convert .* to primitive$`)

const noPrimitive = "TypeError: Cannot convert object to primitive value"

// located builds an *Error from the first stack frame in the user's code.
func (p *Program) located(stack []goja.StackFrame, msg string) error {
	for i := range stack {
		f := &stack[i]
		if f.SrcName() != p.name {
			continue
		}
		pos := f.Position()
		if pos.Line == 0 {
			continue
		}
		line, col := p.position(pos.Line, pos.Column)
		return &Error{Line: line, Column: col, Message: strings.TrimSpace(msg)}
	}
	return &Error{Message: strings.TrimSpace(msg)}
}
