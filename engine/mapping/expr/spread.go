package expr

import (
	"unicode/utf8"

	"github.com/dop251/goja/ast"
)

// part is an array item or call argument: a value, or a spread (...x).
type part struct {
	fn     evalFn
	spread bool
}

// parts compiles items that may contain spreads; holes are refused.
func (c *compiler) parts(list []ast.Expression) ([]part, bool) {
	out := make([]part, len(list))
	for i, e := range list {
		if e == nil {
			return nil, false
		}
		var ok bool
		if s, isSpread := e.(*ast.SpreadElement); isSpread {
			out[i].fn, ok = c.expr(s.Expression)
			out[i].spread = true
		} else {
			out[i].fn, ok = c.expr(e)
		}
		if !ok {
			return nil, false
		}
	}
	return out, true
}

// evalParts evaluates items into a new slice, expanding spreads.
func evalParts(f *frame, parts []part) ([]any, error) {
	out := make([]any, 0, len(parts))
	for _, p := range parts {
		v, err := p.fn(f)
		if err != nil {
			return nil, err
		}
		if !p.spread {
			out = append(out, v.toAny())
			continue
		}
		if out, err = spreadInto(out, v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// spreadInto appends what ...v gives: an array's items or a string's
// characters (code points). Other values (TypeErrors) are left to goja.
func spreadInto(out []any, v value) ([]any, error) {
	switch v.k {
	case kArr:
		return append(out, v.r.([]any)...), nil
	case kStr:
		if !utf8.ValidString(v.s) {
			return nil, errFallback
		}
		for _, r := range v.s {
			out = append(out, string(r))
		}
		return out, nil
	}
	return nil, errFallback
}

// spreadCall compiles Math.max(...x) and Math.min(...x), the calls with
// spread arguments compiled natively.
func (c *compiler) spreadCall(n *ast.CallExpression) (evalFn, bool) {
	callee, ok := n.Callee.(*ast.DotExpression)
	if !ok {
		return nil, false
	}
	id, ok := callee.Left.(*ast.Identifier)
	name := callee.Identifier.Name.String()
	if !ok || id.Name != "Math" || !c.isGlobal("Math") || name != "max" && name != "min" {
		return nil, false
	}
	args, ok := c.parts(n.ArgumentList)
	if !ok {
		return nil, false
	}
	c.useGlobal("Math")
	return func(f *frame) (value, error) {
		items, err := evalParts(f, args)
		if err != nil {
			return vUndef, err
		}
		vals := make([]value, len(items))
		for i, x := range items {
			if vals[i], err = fromAny(x); err != nil {
				return vUndef, err
			}
		}
		if name == "max" {
			return maxOf(vals)
		}
		return minOf(vals)
	}, true
}
