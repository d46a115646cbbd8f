package expr

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/parser"
)

// tree is a parsed expression with what is needed to locate its nodes.
type tree struct {
	src   string
	expr  ast.Expression
	file  *file.File
	lines int // lines in src
	last  int // column just after src's last character
}

// parse parses src as one expression. The source is wrapped as "(\n" +
// src + "\n)" so that object literals parse as expressions; a source that
// closes the parenthesis early and adds statements is refused.
func parse(src string) (*tree, error) {
	t := &tree{src: src, lines: strings.Count(src, "\n") + 1}
	t.last = utf8.RuneCountInString(src[strings.LastIndexByte(src, '\n')+1:]) + 1
	if strings.TrimSpace(src) == "" {
		return nil, &Error{Line: 1, Column: 1, Message: "SyntaxError: empty expression"}
	}
	prog, err := parser.ParseFile(nil, "expr", "(\n"+src+"\n)", 0, parser.WithDisableSourceMaps)
	if err != nil {
		return nil, t.syntaxError(err)
	}
	t.file = prog.File
	if len(prog.Body) != 1 || len(prog.DeclarationList) != 0 {
		return nil, &Error{Line: 1, Column: 1, Message: "SyntaxError: the source must be a single expression"}
	}
	st, ok := prog.Body[0].(*ast.ExpressionStatement)
	if !ok {
		return nil, &Error{Line: 1, Column: 1, Message: "SyntaxError: the source must be a single expression"}
	}
	t.expr = st.Expression
	return t, nil
}

// position maps a line of the wrapped source to src's coordinates.
func (t *tree) position(line, col int) (int, int) {
	line-- // the wrapper's "(" line
	switch {
	case line < 1:
		return 1, 1
	case line > t.lines:
		return t.lines, t.last
	}
	return line, col
}

// at locates a node index.
func (t *tree) at(idx file.Idx) (int, int) {
	pos := t.file.Position(int(idx) - 1)
	return t.position(pos.Line, pos.Column)
}

// errorAt builds an *Error at a node index.
func (t *tree) errorAt(idx file.Idx, msg string) *Error {
	line, col := t.at(idx)
	return &Error{Line: line, Column: col, Message: msg}
}

func (t *tree) syntaxError(err error) error {
	var list parser.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		first := list[0]
		msg := first.Message
		if first.Position.Line > t.lines+1 {
			msg = "Unexpected end of input"
		}
		line, col := t.position(first.Position.Line, first.Position.Column)
		return &Error{Line: line, Column: col, Message: "SyntaxError: " + msg}
	}
	return &Error{Line: 1, Column: 1, Message: "SyntaxError: " + err.Error()}
}
