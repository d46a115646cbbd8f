package expr

import (
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/token"
)

// loopLabel holds the errors that break L and continue L travel up as
// until the loop labelled L catches them.
type loopLabel struct{ brk, cont error }

// labelJump is the error of a break or continue with a label.
type labelJump struct{ what string }

func (j *labelJump) Error() string { return "expr: " + j.what }

// labelled compiles a labelled loop; other labelled statements stay in
// goja.
func (c *scriptCompiler) labelled(n *ast.LabelledStatement) (stmtFn, bool) {
	switch n.Statement.(type) {
	case *ast.ForStatement, *ast.ForOfStatement, *ast.ForInStatement, *ast.WhileStatement, *ast.DoWhileStatement:
	default:
		return nil, false
	}
	name := n.Label.Name.String()
	if c.labels[name] != nil {
		return nil, false
	}
	l := &loopLabel{brk: &labelJump{"break " + name}, cont: &labelJump{"continue " + name}}
	c.labels[name], c.label = l, l
	defer delete(c.labels, name)
	return c.stmt(n.Statement)
}

// takeLabel returns the label of the loop about to be compiled (nil for
// none), so that loops inside it do not take it too.
func (c *scriptCompiler) takeLabel() *loopLabel {
	l := c.label
	c.label = nil
	return l
}

// branch compiles break and continue, with or without a label.
func (c *scriptCompiler) branch(n *ast.BranchStatement) (stmtFn, bool) {
	err := errBreak
	if n.Token == token.CONTINUE {
		err = errContinue
	}
	if n.Label != nil {
		l := c.labels[n.Label.Name.String()]
		if l == nil {
			return nil, false
		}
		err = l.brk
		if n.Token == token.CONTINUE {
			err = l.cont
		}
	}
	return func(*frame) (value, bool, error) { return vUndef, false, err }, true
}

// tryStmt compiles try/catch without finally: a try block that completes
// (or breaks, continues or returns) is the statement's answer; one that
// throws hands the record to goja, which runs the catch block.
func (c *scriptCompiler) tryStmt(n *ast.TryStatement) (stmtFn, bool) {
	if n.Finally != nil || n.Catch == nil {
		return nil, false
	}
	body, ok := c.stmt(n.Body)
	if !ok {
		return nil, false
	}
	if body == nil {
		return nil, true
	}
	return func(f *frame) (value, bool, error) {
		v, done, err := body(f)
		if err != nil && !isJump(err) {
			return vUndef, false, errFallback
		}
		return v, done, err
	}, true
}

// isJump reports whether err is a break, continue or callback return.
func isJump(err error) bool {
	if err == errBreak || err == errContinue || err == errCallbackReturn {
		return true
	}
	_, ok := err.(*labelJump)
	return ok
}
