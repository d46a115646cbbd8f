package script

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/unistring"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// Returned object literals. Most snippets end in `return {k: v, …}`, and
// exporting that object cost goja an object, a property map and, to list
// its keys again, a few allocations per key. The compiler therefore turns
// each simple object literal the snippet's own body returns into a call
// of a hidden parameter, `return <param>(site, v, …)`: the values are
// evaluated in the same order, and the exporter reads them with the keys
// known at compile time, never building the object. The object could not
// be observed before it is returned, and the exporter would not hand it
// to JavaScript (exporter.literal), so nothing else changes.

// literalSkip finds what could observe a hidden parameter or name a
// parameter unseen: the arguments object, (direct) eval, and \u escapes,
// which may spell any identifier.
var literalSkip = regexp.MustCompile(`\b(arguments|eval)\b|\\u`)

// rewrites are what the compiler rewrote in a Program: returned object
// literals (here), for…of loops (forof.go) and function declarations
// (hoist.go). Each kind adds hidden parameters after the snippet's own.
type rewrites struct {
	param   string     // the literals' hidden parameter; "" when none was rewritten
	keys    [][]string // the keys of each rewritten literal, by site
	forOf   forOfNames // fast is "" when no loop was rewritten
	nparams int        // the snippet's own parameters, before the hidden ones
	// unused marks the parameters the snippet never names (by index): their
	// arguments are checked but not converted, since nothing could read them.
	unused []bool
	// hoisted are the function declarations moved out of the wrapper, nil
	// when none was.
	hoisted *hoisted
	// lazy are the members of the first parameter whose arrays may be
	// lazy (lazyarray.go).
	lazy map[string]bool
	// reuse says which views calls may reuse (reuse.go); plans, what
	// lazy and reuse say of each member of the first parameter, in one.
	reuse reusePlan
	plans map[string]keyPlan
}

// rewrite rewrites fn's body, the wrapper of src (the snippet) in
// wrapped. Nothing is rewritten when the snippet could see a hidden
// parameter: through arguments, eval, a \u escape spelling its name, or a
// with statement shadowing it.
func rewrite(tree *ast.Program, fn *ast.FunctionLiteral, src, wrapped string, params []string) *rewrites {
	rw := &rewrites{nparams: len(params)}
	defer func() { rw.plans = rw.reuse.keyPlans(rw.lazy) }() // whichever way rewrite returns
	if literalSkip.MatchString(src) {
		return rw
	}
	words := identWord.FindAllString(src, -1)
	for _, p := range params {
		rw.unused = append(rw.unused, !slices.Contains(words, p))
	}
	if len(params) > 0 {
		rw.lazy = lazyArrayKeys(fn, src, params[0])
	}
	var sites []*ast.ReturnStatement
	if !collectReturns(fn.Body.List, &sites) {
		return rw
	}
	rewriteReturns(fn, src, sites, rw)
	names := forOfNames{fast: hiddenName(src, "__weftFast"), it: hiddenName(src, "__weftIt"), k: hiddenName(src, "__weftK")}
	if rewriteForOfs(fn.Body.List, wrapped, names) {
		rw.forOf = names
		addParam(fn, names.fast)
	}
	rw.hoisted = hoistFunctions(tree, fn, src)
	if len(params) > 0 && !rw.unused[0] {
		if plan := planReuse(fn, src, params[0], rw.lazy, rw.forOf, rw.hoisted); plan != nil {
			rw.reuse = *plan
		}
	}
	return rw
}

// addParam appends a parameter to fn.
func addParam(fn *ast.FunctionLiteral, name string) {
	params := fn.ParameterList
	params.List = append(params.List, &ast.Binding{Target: &ast.Identifier{Name: unistring.String(name), Idx: params.Closing}})
}

// rewriteReturns rewrites the object literals of sites, the returns of
// fn's own body (see above); src is the snippet.
func rewriteReturns(fn *ast.FunctionLiteral, src string, sites []*ast.ReturnStatement, rw *rewrites) {
	param := hiddenName(src, "__weftResult")
	for _, ret := range sites {
		lit := ret.Argument.(*ast.ObjectLiteral)
		keys, vals, ok := literalMembers(lit)
		if !ok {
			continue
		}
		site := &ast.NumberLiteral{Idx: lit.LeftBrace, Literal: strconv.Itoa(len(rw.keys)), Value: int64(len(rw.keys))}
		ret.Argument = &ast.CallExpression{
			Callee:           &ast.Identifier{Name: unistring.String(param), Idx: lit.LeftBrace},
			LeftParenthesis:  lit.LeftBrace,
			ArgumentList:     append([]ast.Expression{site}, vals...),
			RightParenthesis: lit.RightBrace,
		}
		rw.keys = append(rw.keys, keys)
	}
	if len(rw.keys) > 0 {
		rw.param = param
		addParam(fn, param)
	}
}

// hiddenName returns a name starting with base that src does not contain.
func hiddenName(src, base string) string {
	name := base
	for i := 0; strings.Contains(src, name); i++ {
		name = base + strconv.Itoa(i)
	}
	return name
}

// collectReturns appends the return statements of list (outside nested
// functions) whose argument is an object literal. It reports false when
// list holds a with statement.
func collectReturns(list []ast.Statement, sites *[]*ast.ReturnStatement) bool {
	for _, st := range list {
		if !collectReturn(st, sites) {
			return false
		}
	}
	return true
}

func collectReturn(st ast.Statement, sites *[]*ast.ReturnStatement) bool {
	switch s := st.(type) {
	case *ast.ReturnStatement:
		if _, ok := s.Argument.(*ast.ObjectLiteral); ok {
			*sites = append(*sites, s)
		}
		return true
	case *ast.WithStatement:
		return false
	}
	for _, child := range childStatements(st) {
		if !collectReturn(*child, sites) {
			return false
		}
	}
	return true
}

// literalMembers returns the keys and value expressions of lit when it is
// simple: plain `key: value` and shorthand members with distinct ASCII
// keys that are not array indices, __proto__ nor toJSON, and no value a function
// (which the literal would name after its key).
func literalMembers(lit *ast.ObjectLiteral) (keys []string, vals []ast.Expression, ok bool) {
	seen := make(map[string]bool, len(lit.Value))
	for _, p := range lit.Value {
		var key unistring.String
		var val ast.Expression
		switch m := p.(type) {
		case *ast.PropertyKeyed:
			k, isStr := m.Key.(*ast.StringLiteral)
			if m.Kind != ast.PropertyKindValue || m.Computed || !isStr {
				return nil, nil, false
			}
			key, val = k.Value, m.Value
		case *ast.PropertyShort:
			if m.Initializer != nil {
				return nil, nil, false
			}
			key, val = m.Name.Name, &ast.Identifier{Name: m.Name.Name, Idx: m.Name.Idx}
		default:
			return nil, nil, false
		}
		k := key.String()
		if key.AsUtf16() != nil || k == "__proto__" || k == "toJSON" || seen[k] || isArrayIndex(k) || namesFunction(val) {
			return nil, nil, false
		}
		seen[k] = true
		keys, vals = append(keys, k), append(vals, val)
	}
	return keys, vals, true
}

// isArrayIndex reports whether k is a canonical array index, which
// JavaScript orders before the other keys.
func isArrayIndex(k string) bool {
	n, err := strconv.ParseUint(k, 10, 32)
	return err == nil && n < 1<<32-1 && strconv.FormatUint(n, 10) == k
}

// namesFunction reports whether val is an anonymous function or class,
// which an object literal names after its key.
func namesFunction(val ast.Expression) bool {
	switch val.(type) {
	case *ast.FunctionLiteral, *ast.ArrowFunctionLiteral, *ast.ClassLiteral:
		return true
	}
	return false
}

// literalResult is a returned object literal as the hidden parameter
// received it: the keys of its site and its values.
type literalResult struct {
	keys []string
	vals []goja.Value
}

// primitive reports whether no value of r is an object, so that
// exporting r runs no JavaScript (no getter, toJSON or proxy trap).
func (r *literalResult) primitive() bool {
	for _, val := range r.vals {
		if _, ok := val.(*goja.Object); ok {
			return false
		}
	}
	return true
}

// installResultFn makes the literals' hidden parameter and its sentinel
// when the Program rewrote a literal.
func (v *vm) installResultFn() {
	if v.lits.param == "" {
		return
	}
	v.sentinel = v.rt.NewObject()
	v.hidden = append(v.hidden, v.rt.ToValue(func(call goja.FunctionCall) goja.Value {
		v.result.keys = v.lits.keys[call.Arguments[0].ToInteger()]
		v.result.vals = append(v.result.vals[:0], call.Arguments[1:]...)
		return v.sentinel
	}))
}

// argument converts the argument of parameter i; one the snippet never
// names is only checked, as toJS would, and passed as undefined.
func (v *vm) argument(i int, x any) (goja.Value, error) {
	if i < len(v.lits.unused) && v.lits.unused[i] {
		return goja.Undefined(), checkArg(x, 0)
	}
	// The record's own view has the lazy and reused members (never an
	// element's, when the record is an array).
	obj, ok := x.(*jsoncodec.Object)
	if i != 0 || !ok || len(v.lits.lazy) == 0 && !v.lits.reuse.root || hasSurrogateKey(obj) {
		return v.toJS(x)
	}
	if err := checkArg(x, 0); err != nil {
		return nil, err
	}
	r := recordView{vm: v, obj: obj}
	if v.lits.reuse.root {
		pv := v.reusedView(r)
		v.root = pv.r
		return pv.obj, nil
	}
	val := v.view(r)
	v.root = v.views[len(v.views)-1]
	return val, nil
}

// addHidden inserts the hidden parameters into a call's arguments, after
// the snippet's own parameters (undefined for those not given).
func (v *vm) addHidden(args []goja.Value) []goja.Value {
	if len(v.hidden) == 0 {
		return args
	}
	for len(args) < v.lits.nparams {
		args = append(args, goja.Undefined())
	}
	return slices.Insert(args, v.lits.nparams, v.hidden...)
}

// literal exports a returned object literal as fields would export the
// object. The object would have no toJSON: the literal has no such key
// (literalMembers), and Object.prototype has none and cannot get one
// (it is not extensible, see hardenedPrototypes).
func (e *exporter) literal(r *literalResult) (any, error) {
	out := e.reuse
	if out == nil {
		out = jsoncodec.NewObject(len(r.keys))
	} else {
		out.Reset()
	}
	if err := e.charge(2); err != nil {
		return nil, err
	}
	for i, k := range r.keys {
		if err := e.member(out, k, r.vals[i], 0); err != nil {
			return nil, err
		}
	}
	return out, nil
}
