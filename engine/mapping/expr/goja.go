package expr

import (
	"context"
	"errors"

	"github.com/weftworks/weft/engine/mapping/lib"
	"github.com/weftworks/weft/engine/script"
)

// gojaPrefix makes the record's own top-level keys visible as names (they
// shadow globals, like JavaScript's with statement) without exposing
// inherited properties such as constructor: the scope object has a null
// prototype. The expression starts on the line after the prefix.
const gojaPrefix = `with ((function (r) {
	var s = Object.create(null);
	if (r !== null && typeof r === "object" && !Array.isArray(r)) {
		var k = Object.keys(r);
		for (var i = 0; i < k.length; i++) s[k[i]] = r[k[i]];
	}
	return s;
})($)) return (
`

// gojaPrefixLines is the number of lines gojaPrefix adds before src.
const gojaPrefixLines = 8

// gojaProgram runs an expression in goja.
type gojaProgram struct {
	t     *tree
	prg   *script.Program
	paths []string
}

func compileGoja(t *tree, opts Options) (Program, error) {
	prg, err := script.CompileWithLibrary("expr", gojaPrefix+t.src+"\n);", lib.New(opts.Tables), "$")
	if err != nil {
		return nil, t.fromScript(err)
	}
	if fixed, ok := t.withInt32Fix(); ok {
		// Should the rewrite not compile, the expression runs as written.
		if p, err := script.CompileWithLibrary("expr", int32Prelude+gojaPrefix+fixed+"\n);", lib.New(opts.Tables), "$"); err == nil {
			prg = p
		}
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	prg = prg.WithOptions(script.Options{Timeout: timeout, Stringify: !opts.Strict})
	return &gojaProgram{t: t, prg: prg, paths: collectPaths(t.expr)}, nil
}

func (g *gojaProgram) Eval(ctx context.Context, record any) (any, error) {
	res, err := g.prg.Call(ctx, record)
	if err != nil {
		return nil, g.t.fromScript(err)
	}
	return res, nil
}

func (g *gojaProgram) Native() bool { return false }

func (g *gojaProgram) Paths() []string { return g.paths }

// fromScript maps a script error to an *Error in src's coordinates.
func (t *tree) fromScript(err error) error {
	var se *script.Error
	if !errors.As(err, &se) || se.Line == 0 {
		return &Error{Line: 1, Column: 1, Message: err.Error(), cause: err}
	}
	line, col := se.Line-gojaPrefixLines, se.Column
	switch {
	case line < 1:
		line, col = 1, 1
	case line > t.lines:
		line, col = t.lines, t.last
	}
	return &Error{Line: line, Column: col, Message: se.Message, cause: err}
}
