package expr

import "github.com/dop251/goja/ast"

// switchStmt compiles switch: the case tests, in order, compared with
// ===, then the bodies from the matching case (or default) on until a
// break. A declaration directly in a case (one scope for all cases,
// with its own rules for reads before it) stays in goja.
func (c *scriptCompiler) switchStmt(n *ast.SwitchStatement) (stmtFn, bool) {
	disc, ok := c.site(n.Discriminant)
	if !ok {
		return nil, false
	}
	c.scopes = append(c.scopes, map[string]int{})
	defer func() { c.scopes = c.scopes[:len(c.scopes)-1] }()
	tests := make([]evalFn, len(n.Body)) // nil for default
	bodies := make([]stmtFn, len(n.Body))
	for i, cs := range n.Body {
		if cs.Test != nil {
			if tests[i], ok = c.site(cs.Test); !ok {
				return nil, false
			}
		}
		for _, st := range cs.Consequent {
			switch st.(type) {
			case *ast.LexicalDeclaration, *ast.VariableStatement, *ast.FunctionDeclaration, *ast.ClassDeclaration:
				return nil, false
			}
		}
		if bodies[i], ok = c.list(cs.Consequent); !ok {
			return nil, false
		}
	}
	return func(f *frame) (value, bool, error) {
		d, err := disc(f)
		if err != nil {
			return vUndef, false, err
		}
		start, err := switchCase(f, d, tests, n.Default)
		if err != nil || start < 0 {
			return vUndef, false, err
		}
		for _, body := range bodies[start:] {
			v, done, err := body(f)
			switch {
			case done:
				return v, true, nil
			case err == errBreak:
				return vUndef, false, nil
			case err != nil:
				return vUndef, false, err
			}
		}
		return vUndef, false, nil
	}, true
}

// switchCase returns the index of the case whose test is d, or else
// def (the default's index, or -1).
func switchCase(f *frame, d value, tests []evalFn, def int) (int, error) {
	for i, test := range tests {
		if test == nil {
			continue
		}
		v, err := test(f)
		if err != nil {
			return -1, err
		}
		if eq, err := strictEquals(d, v); err != nil || eq {
			return i, err
		}
	}
	return def, nil
}
