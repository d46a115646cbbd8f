package expr

import (
	"math"
	"strconv"

	"github.com/dop251/goja/ast"
)

// arrayConcat is Array.prototype.concat: array arguments spread one
// level, anything else is appended.
func arrayConcat(a []any, args argList) (value, error) {
	out := append([]any{}, a...)
	for _, v := range args.v[:args.n] {
		if v.k == kArr {
			out = append(out, v.r.([]any)...)
		} else {
			out = append(out, v.toAny())
		}
	}
	return value{k: kArr, r: out}, nil
}

// arrayToString is Array.prototype.toString (join with ",").
func arrayToString(a []any, _ argList) (value, error) {
	s, err := objectString(a, 0)
	return str(s), err
}

// arrayLastIndexOf is Array.prototype.lastIndexOf with ===.
func arrayLastIndexOf(a []any, args argList) (value, error) {
	from := len(a) - 1
	if args.n > 1 {
		i, err := toInteger(args.v[1])
		if err != nil {
			return vUndef, err
		}
		if i < 0 {
			i += int64(len(a))
		}
		from = int(min(i, int64(len(a)-1)))
	}
	for i := from; i >= 0; i-- {
		v, err := fromAny(a[i])
		if err != nil {
			return vUndef, err
		}
		if eq, err := strictEquals(v, args.at(0)); eq || err != nil {
			return num(float64(i)), err
		}
	}
	return num(-1), nil
}

// findLast is Array.prototype.findLast (index false) and findLastIndex.
func findLast(index bool) cbMethod {
	return func(f *frame, arr value, cb *arrow, _ argList) (value, error) {
		a := arr.r.([]any)
		for i := len(a) - 1; i >= 0; i-- {
			item, err := fromAny(a[i])
			if err != nil {
				return vUndef, err
			}
			res, err := cb.call(f, item, num(float64(i)), arr)
			if err != nil {
				return vUndef, err
			}
			if res.truthy() && index {
				return num(float64(i)), nil
			}
			if res.truthy() {
				return item, nil
			}
		}
		if index {
			return num(-1), nil
		}
		return vUndef, nil
	}
}

// reduceRight is Array.prototype.reduceRight with an initial value;
// without one an empty array is a TypeError, left to goja.
func reduceRight(f *frame, arr value, cb *arrow, rest argList) (value, error) {
	a := arr.r.([]any)
	if rest.n != 1 {
		return vUndef, errFallback
	}
	acc := rest.v[0]
	for i := len(a) - 1; i >= 0; i-- {
		item, err := fromAny(a[i])
		if err != nil {
			return vUndef, err
		}
		if acc, err = cb.call(f, acc, item, num(float64(i)), arr); err != nil {
			return vUndef, err
		}
	}
	return acc, nil
}

// arrayOf is Array.of.
func arrayOf(_ *frame, args argList) (value, error) {
	out := make([]any, args.n)
	for i, v := range args.v[:args.n] {
		out[i] = v.toAny()
	}
	return value{k: kArr, r: out}, nil
}

// maxFrom bounds the arrays Array.from builds from an array-like object.
const maxFrom = 1 << 16

// arrayFrom compiles Array.from(x) and Array.from(x, (item, i) => ...)
// for arrays, strings and array-like objects ({length: n}).
func (c *compiler) arrayFrom(n *ast.CallExpression) (evalFn, bool) {
	if len(n.ArgumentList) == 0 || len(n.ArgumentList) > 2 {
		return nil, false
	}
	src, ok := c.expr(n.ArgumentList[0])
	if !ok {
		return nil, false
	}
	var mapFn *arrow
	if len(n.ArgumentList) == 2 {
		if mapFn, ok = c.arrowArg(n.ArgumentList[1], 2); !ok {
			return nil, false
		}
	}
	c.useGlobal("Array")
	return func(f *frame) (value, error) {
		v, err := src(f)
		if err != nil {
			return v, err
		}
		items, err := arrayLike(v)
		if err != nil || mapFn == nil {
			return value{k: kArr, r: items}, err
		}
		for i, x := range items {
			item, err := fromAny(x)
			if err != nil {
				return vUndef, err
			}
			res, err := mapFn.call(f, item, num(float64(i)))
			if err != nil {
				return vUndef, err
			}
			items[i] = res.toAny()
		}
		return value{k: kArr, r: items}, nil
	}, true
}

// arrayLike returns the items Array.from takes from v, in a new slice.
func arrayLike(v value) ([]any, error) {
	switch v.k {
	case kArr, kStr:
		return spreadInto([]any{}, v)
	case kObj:
		length, _ := objectGet(v.r, "length")
		l, err := fromAny(length)
		if err != nil {
			return nil, err
		}
		x, err := toNum(l)
		if err != nil || math.IsNaN(x) || x <= 0 {
			return []any{}, err
		}
		if x > maxFrom {
			return nil, errFallback
		}
		out := make([]any, int(x))
		for i := range out {
			if item, ok := objectGet(v.r, strconv.Itoa(i)); ok {
				out[i] = item
			} else {
				out[i] = Undefined
			}
		}
		return out, nil
	case kNum, kBool, kDate:
		return []any{}, nil
	}
	return nil, errFallback // null and undefined: a TypeError
}
