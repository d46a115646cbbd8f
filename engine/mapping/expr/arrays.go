package expr

import (
	"math"
	"strings"
)

var arrMethods = map[string]arrMethod{
	"concat":      arrayConcat,
	"toString":    arrayToString,
	"lastIndexOf": arrayLastIndexOf,
	"join": func(a []any, args argList) (value, error) {
		sep := ","
		if s := args.at(0); s.k != kUndef {
			var err error
			if sep, err = toStr(s); err != nil {
				return vUndef, err
			}
		}
		var b strings.Builder
		for i, x := range a {
			if i > 0 {
				b.WriteString(sep)
			}
			v, err := fromAny(x)
			if err != nil {
				return vUndef, err
			}
			if v.nullish() {
				continue
			}
			s, err := toStr(v)
			if err != nil {
				return vUndef, err
			}
			b.WriteString(s)
		}
		return str(b.String()), nil
	},
	"slice": func(a []any, args argList) (value, error) {
		from, err := relIndex(args.at(0), len(a), 0)
		if err != nil {
			return vUndef, err
		}
		to, err := relIndex(args.at(1), len(a), len(a))
		out := []any{}
		if from < to {
			out = append(out, a[from:to]...)
		}
		return value{k: kArr, r: out}, err
	},
	"indexOf": func(a []any, args argList) (value, error) {
		from, err := relIndex(args.at(1), len(a), 0)
		if err != nil {
			return vUndef, err
		}
		for i := from; i < len(a); i++ {
			v, err := fromAny(a[i])
			if err != nil {
				return vUndef, err
			}
			if eq, err := strictEquals(v, args.at(0)); eq || err != nil {
				return num(float64(i)), err
			}
		}
		return num(-1), nil
	},
	"includes": func(a []any, args argList) (value, error) {
		from, err := relIndex(args.at(1), len(a), 0)
		if err != nil {
			return vUndef, err
		}
		x := args.at(0)
		for i := from; i < len(a); i++ {
			v, err := fromAny(a[i])
			if err != nil {
				return vUndef, err
			}
			if v.k == kNum && x.k == kNum && math.IsNaN(v.n) && math.IsNaN(x.n) {
				return vTrue, nil
			}
			if eq, err := strictEquals(v, x); eq || err != nil {
				return vTrue, err
			}
		}
		return vFalse, nil
	},
	"at": func(a []any, args argList) (value, error) {
		i, err := toInteger(args.at(0))
		if i < 0 {
			i += int64(len(a))
		}
		if i < 0 || i >= int64(len(a)) || err != nil {
			return vUndef, err
		}
		return fromAny(a[i])
	},
	"flat": func(a []any, args argList) (value, error) {
		depth := int64(1)
		if d := args.at(0); d.k != kUndef {
			var err error
			if depth, err = toInteger(d); err != nil {
				return vUndef, err
			}
		}
		return value{k: kArr, r: flatten([]any{}, a, depth)}, nil
	},
}

// flatten appends the items of a to out, those that are arrays spread
// into their items down to depth levels (Array.prototype.flat).
func flatten(out, a []any, depth int64) []any {
	for _, x := range a {
		if inner, ok := x.([]any); ok && depth > 0 {
			out = flatten(out, inner, depth-1)
			continue
		}
		out = append(out, x)
	}
	return out
}

// each calls cb for every item of the array arr with (item, index,
// array) and stops when visit says so.
func each(f *frame, arr value, cb *arrow, visit func(i int, item, res value) bool) error {
	a := arr.r.([]any)
	for i, x := range a {
		item, err := fromAny(x)
		if err != nil {
			return err
		}
		res, err := cb.call(f, item, num(float64(i)), arr)
		if err != nil {
			return err
		}
		if !visit(i, item, res) {
			return nil
		}
	}
	return nil
}

var cbMethods = map[string]cbMethod{
	"flatMap": func(f *frame, arr value, cb *arrow, rest argList) (value, error) {
		out := []any{}
		err := each(f, arr, cb, func(_ int, _, res value) bool {
			if inner, ok := res.r.([]any); ok && res.k == kArr {
				out = append(out, inner...)
			} else {
				out = append(out, res.toAny())
			}
			return true
		})
		return value{k: kArr, r: out}, err
	},
	"map": func(f *frame, arr value, cb *arrow, rest argList) (value, error) {
		out := make([]any, len(arr.r.([]any)))
		err := each(f, arr, cb, func(i int, _, res value) bool { out[i] = res.toAny(); return true })
		return value{k: kArr, r: out}, err
	},
	"filter": func(f *frame, arr value, cb *arrow, rest argList) (value, error) {
		out := []any{}
		err := each(f, arr, cb, func(i int, _, res value) bool {
			if res.truthy() {
				out = append(out, arr.r.([]any)[i])
			}
			return true
		})
		return value{k: kArr, r: out}, err
	},
	"some": func(f *frame, arr value, cb *arrow, rest argList) (value, error) {
		found := false
		err := each(f, arr, cb, func(_ int, _, res value) bool { found = res.truthy(); return !found })
		return boolean(found), err
	},
	"every": func(f *frame, arr value, cb *arrow, rest argList) (value, error) {
		all := true
		err := each(f, arr, cb, func(_ int, _, res value) bool { all = res.truthy(); return all })
		return boolean(all), err
	},
	"find": func(f *frame, arr value, cb *arrow, rest argList) (value, error) {
		found := vUndef
		err := each(f, arr, cb, func(_ int, item, res value) bool {
			if res.truthy() {
				found = item
				return false
			}
			return true
		})
		return found, err
	},
	"findIndex": func(f *frame, arr value, cb *arrow, rest argList) (value, error) {
		found := -1
		err := each(f, arr, cb, func(i int, _, res value) bool {
			if res.truthy() {
				found = i
				return false
			}
			return true
		})
		return num(float64(found)), err
	},
	"forEach": func(f *frame, arr value, cb *arrow, rest argList) (value, error) {
		return vUndef, each(f, arr, cb, func(int, value, value) bool { return true })
	},
	"reduce":        reduce,
	"reduceRight":   reduceRight,
	"findLast":      findLast(false),
	"findLastIndex": findLast(true),
}

// reduce is Array.prototype.reduce; without an initial value the first
// item starts the accumulation.
func reduce(f *frame, arr value, cb *arrow, rest argList) (value, error) {
	a := arr.r.([]any)
	if rest.n > 1 {
		return vUndef, errFallback
	}
	start := 0
	var acc value
	if rest.n == 1 {
		acc = rest.v[0]
	} else {
		if len(a) == 0 {
			return vUndef, errFallback // goja throws the TypeError
		}
		v, err := fromAny(a[0])
		if err != nil {
			return v, err
		}
		acc, start = v, 1
	}
	for i := start; i < len(a); i++ {
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
