package lib

import (
	"context"
	"math"

	"github.com/weftworks/weft/engine/script"
)

// items returns the array argument and the optional callback.
func items(name string, args []any) ([]any, script.Func, error) {
	a, ok := arg(args, 0).([]any)
	if !ok {
		if IsNullish(arg(args, 0)) {
			return nil, nil, nil
		}
		return nil, nil, argErr(name, "the first argument must be an array")
	}
	fn, ok := arg(args, 1).(script.Func)
	if !ok && !IsNullish(arg(args, 1)) {
		return nil, nil, argErr(name, "the second argument must be a function")
	}
	return a, fn, nil
}

// visit calls fn (or the identity) on every item, checking ctx.
func visit(ctx context.Context, a []any, fn script.Func, do func(v any)) error {
	for i, x := range a {
		if err := ctx.Err(); err != nil {
			return err
		}
		if fn != nil {
			var err error
			if x, err = fn(x, float64(i)); err != nil {
				return err
			}
		}
		do(x)
	}
	return nil
}

// sum adds the items (or fn(item)) as numbers, left to right.
func sum(ctx context.Context, args []any) (any, error) {
	a, fn, err := items("sum", args)
	if err != nil {
		return nil, err
	}
	total := 0.0
	err = visit(ctx, a, fn, func(v any) { total += ToNumber(v) })
	return total, err
}

// extreme returns the smallest (sign -1) or largest (sign 1) number among
// the items (or fn(item)), ignoring null and undefined; undefined when
// there is none.
func extreme(sign float64) script.HostFunc {
	return func(ctx context.Context, args []any) (any, error) {
		a, fn, err := items("min/max", args)
		if err != nil {
			return nil, err
		}
		var best any = Undefined
		err = visit(ctx, a, fn, func(v any) {
			if IsNullish(v) {
				return
			}
			n := ToNumber(v)
			if b, ok := best.(float64); !ok || math.IsNaN(n) || !math.IsNaN(b) && (n-b)*sign > 0 {
				best = n
			}
		})
		return best, err
	}
}

// count counts the items, or those for which fn is truthy.
func count(ctx context.Context, args []any) (any, error) {
	a, fn, err := items("count", args)
	if err != nil {
		return nil, err
	}
	if fn == nil {
		return float64(len(a)), nil
	}
	n := 0.0
	err = visit(ctx, a, fn, func(v any) {
		if Truthy(v) {
			n++
		}
	})
	return n, err
}

// Truthy is JavaScript's ToBoolean.
func Truthy(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case bool:
		return t
	case float64:
		return t != 0 && !math.IsNaN(t)
	case string:
		return t != ""
	}
	return v != Undefined
}
