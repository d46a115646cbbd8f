package expr

import (
	"github.com/dop251/goja/ast"

	"github.com/weftworks/weft/engine/jsast"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/wtf8"
)

// deleteStmt compiles delete o.k and delete o[k] on a fresh binding o
// that holds an object. Arrays (holes) and __proto__ go to goja; so does
// every delete of a script with a for-in loop, which would have to skip
// the keys deleted while it runs.
func (c *scriptCompiler) deleteStmt(target ast.Expression) (func(*frame) error, bool) {
	if c.forInLoop {
		return nil, false
	}
	slot, key, ok := c.freshMember(target)
	if !ok {
		return nil, false
	}
	return func(f *frame) error {
		k, err := key(f)
		if err != nil {
			return err
		}
		o := f.slots[slot]
		m, isObj := o.r.(*jsoncodec.Object)
		if o.k != kObj || !isObj {
			return errFallback
		}
		name, err := propertyKey(k)
		if err != nil || name == "__proto__" {
			return errFallback
		}
		m.Delete(name)
		return nil
	}, true
}

// assignStmt compiles Object.assign(o, ...sources) as a statement on a
// fresh binding o that holds an object.
func (c *scriptCompiler) assignStmt(args []ast.Expression) (func(*frame) error, bool) {
	if len(args) == 0 {
		return nil, false
	}
	slot, ok := c.freshSlot(args[0])
	if !ok {
		return nil, false
	}
	sources := make([]evalFn, len(args)-1)
	for i, a := range args[1:] {
		if _, spread := a.(*ast.SpreadElement); spread {
			return nil, false
		}
		if sources[i], ok = c.site(a); !ok {
			return nil, false
		}
	}
	c.useGlobal("Object")
	return func(f *frame) error {
		o := f.slots[slot]
		m, isObj := o.r.(*jsoncodec.Object)
		if o.k != kObj || !isObj {
			return errFallback
		}
		for _, src := range sources {
			v, err := src(f)
			if err != nil {
				return err
			}
			if v.k == kStr && !wtf8.IsASCII(v.s) || m.Len() >= maxNativeItems {
				return errFallback
			}
			if err := assignInto(f, m, v); err != nil {
				return err
			}
		}
		return nil
	}, true
}

// freshSlot resolves a name bound to a fresh binding that may be mutated.
func (c *scriptCompiler) freshSlot(e ast.Expression) (int, bool) {
	id, ok := e.(*ast.Identifier)
	if !ok {
		return 0, false
	}
	slot, ok := c.param(id.Name.String())
	return slot, ok && c.mutable(slot)
}

// mutable reports whether the fresh binding in slot may be mutated here:
// a helper mutates only what its own locals made (script_inline.go).
func (c *scriptCompiler) mutable(slot int) bool { return c.fresh[slot] && slot >= c.ownFrom }

// hasForIn reports whether a script has a for-in loop.
func hasForIn(body *ast.BlockStatement) bool {
	found := false
	jsast.EachNode(body, func(n ast.Node) {
		_, isForIn := n.(*ast.ForInStatement)
		found = found || isForIn
	})
	return found
}
