package expr

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/weftworks/weft/engine/script"
)

// Undefined is the Go value of JavaScript's undefined in results and
// arguments. It is script.Undefined, so values pass between the packages
// unchanged.
var Undefined any = script.Undefined

// DefaultTimeout bounds one goja evaluation when Options.Timeout is zero.
const DefaultTimeout = time.Second

// ErrResult is wrapped by the error Eval returns when the expression's value
// is not JSON-like (NaN, Infinity, a function).
var ErrResult = script.ErrResult

// ErrTimeout is wrapped by the error Eval returns when a goja evaluation
// ran longer than its time limit.
var ErrTimeout = script.ErrTimeout

// Options configure a compiled expression.
type Options struct {
	// Tables are the lookup tables lookup(table, key, default) reads.
	Tables map[string]map[string]any
	// Timeout bounds one goja evaluation (DefaultTimeout when zero).
	Timeout time.Duration
	// Strict makes NaN, ±Infinity and functions in a result an error
	// (wrapping ErrResult); by default they follow JSON.stringify: NaN and
	// ±Infinity become null, functions are dropped from objects and null
	// in arrays.
	Strict bool
}

// Program is a compiled expression. It is safe for concurrent use.
type Program interface {
	// Eval evaluates the expression over one record (a JSON-like value).
	// The result is JSON-like or Undefined. Errors are *Error.
	Eval(ctx context.Context, record any) (any, error)
	// Native reports whether the expression runs as native Go closures
	// (true) or in goja (false).
	Native() bool
	// Paths returns the source paths the expression reads, such as
	// "customer.first" or "items[*].qty" (read inside an array callback),
	// sorted and without duplicates.
	Paths() []string
}

// Error is a syntax or runtime error located in the expression. Line and
// Column are 1-based.
type Error struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
	cause   error
}

// Error formats the error as "line L, column C: message".
func (e *Error) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Message)
}

// Unwrap returns the underlying error (such as ErrTimeout), if any.
func (e *Error) Unwrap() error { return e.cause }

// Compile parses src as one JavaScript expression. It returns a native
// program when every part of the expression is in the native subset, and a
// goja program otherwise. A syntax error is an *Error.
func Compile(src string, opts Options) (Program, error) {
	tree, err := parse(src)
	if err != nil {
		return nil, err
	}
	if p, ok := compileNative(tree, opts); ok {
		return p, nil
	}
	return compileGoja(tree, opts)
}

// CompileGoja is Compile that always runs the expression in goja; it is
// for differential tests and benchmarks.
func CompileGoja(src string, opts Options) (Program, error) {
	tree, err := parse(src)
	if err != nil {
		return nil, err
	}
	return compileGoja(tree, opts)
}

// asError turns any error into an *Error, defaulting to the expression's
// first position.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Line: 1, Column: 1, Message: err.Error(), cause: err}
}
