package expr

import (
	"math"
	"slices"
	"strconv"

	"github.com/dop251/goja/ast"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/wtf8"
)

// Objects in the native evaluator are the Go forms of JSON objects: an
// ordered *jsoncodec.Object (records, and every object an expression
// builds) or a map[string]any from elsewhere in the engine. Every read of
// an object's members and every object the evaluator builds goes through
// the helpers of this file, so that both forms behave alike and keep
// JavaScript's key order (integer keys ascending, then the other keys in
// insertion order; a map's keys sorted, as goja's view of a map
// enumerates them).

// objectGet returns member k of the object r.
func objectGet(r any, k string) (any, bool) { return jsoncodec.Lookup(r, k) }

// objectGetHint is objectGet trying first where h found k last time.
func objectGetHint(r any, k string, h *jsoncodec.Hint) (any, bool) {
	return jsoncodec.LookupHint(r, k, h)
}

// objectKeys returns the keys of the object r in the order JavaScript
// enumerates them.
func objectKeys(r any) []string {
	switch t := r.(type) {
	case *jsoncodec.Object:
		return t.Keys()
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return keys
	}
	return nil
}

// isObject reports whether x is the Go form of an object.
func isObject(x any) bool {
	switch x.(type) {
	case *jsoncodec.Object, map[string]any:
		return true
	}
	return false
}

// newObject makes an object the expression builds.
func newObject(size int) *jsoncodec.Object { return jsoncodec.NewObject(size) }

// setProp sets an own property of an object the expression built.
func setProp(m *jsoncodec.Object, key string, x any) { m.Set(key, x) }

// indexKey parses a canonical array index ("0" to "4294967294").
func indexKey(k string) (int64, bool) {
	if k == "" || len(k) > 10 || k[0] == '0' && len(k) > 1 {
		return 0, false
	}
	i, err := strconv.ParseInt(k, 10, 64)
	return i, err == nil && i >= 0 && i < 1<<32-1 && k[0] != '+'
}

// ownKeys returns the own enumerable string keys of any value, as
// Object.keys sees them: an array's indices, an object's keys, nothing
// for numbers and booleans. Strings with non-ASCII characters, and null
// or undefined (a TypeError), are left to goja.
func ownKeys(f *frame, v value) ([]string, error) {
	switch v.k {
	case kObj:
		return objectKeys(v.r), nil
	case kArr:
		return indexKeys(len(v.r.([]any))), nil
	case kStr:
		if !wtf8.IsASCII(v.s) {
			return nil, errFallback
		}
		return indexKeys(len(v.s)), nil
	case kNum, kBool, kDate:
		return nil, nil
	}
	return nil, errFallback
}

func indexKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = strconv.Itoa(i)
	}
	return keys
}

// ownValue reads the own property key that ownKeys listed.
func ownValue(v value, key string) any {
	switch v.k {
	case kObj:
		x, _ := objectGet(v.r, key)
		return x
	case kArr:
		i, _ := strconv.Atoi(key)
		return v.r.([]any)[i]
	case kStr:
		i, _ := strconv.Atoi(key)
		return v.s[i : i+1]
	}
	return nil
}

func objectKeysFn(f *frame, args argList) (value, error) {
	keys, err := ownKeys(f, args.at(0))
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = k
	}
	return value{k: kArr, r: out}, err
}

func objectValues(f *frame, args argList) (value, error) {
	v := args.at(0)
	keys, err := ownKeys(f, v)
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = ownValue(v, k)
	}
	return value{k: kArr, r: out}, err
}

func objectEntries(f *frame, args argList) (value, error) {
	v := args.at(0)
	keys, err := ownKeys(f, v)
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = []any{k, ownValue(v, k)}
	}
	return value{k: kArr, r: out}, err
}

// assignInto copies the own enumerable properties of src into the built
// object target (Object.assign); null and undefined are skipped.
func assignInto(f *frame, target *jsoncodec.Object, src value) error {
	if src.nullish() {
		return nil
	}
	keys, err := ownKeys(f, src)
	if err != nil {
		return err
	}
	for _, k := range keys {
		setProp(target, k, ownValue(src, k))
	}
	return nil
}

// objectFromEntries is Object.fromEntries over an array of [key, value]
// arrays; other entries and iterables (TypeErrors, strings) are left to
// goja.
func objectFromEntries(f *frame, args argList) (value, error) {
	v := args.at(0)
	if v.k != kArr {
		return vUndef, errFallback
	}
	list := v.r.([]any)
	out := newObject(len(list))
	for _, e := range list {
		pair, ok := e.([]any)
		if !ok {
			return vUndef, errFallback
		}
		var k, x any = Undefined, Undefined
		if len(pair) > 0 {
			k = pair[0]
		}
		if len(pair) > 1 {
			x = pair[1]
		}
		kv, err := fromAny(k)
		if err != nil {
			return vUndef, err
		}
		key, err := propertyKey(kv)
		if err != nil || key == "__proto__" {
			return vUndef, errOr(err, errFallback)
		}
		setProp(out, key, x)
	}
	return value{k: kObj, r: out}, nil
}

// objectIs is Object.is (SameValue).
func objectIs(_ *frame, args argList) (value, error) {
	a, b := args.at(0), args.at(1)
	if a.k == kNum && b.k == kNum {
		same := a.n == b.n && math.Signbit(a.n) == math.Signbit(b.n) || math.IsNaN(a.n) && math.IsNaN(b.n)
		return boolean(same), nil
	}
	eq, err := strictEquals(a, b)
	return boolean(eq), err
}

// hasOwn is Object.hasOwn(v, key) and v.hasOwnProperty(key); null and
// undefined (TypeErrors), objects as keys and non-ASCII strings are left
// to goja.
func hasOwn(_ *frame, args argList) (value, error) {
	v := args.at(0)
	key, err := propertyKey(args.at(1))
	if err != nil {
		return vUndef, err
	}
	switch v.k {
	case kObj:
		_, ok := objectGet(v.r, key)
		return boolean(ok), nil
	case kArr:
		i, isIndex := arrayIndex(key)
		return boolean(key == "length" || isIndex && i < len(v.r.([]any))), nil
	case kStr:
		if !wtf8.IsASCII(v.s) {
			return vUndef, errFallback
		}
		i, isIndex := arrayIndex(key)
		return boolean(key == "length" || isIndex && i < len(v.s)), nil
	case kNum, kBool, kDate:
		return vFalse, nil
	}
	return vUndef, errFallback
}

// hasOwnPropertyCall compiles Object.prototype.hasOwnProperty.call(v, k).
func (c *compiler) hasOwnPropertyCall(callee *ast.DotExpression, n *ast.CallExpression) (evalFn, bool) {
	proto, ok := callee.Left.(*ast.DotExpression)
	if !ok || callee.Identifier.Name != "call" || proto.Identifier.Name != "hasOwnProperty" {
		return nil, false
	}
	obj, ok := proto.Left.(*ast.DotExpression)
	if !ok || obj.Identifier.Name != "prototype" {
		return nil, false
	}
	id, ok := obj.Left.(*ast.Identifier)
	if !ok || id.Name != "Object" || !c.isGlobal("Object") {
		return nil, false
	}
	args, ok := c.exprs(n.ArgumentList)
	if !ok || len(args) > maxArgs {
		return nil, false
	}
	c.useGlobal("Object")
	return func(f *frame) (value, error) {
		vals, err := evalArgs(f, args)
		if err != nil {
			return vUndef, err
		}
		return hasOwn(f, vals)
	}, true
}
