package jsast

import (
	"reflect"

	"github.com/dop251/goja/ast"
)

var nodeType = reflect.TypeFor[ast.Node]()

// IsNil reports whether n is nil or a typed nil pointer.
func IsNil(n ast.Node) bool { return n == nil || reflect.ValueOf(n).IsNil() }

// EachChild calls fn for every node-valued field of n (in slices too).
func EachChild(n ast.Node, fn func(ast.Node)) {
	v := reflect.ValueOf(n)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return
	}
	for i := 0; i < v.NumField(); i++ {
		childValue(v.Field(i), fn)
	}
}

func childValue(f reflect.Value, fn func(ast.Node)) {
	switch f.Kind() {
	case reflect.Interface, reflect.Pointer:
		if f.IsNil() {
			return
		}
		if node, ok := f.Interface().(ast.Node); ok {
			fn(node)
		}
	case reflect.Slice:
		for j := 0; j < f.Len(); j++ {
			childValue(f.Index(j), fn)
		}
	case reflect.Struct:
		if f.CanAddr() && f.Addr().Type().Implements(nodeType) {
			fn(f.Addr().Interface().(ast.Node))
		}
	}
}

// EachNode calls fn for n and every node below it, parents first.
func EachNode(n ast.Node, fn func(ast.Node)) {
	if IsNil(n) {
		return
	}
	fn(n)
	EachChild(n, func(c ast.Node) { EachNode(c, fn) })
}

// EachName calls f for n and every node below it, with the name of
// identifiers ("" for other nodes). The names of properties (a.b) are
// not identifiers and are skipped.
func EachName(n ast.Node, f func(ast.Node, string)) {
	props := map[*ast.Identifier]bool{}
	EachNode(n, func(m ast.Node) {
		switch m := m.(type) {
		case *ast.DotExpression:
			props[&m.Identifier] = true
		case *ast.Identifier:
			if !props[m] {
				f(m, string(m.Name))
			}
			return
		}
		f(m, "")
	})
}

// Bindings calls add with every identifier a declaration under n binds,
// at any depth: binding targets (variables, parameters, whole patterns
// with their defaults), catch and loop bindings, rest parameters, and
// the names of functions and classes.
func Bindings(n ast.Node, add func(*ast.Identifier)) {
	names := func(m ast.Node) {
		if IsNil(m) {
			return
		}
		EachName(m, func(x ast.Node, _ string) {
			if id, ok := x.(*ast.Identifier); ok {
				add(id)
			}
		})
	}
	EachNode(n, func(m ast.Node) {
		switch m := m.(type) {
		case *ast.Binding:
			names(m.Target)
		case *ast.CatchStatement:
			names(m.Parameter)
		case *ast.ForDeclaration:
			names(m.Target)
		case *ast.ParameterList:
			names(m.Rest)
		case *ast.FunctionLiteral:
			names(m.Name)
		case *ast.ClassLiteral:
			names(m.Name)
		}
	})
}
