package script

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/parser"
)

// Defaults for Options fields left zero.
const (
	DefaultTimeout        = time.Second
	DefaultMaxOutputBytes = 1 << 20
	DefaultMaxMemory      = 512 << 20
)

// wrapperLines is the number of lines the wrapper adds before the snippet.
const wrapperLines = 1

// maxCallStack bounds recursion inside a snippet.
const maxCallStack = 4096

// Options limit what one call may use. Zero fields take the defaults.
type Options struct {
	// Timeout bounds one call (DefaultTimeout when zero). The context's
	// deadline applies as well.
	Timeout time.Duration
	// MaxOutputBytes bounds the JSON size of a result
	// (DefaultMaxOutputBytes when zero).
	MaxOutputBytes int
	// Stringify makes results follow JSON.stringify instead of failing
	// with ErrResult: NaN and ±Infinity become null, and functions and
	// symbols are dropped from objects, null in arrays and undefined at the
	// top.
	Stringify bool
	// MaxMemoryBytes bounds how much the process's heap objects may grow
	// while a call runs (DefaultMaxMemory when zero); past it the call is
	// interrupted with ErrMemoryLimit. The heap is the whole process's,
	// so a call may be charged for memory another goroutine kept.
	MaxMemoryBytes uint64
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxOutputBytes <= 0 {
		o.MaxOutputBytes = DefaultMaxOutputBytes
	}
	if o.MaxMemoryBytes == 0 {
		o.MaxMemoryBytes = DefaultMaxMemory
	}
	return o
}

// Program is a compiled snippet. It is safe for concurrent use.
type Program struct {
	name    string
	lines   int // lines of the user's snippet
	lastCol int // column just after the snippet's last character
	prg     *goja.Program
	lits    *rewrites // what the compiler rewrote (literal.go, forof.go)
	opts    Options
	pool    *pool
	// readsStack: the snippet mentions "stack", so Batch makes its calls
	// with Call (batch.go).
	readsStack bool
}

var identRE = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// Compile wraps src as the body of `function(<params>) { ... }` and
// compiles it. name labels the snippet in stack traces. A syntax error is
// returned as *Error with the position inside src.
func Compile(name, src string, params ...string) (*Program, error) {
	for _, p := range params {
		if !identRE.MatchString(p) {
			return nil, fmt.Errorf("script %q: parameter %q is not an identifier", name, p)
		}
	}
	p := &Program{name: name, opts: Options{}.withDefaults(), readsStack: strings.Contains(src, "stack")}
	p.lines, p.lastCol = extent(src)
	prefix := "(function(" + strings.Join(params, ", ") + ") {\n"
	wrapped := prefix + src + "\n})"
	tree, err := parser.ParseFile(nil, name, wrapped, 0, parser.WithDisableSourceMaps)
	if err != nil {
		return nil, p.syntaxError(err)
	}
	if err := p.checkShape(tree, len(wrapped)); err != nil {
		return nil, err
	}
	fn := tree.Body[0].(*ast.ExpressionStatement).Expression.(*ast.FunctionLiteral) // checkShape made sure
	p.lits = rewrite(tree, fn, src, wrapped, params)
	p.prg, err = goja.CompileAST(tree, false)
	if err != nil {
		return nil, p.syntaxError(err)
	}
	p.pool = newPool(p.prg, p.lits)
	return p, nil
}

// extent returns how many lines src has and the column just after its
// last character, ending lines where JavaScript (and goja's positions) do:
// at \n, \r, \r\n, U+2028 and U+2029.
func extent(src string) (lines, lastCol int) {
	lines, start := 1, 0
	for i := 0; i < len(src); i++ {
		switch {
		case src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n':
			i++
		case src[i] == '\n' || src[i] == '\r':
		case strings.HasPrefix(src[i:], "\u2028") || strings.HasPrefix(src[i:], "\u2029"):
			i += len("\u2028") - 1
		default:
			continue
		}
		lines, start = lines+1, i+1
	}
	return lines, utf8.RuneCountInString(src[start:]) + 1
}

// checkShape makes sure the snippet did not close the wrapper function
// early (as in "}); other(); (function() {"): the wrapped source must be
// exactly one function expression whose body ends at the wrapper's brace.
func (p *Program) checkShape(tree *ast.Program, size int) error {
	closing := file.Idx(size - 1) // 1-based index of the final "}"
	if len(tree.Body) > 0 {
		if st, ok := tree.Body[0].(*ast.ExpressionStatement); ok {
			if fn, ok := st.Expression.(*ast.FunctionLiteral); ok {
				if len(tree.Body) == 1 && fn.Body.RightBrace == closing {
					return nil
				}
				pos := tree.File.Position(int(fn.Body.RightBrace) - 1)
				line, col := p.position(pos.Line, pos.Column)
				return &Error{Line: line, Column: col, Message: "SyntaxError: Unexpected token } (it closes the script)"}
			}
		}
	}
	return &Error{Line: 1, Column: 1, Message: "SyntaxError: the script must be a function body"}
}

// WithOptions returns a copy of p that calls with opts. The copy shares
// the compiled code and the runtime pool.
func (p *Program) WithOptions(opts Options) *Program {
	c := *p
	c.opts = opts.withDefaults()
	return &c
}

// Options returns the limits p calls with.
func (p *Program) Options() Options { return p.opts }

// Call runs the snippet with args bound to its parameters and returns its
// result as a JSON-like value, or Undefined when it returned undefined.
func (p *Program) Call(ctx context.Context, args ...any) (any, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("script stopped: %w", err)
	}
	vm, err := p.pool.get()
	if err != nil {
		return nil, err
	}
	res, err := vm.call(ctx, p.opts, args)
	if err != nil {
		return nil, p.runError(err)
	}
	p.pool.put(vm)
	return res, nil
}
